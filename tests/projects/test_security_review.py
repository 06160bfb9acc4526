"""Security and privacy review of the projects app (issue 18): each test here failed
before the fix that came with it."""

import pytest
from django.core import mail

from members.factories import MemberFactory
from members.services.own_record import OWN_RECORD
from projects.models import (
    CheckIn,
    Decision,
    DecisionComment,
    Post,
    ReflectionInvitation,
    StageChange,
    TeamMember,
    TeamRole,
)
from projects.services.agreement import agreement_propose
from projects.services.conversation import ConversationError, post_hide, post_show
from projects.services.decisions import (
    DecisionError,
    decision_comment_hide,
    decision_propose,
    decision_record,
)
from projects.services.projects import ProjectError, team_lead_set, team_member_add
from projects.services.reflections import project_stage_change
from projects.services.reports import gripp_draft

pytestmark = pytest.mark.django_db


# --- The GRIPP2 report's check-in totals ---------------------------------------------


def test_report_check_ins_are_not_shown_for_a_team_smaller_than_the_threshold(world, settings):
    """A team of four (threshold five) answering at two stage changes gives eight
    answers: counting answers, not people, showed the figures of a team too small to
    hide anyone's answer."""
    settings.EQUALITY_SUPPRESSION_THRESHOLD = 5
    team = [world.researcher, world.staff, world.ana, world.ben]
    for to_stage in ["delivery", "analysis"]:
        change = StageChange.objects.create(project=world.project, to_stage=to_stage)
        for person in team:
            invitation = ReflectionInvitation.objects.create(stage_change=change, person=person)
            CheckIn.objects.create(invitation=invitation, speak_up=5, listened_to=4, understood=3)
    reflections = gripp_draft(project=world.project)["reflections"]
    assert "Check-ins" not in reflections
    assert "8 agreed" not in reflections


def test_report_check_ins_need_enough_people_not_only_enough_answers(world, settings):
    """Five on the team, but only three of them answered (at two stage changes: six
    answers): no figures."""
    settings.EQUALITY_SUPPRESSION_THRESHOLD = 5
    extra = MemberFactory()
    TeamMember.objects.create(project=world.project, person=extra, role=TeamRole.MEMBER)
    for to_stage in ["delivery", "analysis"]:
        change = StageChange.objects.create(project=world.project, to_stage=to_stage)
        for person in [world.ana, world.ben, extra]:
            invitation = ReflectionInvitation.objects.create(stage_change=change, person=person)
            CheckIn.objects.create(invitation=invitation, speak_up=5, listened_to=4, understood=3)
    assert "Check-ins" not in gripp_draft(project=world.project)["reflections"]


# --- No email to deactivated accounts -----------------------------------------------


@pytest.fixture
def ben_deactivated(world):
    world.ben.is_active = False
    world.ben.save(update_fields=["is_active"])
    return world


def test_a_deactivated_team_member_is_not_emailed_about_a_proposal(
    ben_deactivated, django_capture_on_commit_callbacks
):
    world = ben_deactivated
    with django_capture_on_commit_callbacks(execute=True):
        decision_propose(
            project=world.project, person=world.ana, title="Where?", background="", options=[]
        )
    assert mail.outbox
    assert world.ben.email not in {m.to[0] for m in mail.outbox}


def test_a_deactivated_team_member_is_not_emailed_about_a_decision(
    ben_deactivated, django_capture_on_commit_callbacks
):
    world = ben_deactivated
    decision = Decision.objects.create(project=world.project, title="Where?")
    with django_capture_on_commit_callbacks(execute=True):
        decision_record(
            decision=decision,
            by=world.researcher,
            status=Decision.Status.NOT_TAKEN_FORWARD,
            reasons="Out of scope.",
        )
    assert mail.outbox
    assert world.ben.email not in {m.to[0] for m in mail.outbox}


def test_a_deactivated_team_member_is_not_emailed_about_an_agreement_change(
    ben_deactivated, django_capture_on_commit_callbacks
):
    world = ben_deactivated
    with django_capture_on_commit_callbacks(execute=True):
        agreement_propose(
            project=world.project, person=world.ana, rules=["Be kind"], change_note="Shorter"
        )
    assert mail.outbox
    assert world.ben.email not in {m.to[0] for m in mail.outbox}


def test_a_deactivated_team_member_is_not_invited_to_reflect(
    ben_deactivated, django_capture_on_commit_callbacks
):
    world = ben_deactivated
    with django_capture_on_commit_callbacks(execute=True):
        project_stage_change(project=world.project, stage="analysis", by=world.researcher)
    assert mail.outbox
    assert world.ben.email not in {m.to[0] for m in mail.outbox}


# --- Nobody acts on their own record -------------------------------------------------


def test_staff_do_not_make_themselves_a_co_production_lead(world):
    """A lead reads the reflections shared with the leads: staff naming themselves
    would read what was shared on the understanding that staff do not."""
    row = TeamMember.objects.get(project=world.project, person=world.staff)
    with pytest.raises(ProjectError, match="your own record"):
        team_lead_set(row=row, is_lead=True, by=world.staff)
    row.refresh_from_db()
    assert not row.is_lead


def test_staff_do_not_put_themselves_on_a_team_as_lead_or_member(world):
    for role, is_lead in [(TeamRole.STAFF, True), (TeamRole.MEMBER, False)]:
        with pytest.raises(ProjectError, match="your own record"):
            team_member_add(
                project=world.project,
                person=world.other_staff,
                role=role,
                is_lead=is_lead,
                by=world.other_staff,
            )
    assert not TeamMember.objects.filter(person=world.other_staff).exists()


def test_staff_may_join_a_team_as_staff(world):
    row = team_member_add(
        project=world.project, person=world.other_staff, role=TeamRole.STAFF, by=world.other_staff
    )
    assert row.role == TeamRole.STAFF and not row.is_lead


def test_the_admin_screen_refuses_making_oneself_lead(client, world, admin_login):
    admin_login(world.staff)
    row = TeamMember.objects.get(project=world.project, person=world.staff)
    response = client.post(
        f"/admin/projects/{world.project.pk}/team/{row.pk}/lead/", {"is_lead": "1"}, follow=True
    )
    assert response.status_code == 200
    assert str(OWN_RECORD) in response.content.decode()
    row.refresh_from_db()
    assert not row.is_lead


def test_staff_do_not_hide_or_show_their_own_post(world):
    post = Post.objects.create(project=world.project, author=world.staff, body="Mine")
    with pytest.raises(ConversationError, match="your own record"):
        post_hide(post=post, by=world.staff, reason="Oops")
    Post.objects.filter(pk=post.pk).update(hidden_reason="Rude")
    post.refresh_from_db()
    post_hide(post=post, by=world.other_staff, reason="Rude")
    post.refresh_from_db()
    with pytest.raises(ConversationError, match="your own record"):
        post_show(post=post, by=world.staff)
    post.refresh_from_db()
    assert post.hidden_at is not None


def test_the_hide_page_refuses_staff_showing_their_own_post(client, world, admin_login):
    post = Post.objects.create(project=world.project, author=world.staff, body="Mine")
    post_hide(post=post, by=world.other_staff, reason="Rude")
    admin_login(world.staff)
    response = client.post(
        f"/projects/{world.project.pk}/posts/{post.pk}/hide/", {"show": "1", "reason": ""}
    )
    assert response.status_code == 200
    assert str(OWN_RECORD) in response.content.decode()
    post.refresh_from_db()
    assert post.hidden_at is not None


def test_staff_do_not_hide_their_own_decision_comment(world):
    decision = Decision.objects.create(project=world.project, title="Where?")
    comment = DecisionComment.objects.create(decision=decision, author=world.staff, body="Mine")
    with pytest.raises(DecisionError, match="your own record"):
        decision_comment_hide(comment=comment, by=world.staff)
    comment.refresh_from_db()
    assert comment.hidden_at is None


# --- Data download and erasure -------------------------------------------------------


def test_the_data_download_says_which_decisions_the_person_took_part_in(world):
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    from members.services.personal_data import personal_data_collect

    decision = Decision.objects.create(
        project=world.project,
        title="Interview length",
        status=Decision.Status.DECIDED,
        outcome="45 minutes",
    )
    decision.participants.add(world.ben)
    data = json.dumps(personal_data_collect(user=world.ben), cls=DjangoJSONEncoder)
    assert "Decisions you took part in" in data
    assert "Interview length" in data
    other = json.dumps(personal_data_collect(user=world.ana), cls=DjangoJSONEncoder)
    assert "Interview length" not in other


def test_an_erased_person_is_no_longer_credited_in_the_report(world):
    """The live credits come from the team rows, which go with the account. (Text the
    team saved in the report is theirs and stays as written.)"""
    from members.services.personal_data import account_erase
    from projects.selectors.reports import report_credits

    TeamMember.objects.filter(project=world.project, person=world.ben).update(
        named_in_reports=True, credit_as="Ben the Brave"
    )
    assert "Ben the Brave" in report_credits(world.project).named
    account_erase(user=world.ben)
    credits = report_credits(world.project)
    assert "Ben the Brave" not in credits.named
    assert "Ben O'Neill" not in credits.named


# --- What the reflection form promises ---------------------------------------------


def test_the_share_hint_does_not_say_staff_cannot_read_when_a_lead_is_staff(client, world):
    """Staff named as a lead read what is shared with the leads: the form said "the
    rest of the team, and staff, cannot"."""
    TeamMember.objects.filter(project=world.project, person=world.staff).update(is_lead=True)
    change = StageChange.objects.create(project=world.project, to_stage="analysis")
    invitation = ReflectionInvitation.objects.create(stage_change=change, person=world.ben)
    client.force_login(world.ben)
    page = client.get(f"/projects/{world.project.pk}/reflect/{invitation.pk}/").content.decode()
    assert "and staff, cannot" not in page
    assert "one of them is on the involvement staff" in page
