"""Group meetings and comment rounds when two people act at the same moment: a series
sent twice makes its meetings once; a slot accepted by two staff at once is one item
and one email; a member's reply sent twice is one reply; a round closed by the task and
by staff at once records each member's time once and tells the researcher once. Needs
PostgreSQL (SQLite has one writer at a time)."""

import datetime
import threading

import pytest
from django.db import connection

from home.models import OutboxEmail
from involvement.models import Involvement
from members.factories import StaffFactory
from opportunities.factories import ResearchRequestFactory, meeting_create
from opportunities.models import AgendaItem, GroupMeeting, MeetingReply, Route
from opportunities.services.meeting_admin import agenda_slot_accept, meeting_series_create
from opportunities.services.meetings import MeetingError, meeting_reply_save
from tests.opportunities.meeting_admin_helpers import active_member, group_get

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _at_once(count: int, action) -> list:
    """Run action(n) in `count` threads released together; what each raised, or None."""
    barrier = threading.Barrier(count)
    outcomes = [None] * count

    def run(n):
        try:
            barrier.wait(timeout=10)
            action(n)
        except Exception as error:  # noqa: BLE001 (the test looks at what was raised)
            outcomes[n] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_a_series_sent_twice_at_once_makes_its_meetings_once(baseline):
    group = group_get()
    staff = [StaffFactory() for _ in range(2)]
    fields = {
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
    outcomes = _at_once(2, lambda n: meeting_series_create(group=group, by=staff[n], **fields))
    assert GroupMeeting.objects.filter(group=group).count() == 6
    assert [type(o) for o in outcomes].count(MeetingError) == 1, outcomes


def test_a_slot_accepted_by_two_staff_at_once_is_one_item_and_one_email(baseline):
    group = group_get()
    meeting = meeting_create(group=group, days=14)
    research_request = ResearchRequestFactory(route=Route.MEETING_SLOT, group=group)
    staff = [StaffFactory() for _ in range(3)]
    outcomes = _at_once(
        3,
        lambda n: agenda_slot_accept(
            research_request=research_request,
            meeting=meeting,
            minutes=20,
            papers_due_on=meeting.papers_due_on,
            what_to_send="A summary",
            by=staff[n],
        ),
    )
    assert outcomes == [None, None, None]
    assert AgendaItem.objects.filter(request=research_request).count() == 1
    assert OutboxEmail.objects.filter(key__startswith="agenda-slot:").count() == 1


def test_a_reply_sent_twice_at_once_is_one_reply(baseline):
    group = group_get()
    meeting = meeting_create(group=group, days=14)
    member = active_member(group)
    outcomes = _at_once(
        4, lambda n: meeting_reply_save(meeting=meeting, member=member, answer="coming")
    )
    assert outcomes == [None] * 4
    assert MeetingReply.objects.filter(meeting=meeting, member=member).count() == 1
    assert OutboxEmail.objects.filter(key__startswith="meeting-reply:").count() == 1


def test_a_round_closed_by_the_task_and_by_staff_at_once_counts_once(baseline):
    from django.utils import timezone

    from opportunities.factories import comment_round_create
    from opportunities.models import CommentRound, RoundResponse
    from opportunities.services.comment_rounds import (
        comment_round_close,
        comment_rounds_close_past_deadline,
    )

    group = group_get()
    research_request = ResearchRequestFactory(route=Route.COMMENTS, group=group)
    comment_round = comment_round_create(group=group, request=research_request)
    for member in (active_member(group), active_member(group)):
        RoundResponse.objects.create(
            round=comment_round, member=member, comment="Clear", submitted_at=timezone.now()
        )
    CommentRound.objects.filter(pk=comment_round.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    staff = StaffFactory()
    outcomes = _at_once(
        2,
        lambda n: (
            comment_rounds_close_past_deadline()
            if n == 0
            else comment_round_close(comment_round=comment_round, by=staff)
        ),
    )
    assert outcomes == [None, None]
    comment_round.refresh_from_db()
    assert comment_round.status == CommentRound.Status.CLOSED
    assert Involvement.objects.filter(activity_id=comment_round.activity_id).count() == 2
    assert OutboxEmail.objects.filter(key=f"comment-round-collated:{comment_round.pk}").count() == 1
