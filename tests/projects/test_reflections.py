"""Reflection: the stage change and its invitations, private reflections (who reads
them), check-in totals (suppressed), confidence before and after, the data download and
erasure."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry

from members.factories import MemberFactory
from members.services.personal_data import account_erase, personal_data_collect
from projects.factories import project_create
from projects.models import (
    CheckIn,
    ConfidenceCheckIn,
    Project,
    Reflection,
    ReflectionInvitation,
    StageChange,
)
from projects.selectors.reflections import check_in_totals, confidence_totals
from projects.services.agreement import agreement_accept
from projects.services.projects import ProjectError, team_member_add, team_member_remove
from projects.services.reflections import (
    STAGE_CHANGED,
    confidence_record,
    project_stage_change,
    reflection_save,
)

pytestmark = pytest.mark.django_db

SECRET = "The chair talked over the members again"
ANSWERS = {"speak_up": "4", "listened_to": "2", "understood": "5"}


def url(project, name, **kwargs):
    return reverse(name, kwargs={"project_id": project.pk, **kwargs})


def change_stage(world, stage="funding", *, by=None, capture=None):
    if capture is None:
        return project_stage_change(project=world.project, stage=stage, by=by or world.researcher)
    with capture(execute=True):
        return project_stage_change(project=world.project, stage=stage, by=by or world.researcher)


def invitation(change, person) -> ReflectionInvitation:
    return ReflectionInvitation.objects.get(stage_change=change, person=person)


def answer(invitation, *, shared=False, text=SECRET, answers=None):
    return reflection_save(
        invitation=invitation,
        reflection={
            "went_well": "",
            "voice_heard": text,
            "would_change": "",
            "share_with_lead": shared,
        },
        check_in=answers or ANSWERS,
    )


# The stage change and its invitations ---------------------------------------------------


def test_a_stage_change_invites_each_current_team_member_once(
    world, django_capture_on_commit_callbacks
):
    left = MemberFactory(email="gone@example.org")

    row = team_member_add(project=world.project, person=left, role="member", by=world.staff)
    team_member_remove(row=row, by=world.staff)
    mail.outbox.clear()

    change = change_stage(world, capture=django_capture_on_commit_callbacks)

    world.project.refresh_from_db()
    assert world.project.stage == "funding"
    assert (change.from_stage, change.to_stage, change.by) == (
        "design",
        "funding",
        world.researcher,
    )
    invited = set(change.invitations.values_list("person_id", flat=True))
    assert invited == {world.researcher.pk, world.staff.pk, world.ana.pk, world.ben.pk}
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [world.researcher.email, world.staff.email, world.ana.email, world.ben.email]
    )
    ben_email = next(message for message in mail.outbox if message.to == [world.ben.email])
    assert url(
        world.project, "projects:reflect", invitation_id=invitation(change, world.ben).pk
    ) in (ben_email.body)
    assert ModelLogEntry.objects.filter(action=STAGE_CHANGED).count() == 1


def test_the_next_stage_change_invites_everyone_again_for_the_new_change(
    world, django_capture_on_commit_callbacks
):
    first = change_stage(world, "funding", capture=django_capture_on_commit_callbacks)
    second = change_stage(world, "delivery", capture=django_capture_on_commit_callbacks)
    assert first.invitations.count() == second.invitations.count() == 4
    assert len(mail.outbox) == 8


def test_the_same_change_sent_twice_is_refused_and_emails_nobody_twice(
    world, django_capture_on_commit_callbacks
):
    change_stage(world, "funding", capture=django_capture_on_commit_callbacks)
    with pytest.raises(ProjectError, match="choose a different stage"):
        change_stage(world, "funding", capture=django_capture_on_commit_callbacks)
    assert StageChange.objects.count() == 1
    assert ReflectionInvitation.objects.count() == 4
    assert len(mail.outbox) == 4


def test_what_is_happening_now_is_updated_only_when_given(world):
    world.project.now = "Writing the protocol"
    world.project.save()
    project_stage_change(project=world.project, stage="funding", by=world.researcher)
    assert Project.objects.get(pk=world.project.pk).now == "Writing the protocol"
    project_stage_change(
        project=world.project, stage="delivery", by=world.researcher, now="Recruiting"
    )
    assert Project.objects.get(pk=world.project.pk).now == "Recruiting"


def test_the_researcher_changes_the_stage_on_the_page(client, world):
    client.force_login(world.researcher)
    page = client.get(url(world.project, "projects:stage"))
    assert page.status_code == 200
    assert re.search(r'<input[^>]*value="design"[^>]*checked', page.text)
    response = client.post(url(world.project, "projects:stage"), {"stage": "analysis"})
    assert response.status_code == 302
    world.project.refresh_from_db()
    assert world.project.stage == "analysis"


def test_choosing_the_same_stage_is_an_error_that_keeps_the_input(client, world):
    client.force_login(world.ana)  # a lead may steer
    response = client.post(
        url(world.project, "projects:stage"), {"stage": "design", "now": "Meeting in May"}
    )
    assert response.status_code == 200
    assert response.text.count("choose a different stage") == 2  # summary and field
    assert "<title>Error:" in response.text
    assert "Meeting in May" in response.text
    assert not StageChange.objects.exists()


def test_a_member_who_is_not_a_lead_may_not_change_the_stage(client, world):
    client.force_login(world.ben)
    assert client.get(url(world.project, "projects:stage")).status_code == 403
    assert (
        client.post(url(world.project, "projects:stage"), {"stage": "funding"}).status_code == 403
    )
    assert not StageChange.objects.exists()


def test_staff_change_the_stage_only_with_the_second_factor(client, world, admin_login):
    client.force_login(world.other_staff)
    assert client.get(url(world.project, "projects:stage")).status_code == 404
    admin_login(world.other_staff)
    response = client.post(url(world.project, "projects:stage"), {"stage": "funding"})
    assert response.status_code == 302


def test_people_off_the_team_cannot_change_the_stage(client, world):
    for person in (world.other_member, world.other_researcher):
        client.force_login(person)
        assert client.get(url(world.project, "projects:stage")).status_code == 404


# The reflect page: the invitation's own person only ------------------------------------


def test_the_person_answers_their_reflection_and_check_in(client, world):
    change = change_stage(world)
    mine = invitation(change, world.ben)
    client.force_login(world.ben)
    address = url(world.project, "projects:reflect", invitation_id=mine.pk)
    page = client.get(address)
    assert page.status_code == 200
    for statement in CheckIn.STATEMENTS.values():
        assert str(statement) in page.text
    response = client.post(address, {"voice_heard": SECRET, "share_with_lead": "on", **ANSWERS})
    assert response.status_code == 302
    reflection = Reflection.objects.get(invitation=mine)
    assert (reflection.voice_heard, reflection.share_with_lead) == (SECRET, True)
    assert CheckIn.objects.get(invitation=mine).listened_to == 2
    assert SECRET not in str(dict(client.session))


def test_a_missing_check_in_answer_is_an_error_that_keeps_the_reflection(client, world):
    mine = invitation(change_stage(world), world.ben)
    client.force_login(world.ben)
    response = client.post(
        url(world.project, "projects:reflect", invitation_id=mine.pk),
        {"voice_heard": SECRET, "speak_up": "4", "understood": "5"},
    )
    assert response.status_code == 200
    assert "<title>Error:" in response.text
    assert SECRET in response.text
    assert "Choose how far you agree: My views were listened to" in response.text
    assert not Reflection.objects.exists()


def test_nobody_else_opens_someone_s_reflection(client, world, admin_login):
    change = change_stage(world)
    mine = invitation(change, world.ben)
    answer(mine, shared=True)
    address = url(world.project, "projects:reflect", invitation_id=mine.pk)
    for person in (world.ana, world.researcher, world.staff, world.other_member):
        client.force_login(person)
        assert client.get(address).status_code == 404, person
        assert client.post(address, {"voice_heard": "x", **ANSWERS}).status_code == 404
    admin_login(world.staff)
    assert client.get(address).status_code == 404
    assert Reflection.objects.get(invitation=mine).voice_heard == SECRET


def test_the_only_lead_is_told_sharing_shows_it_to_nobody_else(client, world):
    change = change_stage(world)
    client.force_login(world.ana)
    page = client.get(
        url(world.project, "projects:reflect", invitation_id=invitation(change, world.ana).pk)
    )
    assert "only co-production lead" in page.text


def test_a_reflection_is_changed_until_the_next_stage_change(client, world):
    change = change_stage(world, "funding")
    mine = invitation(change, world.ben)
    answer(mine)
    answer(mine, text="Better now", answers={**ANSWERS, "speak_up": "5"})
    assert Reflection.objects.get(invitation=mine).voice_heard == "Better now"
    assert CheckIn.objects.get(invitation=mine).speak_up == 5
    change_stage(world, "delivery")
    with pytest.raises(ProjectError):
        answer(mine, text="Too late")
    client.force_login(world.ben)
    address = url(world.project, "projects:reflect", invitation_id=mine.pk)
    page = client.get(address)
    assert "can no longer be changed" in page.text
    assert "Better now" in page.text
    assert client.post(address, {"voice_heard": "x", **ANSWERS}).status_code == 403


# Who reads a reflection ----------------------------------------------------------------


def reflections_page(client, world, person):
    client.force_login(person)
    return client.get(url(world.project, "projects:reflections"))


def test_the_author_reads_their_own_reflection_and_sees_what_waits(client, world):
    change = change_stage(world, "funding")
    answer(invitation(change, world.ben))
    later = change_stage(world, "delivery")
    page = reflections_page(client, world, world.ben)
    assert SECRET in page.text
    assert url(
        world.project, "projects:reflect", invitation_id=invitation(later, world.ben).pk
    ) in (page.text)
    assert "not answered yet" in page.text


def test_a_lead_reads_a_reflection_only_when_it_was_shared(client, world):
    change = change_stage(world)
    answer(invitation(change, world.ben), shared=False)
    assert SECRET not in reflections_page(client, world, world.ana).text
    answer(invitation(change, world.ben), shared=True)
    page = reflections_page(client, world, world.ana)
    assert SECRET in page.text
    assert "Ben O&#x27;Neill" in page.text


def test_other_members_and_the_researcher_never_read_a_shared_reflection(client, world):
    change = change_stage(world)
    answer(invitation(change, world.ana), shared=True)  # shared, by the lead herself
    answer(invitation(change, world.ben), shared=True, text="Ben's own words")
    ben_page = reflections_page(client, world, world.ben)
    assert SECRET not in ben_page.text
    assert "Shared with the co-production leads</h2>" not in ben_page.text
    researcher_page = reflections_page(client, world, world.researcher)
    assert SECRET not in researcher_page.text
    assert "Ben&#x27;s own words" not in researcher_page.text


def test_staff_who_are_not_leads_never_read_reflections(client, world, admin_login):
    change = change_stage(world)
    answer(invitation(change, world.ben), shared=True)
    admin_login(world.staff)  # on the team, not a lead
    page = client.get(url(world.project, "projects:reflections"))
    assert page.status_code == 200
    assert SECRET not in page.text
    admin_login(world.other_staff)  # off the team: nothing here for them
    assert client.get(url(world.project, "projects:reflections")).status_code == 404


def test_people_off_the_team_get_nothing(client, world):
    for person in (world.other_member, world.other_researcher, world.other_staff):
        client.force_login(person)
        for name in ("projects:reflections", "projects:check_ins", "projects:confidence"):
            assert client.get(url(world.project, name)).status_code == 404


def test_the_overview_says_what_waits_and_who_may_change_the_stage(client, world):
    change = change_stage(world)
    client.force_login(world.ben)
    page = client.get(url(world.project, "projects:project"))
    assert "Waiting for you: reflect on the move to" in page.text
    assert "Change the research stage" not in page.text
    answer(invitation(change, world.ben))
    page = client.get(url(world.project, "projects:project")).text
    assert "Waiting for you: reflect" not in page
    # The team agreement waits for Ben too; once accepted, nothing waits for him.
    agreement_accept(version=world.project.agreement_versions.get(number=1), person=world.ben)
    assert "Waiting for you" not in client.get(url(world.project, "projects:project")).text
    client.force_login(world.researcher)
    page = client.get(url(world.project, "projects:project"))
    assert "Waiting for you: reflect" in page.text
    assert "Change the research stage" in page.text


# Check-in totals ------------------------------------------------------------------------


def test_a_team_smaller_than_the_threshold_shows_no_check_in_figures(client, world):
    change = change_stage(world)
    for person in (world.researcher, world.staff, world.ana, world.ben):
        answer(invitation(change, person))
    client.force_login(world.ben)
    page = client.get(url(world.project, "projects:check_ins"))
    assert page.status_code == 200
    assert "Figures are shown once at least 5 people have answered" in page.text
    assert "<table" not in page.text


def large_team(count=6):
    members = [MemberFactory() for _ in range(count)]
    project = project_create(members=members, leads=[members[0]])
    return project, members


def test_a_large_enough_team_sees_counts_with_small_ones_suppressed(client):
    project, members = large_team()
    change = project_stage_change(project=project, stage="funding", by=members[0])
    for number, person in enumerate(members):
        # Five agree they could speak up; one does not.
        answers = {"speak_up": "5" if number else "1", "listened_to": "4", "understood": "3"}
        reflection_save(
            invitation=invitation(change, person),
            reflection={
                "went_well": "",
                "voice_heard": "",
                "would_change": "",
                "share_with_lead": False,
            },
            check_in=answers,
        )
    client.force_login(members[1])
    page = client.get(url(project, "projects:check_ins"))
    [row] = check_in_totals(project)
    speak_up, listened_to, understood = row["figures"]["rows"]
    assert speak_up["counts"] == [None, 0, None]  # 5 and 1 of 6: 1 is small, 5 gives it away
    assert listened_to["counts"] == [6, 0, 0]
    assert understood["counts"] == [0, 6, 0]
    assert "fewer than 5" in page.text
    assert "I felt able to speak up" in page.text


def test_answers_below_the_threshold_show_no_figures_in_a_large_team():
    project, members = large_team()
    change = project_stage_change(project=project, stage="funding", by=members[0])
    for person in members[:4]:
        answer(invitation(change, person))
    [row] = check_in_totals(project)
    assert not row["figures"]["shown"]


def test_the_check_ins_page_takes_the_same_queries_however_many_stage_changes(
    client, world, django_assert_num_queries
):
    client.force_login(world.ben)
    address = url(world.project, "projects:check_ins")
    change = change_stage(world, "funding")
    answer(invitation(change, world.ben))
    client.get(address)  # the first request also reads the site's settings once
    with CaptureQueriesContext(connection) as few:
        client.get(address)
    for stage in ("delivery", "analysis", "writing", "dissemination"):
        change = change_stage(world, stage)
        for person in (world.ana, world.ben, world.researcher):
            answer(invitation(change, person))
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(address).text.count("The move to") == 5


# Confidence before and after -----------------------------------------------------------

CONFIDENCE = {"research": "2", "speaking": "1", "understanding": "3"}


def test_a_member_records_confidence_at_the_start_then_at_the_end(client, world):
    client.force_login(world.ben)
    address = url(world.project, "projects:confidence")
    assert "At the start of the project" in client.get(address).text
    response = client.post(address, {**CONFIDENCE, "skills": "Reading papers"})
    assert response.status_code == 302
    page = client.get(address)
    assert "At the end of the project" not in page.text  # the project is at design
    assert "You will be asked again at the end" in page.text
    assert client.post(address, CONFIDENCE).status_code == 403
    world.project.stage = "dissemination"
    world.project.save()
    assert "At the end of the project" in client.get(address).text
    client.post(address, {"research": "4", "speaking": "3", "understanding": "3"})
    own = {row.when: row for row in ConfidenceCheckIn.objects.filter(person=world.ben)}
    assert (own["before"].research, own["after"].research) == (2, 4)
    assert own["before"].skills == "Reading papers"
    page = client.get(address).text
    assert "Not yet" not in page
    assert page.count("<td") >= 6  # before and after, side by side


def test_a_missing_confidence_answer_keeps_the_input(client, world):
    client.force_login(world.ben)
    response = client.post(
        url(world.project, "projects:confidence"), {"research": "2", "skills": "Chairing"}
    )
    assert response.status_code == 200
    assert "<title>Error:" in response.text
    assert "Chairing" in response.text
    assert not ConfidenceCheckIn.objects.exists()


def test_researchers_and_staff_see_only_suppressed_confidence_totals(client, world, admin_login):
    confidence_record(
        project=world.project,
        person=world.ben,
        when="before",
        answers={"research": 2, "speaking": 1, "understanding": 3},
    )
    confidence_record(
        project=world.project,
        person=world.ben,
        when="after",
        answers={"research": 5, "speaking": 4, "understanding": 3},
    )
    client.force_login(world.researcher)
    page = client.get(url(world.project, "projects:confidence"))
    assert page.status_code == 200
    assert "Figures are shown once at least 5 people have answered" in page.text
    assert "At the start of the project" not in page.text
    assert client.post(url(world.project, "projects:confidence"), CONFIDENCE).status_code == 403
    admin_login(world.other_staff)
    page = client.get(url(world.project, "projects:confidence"))
    assert "Figures are shown once" in page.text


def test_confidence_totals_count_who_felt_more_or_less_confident():
    project, members = large_team()
    for number, person in enumerate(members):
        before = {"research": 2, "speaking": 2, "understanding": 2}
        after = {"research": 4, "speaking": 2, "understanding": 1 if number == 0 else 4}
        confidence_record(project=project, person=person, when="before", answers=before)
        confidence_record(project=project, person=person, when="after", answers=after)
    research, speaking, understanding = confidence_totals(project)["rows"]
    assert research["counts"] == [6, 0, 0]
    assert speaking["counts"] == [0, 6, 0]
    assert understanding["counts"] == [None, 0, None]


# Data download and erasure -------------------------------------------------------------


def test_the_data_download_holds_reflections_check_ins_and_confidence(world):
    change = change_stage(world)
    answer(invitation(change, world.ben), shared=False)
    confidence_record(
        project=world.project,
        person=world.ben,
        when="before",
        answers={"research": 2, "speaking": 1, "understanding": 3},
        skills="Chairing",
    )
    data = personal_data_collect(user=world.ben)
    section = data["Your reflections and check-ins in research projects"]
    [entry] = section["Reflections and check-ins"]
    assert entry["Your reflection"]["Was your voice heard"] == SECRET
    assert entry["Your reflection"]["Shared with the co-production leads"] is False
    assert entry["Your check-in (1: not at all, 5: completely)"]["My views were listened to"] == 2
    [confidence] = section["Confidence check-ins (1: not at all confident, 5: very confident)"]
    assert confidence["Skills you have used or gained"] == "Chairing"
    assert confidence["When"] == "At the start"
    assert "Your reflections and check-ins in research projects" not in personal_data_collect(
        user=world.other_member
    )


def test_erasure_takes_reflections_and_check_ins_out_of_the_totals():
    project, members = large_team(5)
    change = project_stage_change(project=project, stage="funding", by=members[0])
    for person in members:
        answer(invitation(change, person))
        confidence_record(
            project=project,
            person=person,
            when="before",
            answers={"research": 2, "speaking": 2, "understanding": 2},
        )
        confidence_record(
            project=project,
            person=person,
            when="after",
            answers={"research": 3, "speaking": 2, "understanding": 2},
        )
    [row] = check_in_totals(project)
    assert row["figures"]["answered"] == 5
    assert confidence_totals(project)["answered"] == 5

    account_erase(user=members[-1])

    assert not ReflectionInvitation.objects.filter(person_id=members[-1].pk).exists()
    assert Reflection.objects.count() == CheckIn.objects.count() == 4
    assert ConfidenceCheckIn.objects.count() == 8
    [row] = check_in_totals(project)
    assert not row["figures"]["shown"]  # 4 answers now: below the threshold
    assert not confidence_totals(project)["shown"]


def test_the_reflections_page_takes_the_same_queries_however_many_stage_changes(
    client, world, django_assert_num_queries
):
    # Ana is a lead: she reads her own reflections and those shared with the leads.
    client.force_login(world.ana)
    address = url(world.project, "projects:reflections")
    change = change_stage(world, "funding")
    answer(invitation(change, world.ana))
    answer(invitation(change, world.ben), shared=True)
    client.get(address)  # the first request also reads the site's settings once
    with CaptureQueriesContext(connection) as few:
        client.get(address)
    for stage in ("delivery", "analysis", "writing", "dissemination"):
        change = change_stage(world, stage)
        for person in (world.ana, world.ben, world.researcher):
            answer(invitation(change, person), shared=True)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(address).status_code == 200
