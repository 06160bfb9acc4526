"""The decision log: proposing, endorsing, commenting, recording the outcome and dissent
in the dissenter's own words; who sees and does what; a fixed number of queries."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.factories import MemberFactory
from projects.models import Decision, DecisionComment, Dissent, Endorsement
from projects.services.decisions import (
    DecisionError,
    decision_comment_add,
    decision_endorse_toggle,
    decision_propose,
    decision_record,
    dissent_record,
)

pytestmark = pytest.mark.django_db


def url(project, name="projects:decisions", decision=None):
    kwargs = {"project_id": project.pk}
    if decision is not None:
        kwargs["decision_id"] = decision.pk
    return reverse(name, kwargs=kwargs)


def proposed(world, title="Which times suit the interviews?", by=None) -> Decision:
    return decision_propose(
        project=world.project,
        person=by or world.ana,
        title=title,
        background="Some of us work days.",
        options=["Evenings", "Weekends"],
    )


def decided(world, **fields) -> Decision:
    decision = proposed(world)
    return decision_record(
        decision=decision,
        by=world.researcher,
        status=Decision.Status.DECIDED,
        outcome="Evenings, 6 to 8pm.",
        how_agreed=fields.get("how_agreed", Decision.HowAgreed.CONSENSUS),
        reasons=fields.get("reasons", ""),
        votes=fields.get("votes"),
        participants=[world.researcher, world.ana, world.ben],
    )


# Proposing ------------------------------------------------------------------------------


def test_a_member_proposes_and_the_rest_of_the_team_is_told_once(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.ben)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(world.project, "projects:decision_propose"),
            {"title": "Where to meet?", "background": "Private note", "options": "Here\n\nThere"},
        )
    decision = Decision.objects.get()
    assert response.status_code == 302
    assert decision.status == Decision.Status.PROPOSED
    assert decision.stage == world.project.stage
    assert decision.options == ["Here", "There"]
    assert decision.proposed_by == world.ben
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.researcher.email, world.staff.email, world.ana.email]
    )
    assert all("Private note" not in m.body for m in mail.outbox)


def test_a_proposal_without_a_title_is_refused_and_keeps_the_input(client, world):
    client.force_login(world.ben)
    response = client.post(
        url(world.project, "projects:decision_propose"), {"title": "", "background": "Kept"}
    )
    assert response.status_code == 200
    assert "<title>Error:" in response.text
    assert "Say what needs deciding" in response.text
    assert "Kept" in response.text
    assert not Decision.objects.exists()


# Endorsing and commenting --------------------------------------------------------------


def test_endorsing_toggles(client, world):
    decision = proposed(world)
    client.force_login(world.ben)
    address = url(world.project, "projects:decision", decision)
    client.post(address, {"action": "endorse"})
    assert Endorsement.objects.filter(decision=decision, person=world.ben).exists()
    assert "Take back my support" in client.get(address).text
    client.post(address, {"action": "endorse"})
    assert not Endorsement.objects.exists()


def test_a_decided_decision_is_not_endorsed(world):
    decision = decided(world)
    with pytest.raises(DecisionError):
        decision_endorse_toggle(decision=decision, person=world.ben)


def test_comments_show_their_author_and_staff_hide_them(client, world, admin_login):
    decision = proposed(world)
    client.force_login(world.ben)
    address = url(world.project, "projects:decision", decision)
    client.post(address, {"action": "comment", "body": "Evenings are hard for me."})
    page = client.get(address).text
    assert "Evenings are hard for me." in page and "Ben O&#x27;Neill" in page
    assert "Hide this comment" not in page
    comment = DecisionComment.objects.get()
    assert client.post(address, {"action": "hide", "comment": comment.pk}).status_code == 403
    admin_login(world.other_staff)
    assert client.post(address, {"action": "hide", "comment": comment.pk}).status_code == 302
    comment.refresh_from_db()
    assert comment.hidden_by == world.other_staff
    client.force_login(world.ana)
    page = client.get(address).text
    assert "Evenings are hard for me." not in page
    assert "This comment was hidden" in page


def test_an_empty_comment_is_refused_with_the_error_summary(client, world):
    decision = proposed(world)
    client.force_login(world.ben)
    response = client.post(
        url(world.project, "projects:decision", decision), {"action": "comment", "body": " "}
    )
    assert response.status_code == 200
    assert "<title>Error:" in response.text
    assert "Enter your comment" in response.text


# Recording the outcome -----------------------------------------------------------------


def test_the_researcher_records_a_vote_and_the_team_is_told_once(
    client, world, django_capture_on_commit_callbacks
):
    decision = proposed(world)
    client.force_login(world.researcher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(world.project, "projects:decision_record", decision),
            {
                "outcome": "Evenings.",
                "options": "Evenings\nWeekends\nLunchtimes",
                "how_agreed": "vote",
                "votes_for": "3",
                "votes_against": "1",
                "votes_abstained": "0",
                "reasons": "ignored unless it is the researcher's call",
                "participants": [world.ana.pk, world.ben.pk, world.researcher.pk],
            },
        )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == Decision.Status.DECIDED
    assert (decision.votes_for, decision.votes_against, decision.votes_abstained) == (3, 1, 0)
    assert decision.reasons == ""
    assert decision.options == ["Evenings", "Weekends", "Lunchtimes"]
    assert decision.recorded_by == world.researcher and decision.decided_at
    assert set(decision.participants.all()) == {world.ana, world.ben, world.researcher}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.staff.email, world.ana.email, world.ben.email]
    )
    assert all("A decision was recorded" in m.subject for m in mail.outbox)
    page = client.get(url(world.project, "projects:decision", decision)).text
    assert "3 for, 1 against, 0 abstained" in page
    # Recorded once: the record page now goes to the decision.
    again = client.get(url(world.project, "projects:decision_record", decision))
    assert again.status_code == 302


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"how_agreed": "researcher"}, "reasons", "Give the researcher&#x27;s reasons"),
        ({"how_agreed": "vote"}, "votes_for", "Enter a number, 0 if nobody"),
        ({"how_agreed": "consensus", "outcome": ""}, "outcome", "Say what was decided"),
        ({"how_agreed": "consensus", "participants": []}, "participants", "Choose at least one"),
        ({"how_agreed": "not_taken"}, "why_not", "Say why it was not taken forward"),
        ({"how_agreed": ""}, "how_agreed", "Choose how it was agreed"),
    ],
)
def test_recording_asks_for_what_each_answer_needs(client, world, data, field, message):
    decision = proposed(world)
    client.force_login(world.ana)  # a lead steers
    posted = {"outcome": "Kept outcome", "participants": [world.ana.pk], **data}
    response = client.post(url(world.project, "projects:decision_record", decision), posted)
    assert response.status_code == 200
    assert "<title>Error:" in response.text
    assert message in response.text
    assert f'href="#id_{field}' in response.text
    decision.refresh_from_db()
    assert decision.status == Decision.Status.PROPOSED


def test_the_follow_ups_show_without_javascript_beneath_their_answers(client, world):
    decision = proposed(world)
    client.force_login(world.researcher)
    page = client.get(url(world.project, "projects:decision_record", decision)).text
    assert 'id="id_how_agreed_2-conditional"' in page  # the researcher's reasons
    assert 'name="votes_for"' in page and 'name="why_not"' in page


def test_not_taken_forward_keeps_the_reasons(client, world):
    decision = proposed(world)
    decision_record(
        decision=decision,
        by=world.staff,
        status=Decision.Status.NOT_TAKEN_FORWARD,
        reasons="No money",
    )
    client.force_login(world.ben)
    page = client.get(url(world.project, "projects:decision", decision)).text
    assert "Not taken forward" in page and "No money" in page
    assert "Record that you disagree" not in page


def test_the_researchers_call_shows_the_reasons(client, world):
    decision = decided(world, how_agreed="researcher", reasons="The funder requires it.")
    client.force_login(world.ben)
    page = client.get(url(world.project, "projects:decision", decision)).text
    assert "The funder requires it." in page
    assert "The researcher&#x27;s call, with reasons" in page


def test_members_who_do_not_steer_may_not_record_outcomes(client, world):
    decision = proposed(world)
    client.force_login(world.ben)
    address = url(world.project, "projects:decision_record", decision)
    assert client.get(address).status_code == 403
    assert client.post(address, {"how_agreed": "consensus"}).status_code == 403


def test_a_steerer_records_a_meeting_decision_without_a_proposal_email(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.researcher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(world.project, "projects:decision_propose") + "?record=1",
            {"title": "Meeting day", "record": "1"},
        )
    decision = Decision.objects.get()
    assert response["Location"] == url(world.project, "projects:decision_record", decision)
    assert mail.outbox == []


# Dissent ----------------------------------------------------------------------------------


def test_a_member_records_dissent_in_their_own_words_once_and_can_change_it(client, world):
    decision = decided(world)
    client.force_login(world.ben)
    address = url(world.project, "projects:decision", decision)
    client.post(address, {"action": "dissent", "reason": "Evenings exclude carers."})
    client.post(address, {"action": "dissent", "reason": "Evenings exclude parents and carers."})
    dissent = Dissent.objects.get()
    assert dissent.person == world.ben
    assert dissent.reason == "Evenings exclude parents and carers."
    client.force_login(world.ana)
    page = client.get(address).text
    assert "Evenings exclude parents and carers." in page and "Ben O&#x27;Neill" in page
    assert "Record that you disagree" in page
    list_page = client.get(url(world.project)).text
    assert "Someone recorded that they disagree" in list_page


def test_dissent_needs_words(client, world):
    decision = decided(world)
    client.force_login(world.ben)
    response = client.post(
        url(world.project, "projects:decision", decision), {"action": "dissent", "reason": ""}
    )
    assert "<title>Error:" in response.text and "Say why you disagree" in response.text
    assert not Dissent.objects.exists()


def test_dissent_only_on_decided_decisions_and_only_by_the_team(world):
    with pytest.raises(DecisionError):
        dissent_record(decision=proposed(world), person=world.ben, reason="No")
    with pytest.raises(DecisionError):
        dissent_record(decision=decided(world), person=world.other_member, reason="No")


def test_staff_off_the_team_do_not_dissent_or_endorse(client, world, admin_login):
    decision = decided(world)
    admin_login(world.other_staff)
    address = url(world.project, "projects:decision", decision)
    assert client.post(address, {"action": "dissent", "reason": "No"}).status_code == 403
    assert client.post(address, {"action": "endorse"}).status_code == 403


# Who sees what ---------------------------------------------------------------------------


def names(decision):
    return [
        ("projects:decisions", None),
        ("projects:decision_propose", None),
        ("projects:decision", decision),
        ("projects:decision_record", decision),
    ]


@pytest.mark.parametrize("who", ["other_member", "other_researcher", "other_staff"])
def test_people_off_the_team_are_told_nothing(client, world, who):
    decision = proposed(world)
    client.force_login(getattr(world, who))
    for name, target in names(decision):
        assert client.get(url(world.project, name, target)).status_code == 404
    response = client.post(url(world.project, "projects:decision", decision), {"action": "comment"})
    assert response.status_code == 404


def test_the_team_sees_every_page_and_steerers_the_record_page(client, world):
    decision = proposed(world)
    for person, records in [
        (world.researcher, True),
        (world.ana, True),
        (world.ben, False),
        (world.staff, False),  # on the team, without the second factor: no staff powers
    ]:
        client.force_login(person)
        for name, target in names(decision):
            expected = 403 if name == "projects:decision_record" and not records else 200
            assert client.get(url(world.project, name, target)).status_code == expected


def test_staff_with_the_second_factor_see_and_record(client, world, admin_login):
    decision = proposed(world)
    admin_login(world.other_staff)
    for name, target in names(decision):
        assert client.get(url(world.project, name, target)).status_code == 200


def test_another_projects_decision_is_not_found(client, world):
    from projects.factories import project_create

    elsewhere = project_create(members=[world.ben])
    decision = decision_propose(project=elsewhere, person=world.ben, title="Elsewhere")
    client.force_login(world.ana)
    address = reverse(
        "projects:decision", kwargs={"project_id": world.project.pk, "decision_id": decision.pk}
    )
    assert client.get(address).status_code == 404


# Query counts ----------------------------------------------------------------------------


def _fill(world, count: int):
    people = [world.ana, world.ben, world.researcher]
    start = Decision.objects.filter(project=world.project).count()
    for n in range(start, start + count):
        # Each its own title: the same title again at once is the same proposal.
        decision = proposed(world, title=f"Decision {n}")
        for person in people:
            decision_comment_add(decision=decision, person=person, body="A comment")
        decision_endorse_toggle(decision=decision, person=world.ben)
        if n % 2:
            decision_record(
                decision=decision,
                by=world.researcher,
                status=Decision.Status.DECIDED,
                outcome="Yes",
                how_agreed="consensus",
                participants=people,
            )
            dissent_record(decision=decision, person=world.ben, reason="No")


def _queries(client, address) -> int:
    client.get(address)  # the first request of a session caches the site's settings
    with CaptureQueriesContext(connection) as context:
        assert client.get(address).status_code == 200
    return len(context.captured_queries)


def test_the_log_costs_the_same_few_or_many(client, world):
    client.force_login(world.ana)
    _fill(world, 2)
    few = _queries(client, url(world.project))
    _fill(world, 23)
    many = _queries(client, url(world.project))
    assert few == many
    assert "Next" in client.get(url(world.project)).text  # 25 decisions: two pages


def test_a_decision_page_costs_the_same_few_or_many(client, world):
    client.force_login(world.ana)
    decision = decided(world)
    address = url(world.project, "projects:decision", decision)
    few = _queries(client, address)
    for n in range(8):
        person = MemberFactory()
        from projects.services.projects import team_member_add

        team_member_add(project=world.project, person=person, role="member", by=world.staff)
        decision_comment_add(decision=decision, person=person, body=f"Comment {n}")
        dissent_record(decision=decision, person=person, reason=f"Reason {n}")
    assert _queries(client, address) == few
