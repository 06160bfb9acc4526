"""Which dates a series of meetings falls on (pure: no database)."""

import datetime

import pytest

from opportunities.meeting_dates import MAX_DATES, nth_weekday, series_dates

D = datetime.date
TUESDAY, WEDNESDAY, FRIDAY = 1, 2, 4


def test_first_tuesday_of_every_month():
    dates = series_dates(
        frequency="monthly",
        weekday=TUESDAY,
        week_of_month=1,
        first=D(2027, 1, 1),
        until=D(2027, 4, 30),
    )
    assert dates == [D(2027, 1, 5), D(2027, 2, 2), D(2027, 3, 2), D(2027, 4, 6)]


def test_a_first_date_after_this_months_meeting_starts_next_month():
    dates = series_dates(
        frequency="monthly",
        weekday=TUESDAY,
        week_of_month=1,
        first=D(2027, 1, 6),
        until=D(2027, 2, 28),
    )
    assert dates == [D(2027, 2, 2)]


def test_last_friday_of_the_month_has_four_or_five_before_it():
    dates = series_dates(
        frequency="monthly",
        weekday=FRIDAY,
        week_of_month=-1,
        first=D(2027, 1, 1),
        until=D(2027, 3, 31),
    )
    assert dates == [D(2027, 1, 29), D(2027, 2, 26), D(2027, 3, 26)]


def test_every_other_wednesday_starts_on_the_first_wednesday_on_or_after_the_first_date():
    dates = series_dates(
        frequency="weekly",
        weekday=WEDNESDAY,
        every_weeks=2,
        first=D(2027, 1, 1),
        until=D(2027, 2, 10),
    )
    assert dates == [D(2027, 1, 6), D(2027, 1, 20), D(2027, 2, 3)]
    assert all(day.weekday() == WEDNESDAY for day in dates)


def test_until_is_included_and_before_first_gives_nothing():
    assert series_dates(
        frequency="weekly",
        weekday=WEDNESDAY,
        every_weeks=1,
        first=D(2027, 1, 6),
        until=D(2027, 1, 6),
    ) == [D(2027, 1, 6)]
    assert (
        series_dates(
            frequency="weekly",
            weekday=WEDNESDAY,
            every_weeks=1,
            first=D(2027, 1, 6),
            until=D(2027, 1, 5),
        )
        == []
    )


def test_a_series_is_bounded():
    dates = series_dates(
        frequency="weekly", weekday=0, every_weeks=1, first=D(2027, 1, 1), until=D(2100, 1, 1)
    )
    assert len(dates) == MAX_DATES


def test_nth_weekday_refuses_a_fifth_and_a_bad_weekday():
    assert nth_weekday(2027, 3, TUESDAY, 4) == D(2027, 3, 23)
    with pytest.raises(ValueError):
        nth_weekday(2027, 3, TUESDAY, 5)
    with pytest.raises(ValueError):
        nth_weekday(2027, 3, 7, 1)


def test_rules_missing_their_detail_are_refused():
    with pytest.raises(ValueError):
        series_dates(frequency="monthly", weekday=1, first=D(2027, 1, 1), until=D(2027, 2, 1))
    with pytest.raises(ValueError):
        series_dates(frequency="weekly", weekday=1, first=D(2027, 1, 1), until=D(2027, 2, 1))
    with pytest.raises(ValueError):
        series_dates(frequency="yearly", weekday=1, first=D(2027, 1, 1), until=D(2027, 2, 1))
