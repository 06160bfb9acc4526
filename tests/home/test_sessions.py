"""The shared pieces for dated sessions (home/sessions.py) and months (home/months.py),
which opportunities use now and training will use: checks, words, upcoming, next, and
the UK's months."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from home.months import Month, group_by_month
from home.sessions import next_session
from opportunities.models import OpportunitySession

LONDON = zoneinfo.ZoneInfo("Europe/London")
UTC = datetime.UTC


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LONDON)


def session(start, end, pk=None) -> OpportunitySession:
    return OpportunitySession(pk=pk, starts_at=start, ends_at=end)


def test_a_session_reads_as_govuk_writes_dates():
    assert session(at(2027, 1, 12, 18), at(2027, 1, 12, 20)).when == (
        "Tuesday 12 January 2027, 6pm to 8pm"
    )
    over_two_days = session(at(2027, 1, 12, 18), at(2027, 1, 13, 10))
    assert over_two_days.when == ("Tuesday 12 January 2027, 6pm to Wednesday 13 January 2027, 10am")


def test_a_session_stored_in_utc_is_shown_on_the_uks_clock_in_summer():
    # 5pm UTC in July is 6pm in London (BST).
    summer = session(
        datetime.datetime(2027, 7, 6, 17, tzinfo=UTC), datetime.datetime(2027, 7, 6, 19, tzinfo=UTC)
    )
    assert summer.when == "Tuesday 6 July 2027, 6pm to 8pm"


def test_the_end_must_come_after_the_start():
    backwards = session(at(2027, 1, 12, 20), at(2027, 1, 12, 18))
    with pytest.raises(ValidationError) as error:
        backwards.clean()
    assert "The end must be after the start" in str(error.value.message_dict["ends_at"])
    with pytest.raises(ValidationError):
        session(at(2027, 1, 12, 18), at(2027, 1, 12, 18)).clean()
    session(at(2027, 1, 12, 18), at(2027, 1, 14, 12)).clean()  # several days: fine


def test_upcoming_means_not_over_yet():
    meeting = session(at(2027, 1, 12, 18), at(2027, 1, 12, 20))
    assert meeting.is_upcoming(now=at(2027, 1, 12, 17))
    assert meeting.is_upcoming(now=at(2027, 1, 12, 19))  # under way
    assert meeting.has_started(now=at(2027, 1, 12, 19))
    assert not meeting.is_upcoming(now=at(2027, 1, 12, 20))


def test_the_next_session_is_the_soonest_not_over():
    past = session(at(2027, 1, 5, 18), at(2027, 1, 5, 20), pk=1)
    later = session(at(2027, 2, 2, 18), at(2027, 2, 2, 20), pk=2)
    sooner = session(at(2027, 1, 19, 18), at(2027, 1, 19, 20), pk=3)
    now = at(2027, 1, 10, 9)
    assert next_session([past, later, sooner], now=now) is sooner
    assert next_session([past], now=now) is None
    assert next_session([], now=now) is None


def test_a_session_as_a_calendar_event_keeps_one_uid_per_row():
    meeting = session(at(2027, 1, 12, 18), at(2027, 1, 12, 20), pk=7)
    event = meeting.calendar_event(kind="opportunity-session", summary="Panel")
    assert event.uid.startswith("opportunity-session-7@")
    assert event.start == meeting.starts_at and event.end == meeting.ends_at


def test_months_have_plain_labels_and_the_uks_midnights():
    january = Month(2027, 1)
    assert january.label == "January 2027" and january.slug == "2027-01"
    assert january.previous() == Month(2026, 12) and Month(2026, 12).next() == january
    assert Month.parse("2027-01") == january
    assert Month.parse("2027-13") is None and Month.parse("January") is None
    assert Month.parse(None) is None
    # British Summer Time: April starts at 11pm UTC on 31 March.
    april = Month(2027, 4)
    assert april.start == datetime.datetime(2027, 3, 31, 23, tzinfo=UTC)
    assert Month.of(datetime.datetime(2027, 3, 31, 23, 30, tzinfo=UTC)) == april
    assert Month(2027, 3).end == april.start
    assert Month(2027, 3).months_from(Month(2026, 12)) == 3


def test_items_are_grouped_under_their_month():
    meetings = [
        session(at(2027, 1, 12, 18), at(2027, 1, 12, 20)),
        session(at(2027, 1, 26, 18), at(2027, 1, 26, 20)),
        session(at(2027, 2, 9, 18), at(2027, 2, 9, 20)),
    ]
    groups = group_by_month(meetings, key=lambda s: s.starts_at)
    assert [(month.label, len(items)) for month, items in groups] == [
        ("January 2027", 2),
        ("February 2027", 1),
    ]
