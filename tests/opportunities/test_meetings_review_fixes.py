"""Group meetings, defects found in review (correctness and state): a series or a
meeting sent twice makes no duplicate meetings; a request whose slot was removed, or
whose meeting was cancelled, or that was accepted from the review page, can still be
given a slot; feedback the researcher has answered stays as they answered it; a
meeting just after midnight in summer takes its papers date on UK time."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from opportunities.factories import AgendaItemFactory, ResearchRequestFactory, meeting_create
from opportunities.models import AgendaItem, GroupMeeting, ResearchRequest, Route
from opportunities.selectors.meeting_admin import slot_requests_waiting
from opportunities.services.meeting_admin import (
    agenda_feedback_send,
    agenda_item_move,
    agenda_item_remove,
    agenda_slot_accept,
    meeting_cancel,
    meeting_series_create,
    meeting_update,
)
from opportunities.services.meeting_admin import meeting_create as meeting_add
from opportunities.services.meetings import MeetingError
from opportunities.services.meetings_research import agenda_item_answer
from tests.opportunities.meeting_admin_helpers import group_get

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def group():
    return group_get()


def _series():
    return {
        "title": "Monthly meeting",
        "mode": "online",
        "joining_link": "https://meet.example.org/group",
        "frequency": "monthly",
        "weekday": 1,
        "week_of_month": 1,
        "every_weeks": None,
        "first_date": datetime.date(2030, 1, 1),
        "until": datetime.date(2030, 6, 30),
        "start_time": datetime.time(18),
        "duration_minutes": 120,
    }


def test_a_series_sent_twice_makes_its_meetings_once(group, staff):
    _series_row, meetings = meeting_series_create(group=group, by=staff, **_series())
    assert len(meetings) == 6
    with pytest.raises(MeetingError, match="already has a meeting"):
        meeting_series_create(group=group, by=staff, **_series())
    assert GroupMeeting.objects.filter(group=group).count() == 6


def test_a_meeting_sent_twice_is_made_once(group, staff):
    starts = datetime.datetime(2030, 1, 7, 18, tzinfo=LONDON)
    fields = {
        "title": "Extra meeting",
        "mode": "online",
        "joining_link": "https://meet.example.org/group",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=2),
    }
    meeting_add(group=group, by=staff, **fields)
    with pytest.raises(MeetingError, match="already has a meeting"):
        meeting_add(group=group, by=staff, **fields)
    assert GroupMeeting.objects.filter(group=group).count() == 1


def test_a_cancelled_meeting_does_not_block_a_new_one_at_its_time(group, staff):
    old = meeting_create(group=group, days=20)
    meeting_cancel(meeting=old, reason="Room flooded", by=staff)
    meeting_add(
        group=group,
        by=staff,
        title="Again",
        mode="online",
        joining_link="https://meet.example.org/group",
        starts_at=old.starts_at,
        ends_at=old.ends_at,
    )
    assert GroupMeeting.objects.filter(group=group).count() == 2


@pytest.fixture
def slot_request(group):
    return ResearchRequestFactory(route=Route.MEETING_SLOT, group=group, slot_minutes=30)


def _accept(research_request, meeting, staff):
    return agenda_slot_accept(
        research_request=research_request,
        meeting=meeting,
        minutes=30,
        papers_due_on=meeting.papers_due_on,
        what_to_send="A summary",
        by=staff,
    )


def test_a_request_whose_slot_is_removed_can_be_given_another(group, staff, slot_request):
    first = meeting_create(group=group, days=14)
    second = meeting_create(group=group, days=42)
    item = _accept(slot_request, first, staff)
    assert not slot_requests_waiting(second).filter(pk=slot_request.pk).exists()
    agenda_item_remove(item=item, by=staff)
    assert slot_requests_waiting(second).filter(pk=slot_request.pk).exists()
    moved = _accept(slot_request, second, staff)
    assert moved.meeting == second


def test_a_request_whose_meeting_is_cancelled_can_be_given_another(group, staff, slot_request):
    first = meeting_create(group=group, days=14)
    second = meeting_create(group=group, days=42)
    _accept(slot_request, first, staff)
    meeting_cancel(meeting=first, reason="Room flooded", by=staff)
    assert slot_requests_waiting(second).filter(pk=slot_request.pk).exists()
    assert _accept(slot_request, second, staff).meeting == second


def test_a_slot_request_accepted_from_the_review_page_can_be_given_a_slot(
    group, staff, slot_request
):
    from opportunities.services.research_requests import research_request_set_status

    research_request_set_status(
        research_request=slot_request, status="accepted", message="", by=staff
    )
    meeting = meeting_create(group=group, days=14)
    assert slot_requests_waiting(meeting).filter(pk=slot_request.pk).exists()
    assert _accept(slot_request, meeting, staff).request == slot_request
    slot_request.refresh_from_db()
    assert slot_request.status == ResearchRequest.Status.ACCEPTED


def test_a_request_with_a_slot_is_not_given_a_second_at_another_meeting(group, staff, slot_request):
    first = meeting_create(group=group, days=14)
    second = meeting_create(group=group, days=42)
    _accept(slot_request, first, staff)
    with pytest.raises(MeetingError):
        _accept(slot_request, second, staff)
    assert AgendaItem.objects.filter(request=slot_request).count() == 1


def test_feedback_the_researcher_answered_cannot_be_changed(group, staff):
    held = meeting_create(group=group, days=-1)
    research_request = ResearchRequestFactory(route=Route.MEETING_SLOT, group=group)
    item = AgendaItemFactory(meeting=held, request=research_request)
    agenda_feedback_send(item=item, feedback="Make it shorter.", by=staff)
    agenda_item_answer(
        item=item, what_changed="We made it shorter.", by=research_request.researcher
    )
    with pytest.raises(MeetingError, match="answered"):
        agenda_feedback_send(item=item, feedback="Something else.", by=staff)
    item.refresh_from_db()
    assert item.feedback == "Make it shorter."


def test_moving_an_item_removed_meanwhile_does_nothing(group, staff):
    meeting = meeting_create(group=group, days=14)
    item = AgendaItemFactory(meeting=meeting)
    AgendaItemFactory(meeting=meeting)
    AgendaItem.objects.filter(pk=item.pk).delete()
    agenda_item_move(item=item, up=False, by=staff)  # no StopIteration (a 500)


def test_papers_may_be_due_on_the_uk_date_of_a_meeting_just_after_midnight(group, staff):
    starts = datetime.datetime(2030, 6, 5, 0, 30, tzinfo=LONDON)  # 23:30 UTC on the 4th
    meeting = meeting_add(
        group=group,
        by=staff,
        title="Night owls",
        mode="online",
        joining_link="https://meet.example.org/group",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
    )
    # Changed later, the start read back from the database (in UTC).
    meeting_update(
        meeting=GroupMeeting.objects.get(pk=meeting.pk),
        by=staff,
        papers_due_on=datetime.date(2030, 6, 5),
    )
    assert GroupMeeting.objects.get(pk=meeting.pk).papers_due_on == datetime.date(2030, 6, 5)


def test_a_cancelled_meeting_takes_no_new_agenda_items_or_notes(group, staff):
    from opportunities.services.meeting_admin import agenda_item_add, meeting_notes_save

    meeting = meeting_create(group=group, days=14)
    meeting_cancel(meeting=meeting, reason="Room flooded", by=staff)
    with pytest.raises(MeetingError, match="cancelled"):
        agenda_item_add(meeting=meeting, title="Our own business", by=staff)
    GroupMeeting.objects.filter(pk=meeting.pk).update(
        starts_at=meeting.starts_at - datetime.timedelta(days=20),
        ends_at=meeting.ends_at - datetime.timedelta(days=20),
    )
    meeting.refresh_from_db()
    with pytest.raises(MeetingError, match="cancelled"):
        meeting_notes_save(meeting=meeting, text="Nobody came.", by=staff)
    assert not AgendaItem.objects.filter(meeting=meeting).exists()


def test_a_slot_form_sent_twice_says_it_is_on_the_agenda_not_404(
    admin_login, staff, group, slot_request
):
    from django.urls import reverse

    meeting = meeting_create(group=group, days=14)
    client = admin_login(staff)
    url = reverse("opportunities_agenda_slot_accept", args=[meeting.pk, slot_request.pk])
    data = {
        "minutes": "30",
        "papers_due_on": meeting.papers_due_on.isoformat(),
        "what_to_send": "A summary",
    }
    assert client.post(url, data).status_code == 302
    again = client.post(url, data, follow=True)
    assert again.status_code == 200
    assert "already on this meeting" in again.text
    assert AgendaItem.objects.filter(request=slot_request).count() == 1


def test_removing_an_item_whose_feedback_a_colleague_just_sent_keeps_it(group, staff):
    held = meeting_create(group=group, days=-1)
    item = AgendaItemFactory(meeting=held, request=ResearchRequestFactory())
    stale = AgendaItem.objects.get(pk=item.pk)  # the page staff B opened
    agenda_feedback_send(item=item, feedback="Shorter, please.", by=staff)
    with pytest.raises(MeetingError, match="feedback"):
        agenda_item_remove(item=stale, by=staff)
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_changing_an_item_removed_meanwhile_says_so(group, staff):
    from opportunities.services.meeting_admin import agenda_item_update

    item = AgendaItemFactory(meeting=meeting_create(group=group, days=14))
    AgendaItem.objects.filter(pk=item.pk).delete()
    with pytest.raises(MeetingError, match="removed"):
        agenda_item_update(item=item, title="New", description="", minutes=20, by=staff)
    agenda_item_remove(item=item, by=staff)  # already gone: nothing to do, no error


def test_the_feedback_page_offers_no_form_once_the_researcher_answered(admin_login, staff, group):
    from django.urls import reverse

    held = meeting_create(group=group, days=-1)
    research_request = ResearchRequestFactory(route=Route.MEETING_SLOT, group=group)
    item = AgendaItemFactory(meeting=held, request=research_request)
    agenda_feedback_send(item=item, feedback="Make it shorter.", by=staff)
    agenda_item_answer(item=item, what_changed="Shorter now.", by=research_request.researcher)
    page = admin_login(staff).get(reverse("opportunities_agenda_feedback", args=[item.pk]))
    assert page.status_code == 200
    assert "The researcher has answered this feedback" in page.text
    assert 'name="feedback"' not in page.text


def test_a_meeting_whose_register_is_taken_keeps_its_date(group, staff):
    from decimal import Decimal

    from opportunities.services.meeting_admin import Mark, meeting_attendance_record
    from tests.opportunities.meeting_admin_helpers import active_member

    held = meeting_create(group=group, days=-1)
    member = active_member(group)
    meeting_attendance_record(
        meeting=held, marks={member.pk: Mark(attended=True, hours=Decimal(2))}, by=staff
    )
    later = held.starts_at + datetime.timedelta(days=7)
    with pytest.raises(MeetingError, match="register"):
        meeting_update(
            meeting=held, by=staff, starts_at=later, ends_at=later + datetime.timedelta(hours=2)
        )
    meeting_update(meeting=held, by=staff, title="Renamed")  # other changes are fine
    assert GroupMeeting.objects.get(pk=held.pk).starts_at == held.starts_at


def test_the_researcher_with_a_slot_is_told_when_the_meeting_is_cancelled(
    group, staff, slot_request, django_capture_on_commit_callbacks
):
    from django.core import mail

    meeting = meeting_create(group=group, days=14)
    _accept(slot_request, meeting, staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=meeting, reason="Room flooded", by=staff)
    (message,) = [m for m in mail.outbox if m.to == [slot_request.researcher.email]]
    assert "cancelled" in message.subject.lower()
    assert slot_request.project_title in message.body
    assert "another meeting" in message.body
    assert "Room flooded" in message.body
