"""The researcher's side of a group's meeting and of a comment round, on their own
request's page: their slot on each agenda (date, group, length, papers due, status),
their papers, the group's feedback and their "you said, we did"; their rounds."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home.datetimes import format_date
from involvement.models import ImpactEntry
from involvement.selectors import impact_for_member
from involvement.services import involvement_record
from members.demo_content import demo_groups_create
from members.factories import MemberFactory, ResearcherFactory
from opportunities.factories import (
    TINY_PDF,
    AgendaItemFactory,
    ResearchRequestFactory,
    comment_round_create,
    meeting_create,
    paper_create,
)
from opportunities.models import CommentRound, Paper, ResearchRequest, RoundResponse, Route
from opportunities.selectors import research_request_next_step
from opportunities.selectors.meetings_research import request_agenda_items, request_comment_rounds
from opportunities.services.meetings import MeetingError, meeting_activity_sync
from opportunities.services.meetings_research import agenda_item_answer, agenda_item_paper_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(db):
    return demo_groups_create()[0]


@pytest.fixture
def slot_request(researcher, group):
    return ResearchRequestFactory(
        researcher=researcher,
        route=Route.MEETING_SLOT,
        group=group,
        slot_minutes=30,
        status=ResearchRequest.Status.ACCEPTED,
    )


@pytest.fixture
def meeting(group):
    return meeting_create(group=group, days=14)


@pytest.fixture
def item(meeting, slot_request):
    return AgendaItemFactory(
        meeting=meeting, request=slot_request, minutes=30, title="Insulin pump study"
    )


def day(value: datetime.datetime) -> str:
    return format_date(timezone.localdate(value), weekday=False)


def paper_post(item, **fields):
    return {
        "item": item.pk,
        "action": "paper",
        f"paper-{item.pk}-title": fields.get("title", "Plain-English summary"),
        f"paper-{item.pk}-version": "standard",
        f"paper-{item.pk}-file": SimpleUploadedFile(
            "summary.pdf", TINY_PDF, content_type="application/pdf"
        ),
    }


def answer_post(item, text="We changed the study's visit times."):
    return {"item": item.pk, "action": "answer", f"answer-{item.pk}-what_changed": text}


def feedback_sent(item, text="Evening visits would suit working people better."):
    item.feedback = text
    item.feedback_sent_at = timezone.now()
    item.save(update_fields=["feedback", "feedback_sent_at"])
    return item


# --- The request's page --------------------------------------------------------------


def test_the_request_page_shows_the_slot_on_the_agenda(client, researcher, item, meeting, group):
    paper_create(agenda_item=item, title="Study leaflet")
    client.force_login(researcher)
    page = client.get(f"/requests/{item.request_id}/").content.decode()
    on = day(meeting.starts_at)
    assert f"On the agenda of the {group.title} group&#x27;s meeting on {on}" in page
    assert meeting.when in page and "30 minutes" in page
    assert format_date(meeting.papers_due_on) in page
    assert "Study leaflet" in page and "Add a paper for the group" in page
    assert "Your slot is on the agenda of the" in page  # what happens next
    assert "The group&#x27;s feedback" not in page and "Tell the members" not in page


def test_the_researcher_adds_a_paper_before_the_meeting(client, researcher, item):
    client.force_login(researcher)
    response = client.post(f"/requests/{item.request_id}/", paper_post(item))
    assert response.status_code == 302, response.content.decode()[:2000]
    paper = Paper.objects.get()
    assert (paper.agenda_item, paper.meeting_id, paper.uploaded_by) == (
        item,
        item.meeting_id,
        researcher,
    )
    assert paper.title == "Plain-English summary"


def test_a_paper_form_with_errors_comes_back_with_them(client, researcher, item):
    client.force_login(researcher)
    data = paper_post(item, title="")
    response = client.post(f"/requests/{item.request_id}/", data)
    page = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in page
    assert "Give the paper a title" in page and f'href="#id_paper-{item.pk}-title"' in page
    assert not Paper.objects.exists()


def test_no_paper_once_the_meeting_has_started(client, researcher, item, meeting):
    type(meeting).objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=5),
        ends_at=timezone.now() + datetime.timedelta(hours=1),
    )
    client.force_login(researcher)
    page = client.get(f"/requests/{item.request_id}/").content.decode()
    assert "Add a paper for the group" not in page
    response = client.post(f"/requests/{item.request_id}/", paper_post(item))
    assert response.status_code == 200
    assert "The meeting has started" in response.content.decode()
    assert not Paper.objects.exists()


def test_no_paper_for_a_cancelled_meeting(client, researcher, item, meeting):
    type(meeting).objects.filter(pk=meeting.pk).update(cancelled_at=timezone.now())
    client.force_login(researcher)
    page = client.get(f"/requests/{item.request_id}/").content.decode()
    assert "Cancelled" in page and "Add a paper for the group" not in page
    with pytest.raises(MeetingError):
        agenda_item_paper_add(
            item=item,
            upload=SimpleUploadedFile("a.pdf", TINY_PDF),
            title="Late",
            by=researcher,
        )


def test_another_researcher_cannot_see_or_use_the_slot(client, researcher, item):
    other = ResearcherFactory(email="other.researcher@example.org")
    client.force_login(other)
    base = f"/requests/{item.request_id}/"
    assert client.get(base).status_code == 404
    assert client.post(base, paper_post(item)).status_code == 404
    feedback_sent(item)
    assert client.post(base, answer_post(item)).status_code == 404
    # Through their own request's page: the item is not one of its items.
    own = ResearchRequestFactory(researcher=other, route=Route.MEETING_SLOT, slot_minutes=20)
    assert client.post(f"/requests/{own.pk}/", paper_post(item)).status_code == 404
    assert client.post(f"/requests/{own.pk}/", answer_post(item)).status_code == 404
    assert client.post(f"/requests/{own.pk}/", {"item": "x", "action": "answer"}).status_code == (
        404
    )
    assert not Paper.objects.exists() and not ImpactEntry.objects.exists()
    # And the services say no as well.
    with pytest.raises(MeetingError):
        agenda_item_answer(item=item, what_changed="Mine now", by=other)
    with pytest.raises(MeetingError):
        agenda_item_paper_add(
            item=item, upload=SimpleUploadedFile("a.pdf", TINY_PDF), title="x", by=other
        )


def test_anonymous_and_members_cannot_post_to_a_request(client, member, item):
    response = client.post(f"/requests/{item.request_id}/", answer_post(item))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(member)
    assert client.post(f"/requests/{item.request_id}/", answer_post(item)).status_code == 403


def test_no_answer_before_the_feedback_is_sent(client, researcher, item):
    client.force_login(researcher)
    response = client.post(f"/requests/{item.request_id}/", answer_post(item))
    page = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in page
    assert "once the involvement team has sent you the group" in page
    assert not ImpactEntry.objects.exists()
    with pytest.raises(MeetingError):
        agenda_item_answer(item=item, what_changed="Too soon", by=researcher)


def test_you_said_we_did_reaches_the_members_who_attended(
    client, researcher, staff, item, meeting, django_capture_on_commit_callbacks
):
    came, missed, never_recorded = (
        MemberFactory(email="came@example.org"),
        MemberFactory(email="missed@example.org"),
        MemberFactory(email="never@example.org"),
    )
    activity = meeting_activity_sync(meeting=meeting)
    started_on = timezone.localdate(meeting.starts_at)
    involvement_record(
        member=came, activity=activity, attended=True, started_on=started_on, hours=2, by=staff
    )
    involvement_record(
        member=missed, activity=activity, attended=False, started_on=started_on, hours=0, by=staff
    )
    feedback_sent(item, "Evening visits would suit working people better.")
    client.force_login(researcher)
    page = client.get(f"/requests/{item.request_id}/").content.decode()
    assert f"Feedback sent on {day(item.feedback_sent_at)}" in page
    assert "Evening visits would suit working people better." in page
    assert "Tell the members" in page
    assert "The group&#x27;s feedback is below." in page  # what happens next

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/requests/{item.request_id}/", answer_post(item))
    assert response.status_code == 302
    item.refresh_from_db()
    entry = item.impact_entry
    assert entry.what_changed == "We changed the study's visit times."
    assert entry.activity_id == activity.pk and entry.added_by == researcher
    assert impact_for_member(came) == [entry]
    assert impact_for_member(missed) == [] and impact_for_member(never_recorded) == []
    assert [m.to for m in mail.outbox] == [[came.email]]

    page = client.get(f"/requests/{item.request_id}/").content.decode()
    assert "We changed the study&#x27;s visit times." in page
    assert "Tell the members" not in page
    assert "You told the members what changed because of their input." in page
    # One answer for each slot: a second is refused and says why.
    response = client.post(f"/requests/{item.request_id}/", answer_post(item, "And more"))
    assert "You have already told the group what changed" in response.content.decode()
    assert ImpactEntry.objects.count() == 1


def test_an_empty_answer_is_refused_with_the_form_kept(client, researcher, item):
    feedback_sent(item)
    client.force_login(researcher)
    response = client.post(f"/requests/{item.request_id}/", answer_post(item, "   "))
    page = response.content.decode()
    assert "<title>Error:" in page and f'href="#id_answer-{item.pk}-what_changed"' in page
    assert not ImpactEntry.objects.exists()


def test_the_request_page_takes_the_same_queries_for_one_slot_or_ten(
    client, researcher, slot_request, group
):
    def slots(n):
        for i in range(n):
            meeting = meeting_create(group=group, days=10 + i)
            item = AgendaItemFactory(meeting=meeting, request=slot_request)
            paper_create(agenda_item=item)
            if i % 2:
                feedback_sent(item)

    client.force_login(researcher)
    url = f"/requests/{slot_request.pk}/"
    slots(1)
    client.get(url)  # warm the caches that every page shares
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    slots(9)
    with CaptureQueriesContext(connection) as ten:
        page = client.get(url).content.decode()
    assert page.count('class="nhsuk-card" id="item-') == 10
    assert len(ten) == len(one), [q["sql"] for q in ten.captured_queries]


# --- What happens next -----------------------------------------------------------------


def _next(research_request):
    return research_request_next_step(
        research_request,
        agenda_items=request_agenda_items(research_request),
        comment_rounds=request_comment_rounds(research_request),
    )


def test_what_happens_next_for_a_slot(slot_request, group, researcher):
    assert f"find your slot at a meeting of the {group.title} group" in _next(slot_request)
    no_group = ResearchRequestFactory(
        researcher=researcher, route=Route.MEETING_SLOT, slot_minutes=20, status="accepted"
    )
    assert "will choose a reference group's meeting" in _next(no_group)
    meeting = meeting_create(group=group, days=14)
    item = AgendaItemFactory(meeting=meeting, request=slot_request)
    said = _next(slot_request)
    assert said.startswith(f"Your slot is on the agenda of the {group.title} group's meeting on")
    assert f"Send your papers by {format_date(meeting.papers_due_on, weekday=False)}." in said
    assert 'Add them below, under "Add a paper for the group".' in said
    type(meeting).objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    assert "The group has met." in _next(slot_request)
    feedback_sent(item)
    assert "The group's feedback is below." in _next(slot_request)
    agenda_item_answer(item=item, what_changed="We changed it.", by=researcher)
    assert "You told the members what changed" in _next(slot_request)
    type(meeting).objects.filter(pk=meeting.pk).update(cancelled_at=timezone.now())
    assert "The meeting was cancelled." in _next(slot_request)


def test_the_requests_list_says_what_happens_next_for_each_route(client, researcher, item):
    comments = ResearchRequestFactory(
        researcher=researcher, route=Route.COMMENTS, status="accepted", project_title="Leaflet"
    )
    client.force_login(researcher)
    page = client.get("/requests/").content.decode()
    assert "Your slot is on the agenda of the" in page
    assert "will choose a reference group, set up a comment round" in page
    assert comments.project_title in page


# --- Comment rounds ----------------------------------------------------------------


def test_the_request_page_shows_its_rounds_with_a_count_and_no_names(client, researcher, group):
    research_request = ResearchRequestFactory(
        researcher=researcher, route=Route.COMMENTS, group=group, status="accepted"
    )
    comment_round = comment_round_create(group=group, request=research_request)
    comment_round_create(
        group=group, request=research_request, status=CommentRound.Status.DRAFT, title="Draft"
    )
    for name, sent in [("Ada Commenter", True), ("Bo Commenter", True), ("Cy Opted", False)]:
        RoundResponse.objects.create(
            round=comment_round,
            member=MemberFactory(name=name),
            comment="Clear enough." if sent else "",
            submitted_at=timezone.now() if sent else None,
        )
    client.force_login(researcher)
    page = client.get(f"/requests/{research_request.pk}/").content.decode()
    assert comment_round.title in page and "Open for comments" in page
    assert ">2</dd>" in page
    assert "Commenter" not in page and "Cy Opted" not in page and "Clear enough" not in page
    assert ">Draft</dd>" not in page  # staff's alone until it opens
    assert "can comment until" in page and "Read the comments, collated" not in page

    CommentRound.objects.filter(pk=comment_round.pk).update(
        status=CommentRound.Status.CLOSED, closed_at=timezone.now()
    )
    page = client.get(f"/requests/{research_request.pk}/").content.decode()
    assert "The round has closed" in page
    try:
        from django.urls import reverse

        collated = reverse("opportunities:comment_round_collated", args=[comment_round.pk])
    except Exception:  # the collated page is built elsewhere  # noqa: BLE001
        collated = None
    if collated:
        assert f'href="{collated}"' in page
    else:
        assert "The collated comments will be here soon." in page


def test_what_happens_next_for_comments_with_a_group_and_past_the_deadline(researcher, group):
    research_request = ResearchRequestFactory(
        researcher=researcher, route=Route.COMMENTS, group=group, status="accepted"
    )
    assert f"comment round with the {group.title} group" in _next(research_request)
    comment_round_create(
        group=group,
        request=research_request,
        closes_at=timezone.now() - datetime.timedelta(hours=1),
    )
    assert "The deadline has passed." in _next(research_request)
