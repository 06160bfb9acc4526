"""Dates and times in plain English, in UK time, written as GOV.UK and the NHS write them.

    format_range(start, end)  "Tuesday 12 January 2027, 6pm to 8pm"
                              "Tuesday 12 January 2027, 10pm to midnight"
                              "Tuesday 12 January 2027, 6pm to Wednesday 13 January 2027, 10am"
    format_datetime(value)    "Tuesday 12 January 2027, 6:30pm"
    format_date(value)        "Tuesday 12 January 2027" (weekday=False: "12 January 2027")
    format_time(value)        "6pm", "6:30pm", "12:30am", "midday", "midnight"
    format_tax_year("2026-27") "2026 to 2027" (how GOV.UK names a tax year)
    local(value)              the same instant on the UK's clock (settings.TIME_ZONE)

Who calls it: opportunity sessions (issue 14, item 7), training sessions (issue 15) and
group meetings (issue 17), in pages, emails and reminders alike, so a date reads the same
everywhere; templates use the same words through `{% load roundtable_dates %}`.

The rules:
- Any aware date-time is shown on the UK's clock (Europe/London: GMT in winter, BST in
  summer), whatever zone it arrives in. A naive one is refused (ValueError): with
  USE_TZ every date-time from the database is aware, so a naive one is a bug, and
  guessing its zone would put a meeting an hour out for half the year.
- To the minute: seconds are dropped.
- In the hour that happens twice when the clocks go back (1am to 2am on the last Sunday
  of October) a time also names its zone, "1:30am BST" or "1:30am GMT": otherwise
  "1:30am to 1:30am" would be true and useless.
- A range that ends at midnight after its start day reads "10pm to midnight", as people
  say it; any other range over two days names both days.
- Every word is translatable: the glue ("%(date)s, %(time)s", "%(start)s to %(end)s"),
  the clock words and the date's format; day and month names come from Django's own
  translations.
"""

import datetime

from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

__all__ = [
    "format_date",
    "format_datetime",
    "format_range",
    "format_tax_year",
    "format_time",
    "local",
]

MIDNIGHT = datetime.time(0, 0)


def local(value: datetime.datetime) -> datetime.datetime:
    """`value` on the UK's clock (settings.TIME_ZONE), to the minute.

    Raises ValueError for a naive date-time and TypeError for anything else that is
    not a date-time (a plain date has no time to convert).
    """
    if not isinstance(value, datetime.datetime):
        raise TypeError(f"Expected a date-time, not {type(value).__name__}")
    if timezone.is_naive(value):
        raise ValueError(
            f"{value!r} has no time zone: give an aware date-time (the database's are), "
            "so that it is not shown an hour out when the clocks change"
        )
    # The site's zone, not the one a request may have activated: an email written by a
    # worker and the page a person reads must say the same time.
    return value.astimezone(timezone.get_default_timezone()).replace(second=0, microsecond=0)


def format_date(value: datetime.date, *, weekday: bool = True) -> str:
    """ "Tuesday 12 January 2027" (or "12 January 2027" without the weekday).

    A date-time is first put on the UK's clock, so 11pm UTC on a summer evening is the
    next day here; a plain date is shown as it is.
    """
    if isinstance(value, datetime.datetime):
        value = local(value).date()
    elif not isinstance(value, datetime.date):
        raise TypeError(f"Expected a date, not {type(value).__name__}")
    if weekday:
        # Translators: Django date format (docs: "date" template filter), for example
        # "Tuesday 12 January 2027".
        fmt = pgettext("date with weekday", "l j F Y")
    else:
        # Translators: Django date format, for example "12 January 2027".
        fmt = pgettext("date without weekday", "j F Y")
    return dateformat.format(value, fmt)


def format_time(value: datetime.datetime) -> str:
    """ "6pm", "6:30pm", "12:30am", "midday" or "midnight" (GOV.UK style: no "12pm",
    no ":00", no 24-hour clock), on the UK's clock."""
    return _clock(local(value))


def format_datetime(value: datetime.datetime, *, weekday: bool = True) -> str:
    """ "Tuesday 12 January 2027, 6:30pm" (or "12 January 2027, 6:30pm" without the
    weekday, for tables and records), on the UK's clock."""
    moment = local(value)
    return _("%(date)s, %(time)s") % {
        "date": format_date(moment, weekday=weekday),
        "time": _clock(moment),
    }


def format_tax_year(label: str) -> str:
    """ "2026 to 2027" for the stored "2026-27" (reciprocity.money.tax_year): GOV.UK's
    wording, which nobody misreads as a range of dates or a sum."""
    start = int(label[:4])
    return _("%(start)d to %(end)d") % {"start": start, "end": start + 1}


def format_range(start: datetime.datetime, end: datetime.datetime) -> str:
    """ "Tuesday 12 January 2027, 6pm to 8pm", on the UK's clock.

    Over two days: "Tuesday 12 January 2027, 6pm to Wednesday 13 January 2027, 10am",
    except that a range ending at the midnight after its start day reads "…, 10pm to
    midnight". A range of no length is the one date-time. Raises ValueError if `end`
    comes before `start` (a form should have caught that).
    """
    first, last = local(start), local(end)
    # Compared as instants: two date-times in one zone compare by their wall clocks,
    # and 1:30am BST and 1:30am GMT are an hour apart.
    if _instant(end) < _instant(start):
        raise ValueError(f"The end ({end!r}) comes before the start ({start!r})")
    if _instant(last) == _instant(first):
        return format_datetime(first)
    ends_that_midnight = (
        last.time() == MIDNIGHT
        and first.time() != MIDNIGHT
        and last.date() == first.date() + datetime.timedelta(days=1)
    )
    if first.date() == last.date() or ends_that_midnight:
        times = _("%(start)s to %(end)s") % {"start": _clock(first), "end": _clock(last)}
        return _("%(date)s, %(time)s") % {"date": format_date(first), "time": times}
    return _("%(start)s to %(end)s") % {
        "start": format_datetime(first),
        "end": format_datetime(last),
    }


def _instant(value: datetime.datetime) -> datetime.datetime:
    return value.astimezone(datetime.UTC)


def _clock(moment: datetime.datetime) -> str:
    """The time of `moment` (already local) in words."""
    hour, minute = moment.hour, moment.minute
    if minute == 0 and hour == 12:
        text = _("midday")
    elif minute == 0 and hour == 0:
        text = _("midnight")
    else:
        numbers = {"hour": hour % 12 or 12, "minute": minute}
        if hour < 12:
            # Translators: a time in the morning, for example "9am" or "9:30am".
            text = (_("%(hour)dam") if not minute else _("%(hour)d:%(minute)02dam")) % numbers
        else:
            # Translators: a time after midday, for example "6pm" or "6:30pm".
            text = (_("%(hour)dpm") if not minute else _("%(hour)d:%(minute)02dpm")) % numbers
    if _repeated(moment):
        # Translators: a time and its zone, for example "1:30am BST" (only in the hour
        # that happens twice when the clocks go back).
        text = _("%(time)s %(zone)s") % {"time": text, "zone": moment.tzname()}
    return text


def _repeated(moment: datetime.datetime) -> bool:
    """Does this wall-clock time happen twice (the hour when the clocks go back)?"""
    return moment.replace(fold=1 - moment.fold).utcoffset() != moment.utcoffset()
