"""Dates and times in plain English on the UK's clock (home.datetimes and its filters)."""

import datetime
import re
import zoneinfo

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from home.datetimes import format_date, format_datetime, format_range, format_time, local

UTC = datetime.UTC
LONDON = zoneinfo.ZoneInfo("Europe/London")
ZONES = [
    UTC,
    LONDON,
    zoneinfo.ZoneInfo("America/New_York"),
    zoneinfo.ZoneInfo("Asia/Kolkata"),  # +5:30
    zoneinfo.ZoneInfo("Pacific/Chatham"),  # +12:45, and its own summer time
    datetime.timezone(datetime.timedelta(hours=-3, minutes=-15)),
]
# A clock time as this module writes it, with a zone only in the repeated hour.
CLOCK = re.compile(r"(midday|midnight|(1[0-2]|[1-9])(:[0-5][0-9])?(am|pm))( BST| GMT)?")

moments = st.datetimes(
    min_value=datetime.datetime(2000, 1, 1),
    max_value=datetime.datetime(2100, 1, 1),
    timezones=st.sampled_from(ZONES),
    allow_imaginary=False,
)


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


def test_the_site_shows_uk_time():
    from django.conf import settings

    assert settings.TIME_ZONE == "Europe/London" and settings.USE_TZ


def test_an_evening_session_in_winter():
    assert format_range(utc(2027, 1, 12, 18), utc(2027, 1, 12, 20)) == (
        "Tuesday 12 January 2027, 6pm to 8pm"
    )


def test_summer_times_are_british_summer_time():
    # 5pm UTC is 6pm BST.
    assert format_range(utc(2027, 7, 13, 17), utc(2027, 7, 13, 19, 30)) == (
        "Tuesday 13 July 2027, 6pm to 8:30pm"
    )


def test_a_range_over_two_days_names_both():
    assert format_range(utc(2027, 1, 12, 18), utc(2027, 1, 13, 10)) == (
        "Tuesday 12 January 2027, 6pm to Wednesday 13 January 2027, 10am"
    )


def test_a_range_ending_at_midnight_reads_to_midnight():
    assert format_range(utc(2027, 1, 12, 22), utc(2027, 1, 13, 0)) == (
        "Tuesday 12 January 2027, 10pm to midnight"
    )


def test_a_whole_day_from_midnight_names_both_days():
    assert format_range(utc(2027, 1, 12, 0), utc(2027, 1, 13, 0)) == (
        "Tuesday 12 January 2027, midnight to Wednesday 13 January 2027, midnight"
    )


@pytest.mark.parametrize(
    ("hour", "minute", "words"),
    [
        (12, 0, "midday"),
        (0, 0, "midnight"),
        (12, 30, "12:30pm"),
        (0, 30, "12:30am"),
        (9, 5, "9:05am"),
        (18, 0, "6pm"),
        (18, 30, "6:30pm"),
        (23, 59, "11:59pm"),
    ],
)
def test_clock_words(hour, minute, words):
    assert format_time(datetime.datetime(2027, 1, 12, hour, minute, tzinfo=LONDON)) == words


def test_a_date_time_and_a_date():
    moment = utc(2027, 1, 12, 12)
    assert format_datetime(moment) == "Tuesday 12 January 2027, midday"
    assert format_date(moment) == "Tuesday 12 January 2027"
    assert format_date(moment, weekday=False) == "12 January 2027"
    assert format_date(datetime.date(2026, 12, 4), weekday=False) == "4 December 2026"


def test_late_on_a_summer_evening_in_utc_is_the_next_day_here():
    assert format_datetime(utc(2027, 7, 12, 23, 30)) == "Tuesday 13 July 2027, 12:30am"


def test_another_zone_is_shown_on_the_uk_clock():
    new_york = zoneinfo.ZoneInfo("America/New_York")
    moment = datetime.datetime(2027, 1, 12, 13, tzinfo=new_york)  # 6pm in London
    assert format_datetime(moment) == "Tuesday 12 January 2027, 6pm"


def test_seconds_are_dropped():
    assert format_time(utc(2027, 1, 12, 18, 0, 59, 999)) == "6pm"


def test_a_naive_date_time_is_refused():
    with pytest.raises(ValueError, match="no time zone"):
        format_time(datetime.datetime(2027, 1, 12, 18))
    with pytest.raises(ValueError, match="no time zone"):
        format_range(datetime.datetime(2027, 1, 12, 18), utc(2027, 1, 12, 20))


def test_an_end_before_the_start_is_refused():
    with pytest.raises(ValueError, match="before the start"):
        format_range(utc(2027, 1, 12, 20), utc(2027, 1, 12, 18))


def test_a_range_of_no_length_is_one_date_time():
    assert format_range(utc(2027, 1, 12, 18), utc(2027, 1, 12, 18)) == (
        "Tuesday 12 January 2027, 6pm"
    )


# --- The clocks going forward (28 March 2027, 1am GMT → 2am BST) and back
# (31 October 2027, 2am BST → 1am GMT) ---


def test_the_clocks_change_on_the_dates_these_tests_assume():
    assert utc(2027, 3, 28, 0, 59).astimezone(LONDON).tzname() == "GMT"
    assert utc(2027, 3, 28, 1, 0).astimezone(LONDON).tzname() == "BST"
    assert utc(2027, 10, 31, 0, 59).astimezone(LONDON).tzname() == "BST"
    assert utc(2027, 10, 31, 1, 0).astimezone(LONDON).tzname() == "GMT"


def test_across_the_clocks_going_forward_the_missing_hour_is_skipped():
    # Two hours long, but the clock reads 12:30am then 2:30am (the 1am hour never happens).
    assert format_range(utc(2027, 3, 28, 0, 30), utc(2027, 3, 28, 1, 30)) == (
        "Sunday 28 March 2027, 12:30am to 2:30am"
    )


def test_in_the_repeated_hour_the_zone_is_named():
    # An hour apart, both at 1:30am on the clock.
    assert format_range(utc(2027, 10, 31, 0, 30), utc(2027, 10, 31, 1, 30)) == (
        "Sunday 31 October 2027, 1:30am BST to 1:30am GMT"
    )


def test_outside_the_repeated_hour_no_zone_is_named():
    assert format_range(utc(2027, 10, 31, 0, 0), utc(2027, 10, 31, 2, 0)) == (
        "Sunday 31 October 2027, 1am BST to 2am"
    )
    assert format_time(utc(2027, 10, 31, 2, 0)) == "2am"
    assert format_time(utc(2027, 10, 30, 0, 30)) == "1:30am"  # the day before: once only


def test_the_same_time_either_side_of_a_clock_change():
    # A weekly 6pm meeting stays at 6pm on the clock when the clocks change between.
    assert format_time(utc(2027, 3, 23, 18)) == "6pm"  # GMT
    assert format_time(utc(2027, 3, 30, 17)) == "6pm"  # BST


# --- Properties ---


@given(
    moments,
    st.timedeltas(min_value=datetime.timedelta(minutes=1), max_value=datetime.timedelta(days=3)),
)
def test_the_start_always_comes_before_the_end(start, length):
    # Added in UTC: adding to a local wall time across a clock change (Chatham's, say) can
    # give an end that is really before the start.
    end = start.astimezone(UTC) + length
    text = format_range(start, end)
    before, sep, after = text.partition(" to ")
    assert sep and " to " not in after
    assert before == format_datetime(start)
    assert after in (format_time(end), format_datetime(end))


@given(moments, moments, st.sampled_from(ZONES), st.sampled_from(ZONES))
def test_the_words_do_not_depend_on_the_zone_given(a, b, zone_a, zone_b):
    start, end = sorted([a, b], key=lambda value: value.astimezone(UTC))
    assert format_range(start, end) == format_range(
        start.astimezone(zone_a), end.astimezone(zone_b)
    )


@given(moments)
def test_every_time_is_written_in_gov_uk_style(moment):
    words = format_time(moment)
    assert CLOCK.fullmatch(words)
    assert words not in ("12pm", "12am") and ":00" not in words


@given(moments)
def test_the_words_give_back_the_uk_clock_time(moment):
    clock = local(moment)
    words = format_time(moment).removesuffix(" BST").removesuffix(" GMT")
    if words in ("midday", "midnight"):
        hour, minute = (12 if words == "midday" else 0), 0
    else:
        number, half = words[:-2], words[-2:]
        hour_text, _, minute_text = number.partition(":")
        hour = int(hour_text) % 12 + (12 if half == "pm" else 0)
        minute = int(minute_text or 0)
    assert (hour, minute) == (clock.hour, clock.minute)


@given(moments)
def test_a_zone_is_named_only_in_the_repeated_hour(moment):
    clock = local(moment)
    named = format_time(moment).endswith((" BST", " GMT"))
    assert named == (
        clock.month == 10 and clock.weekday() == 6 and clock.day > 24 and clock.hour == 1
    )


# --- Template filters ---


def render(source: str, **context) -> str:
    return Template("{% load roundtable_dates %}" + source).render(Context(context))


def test_the_filters_use_the_same_words():
    start, end = utc(2027, 1, 12, 18), utc(2027, 1, 12, 20)
    assert render("{{ s|plain_range:e }}", s=start, e=end) == "Tuesday 12 January 2027, 6pm to 8pm"
    assert render("{{ s|plain_datetime }}", s=start) == "Tuesday 12 January 2027, 6pm"
    assert render("{{ s|plain_date }}", s=start) == "Tuesday 12 January 2027"
    assert render('{{ s|plain_date:"short" }}', s=start) == "12 January 2027"
    assert render("{{ s|plain_time }}", s=utc(2027, 1, 12, 12)) == "midday"


def test_the_filters_print_nothing_for_no_date():
    assert (
        render(
            "[{{ s|plain_range:e }}{{ s|plain_datetime }}{{ s|plain_date }}{{ s|plain_time }}]",
            s=None,
            e=None,
        )
        == "[]"
    )


def test_a_range_filter_without_an_end_shows_the_start():
    assert render("{{ s|plain_range:e }}", s=utc(2027, 1, 12, 18), e=None) == (
        "Tuesday 12 January 2027, 6pm"
    )


def test_the_filters_refuse_a_naive_date_time():
    with pytest.raises(ValueError):
        render("{{ s|plain_time }}", s=datetime.datetime(2027, 1, 12, 18))
