"""Which dates a series of meetings falls on: pure, no database.

    series_dates(frequency="monthly", weekday=1, week_of_month=1, first=…, until=…)
        the first Tuesday of every month from `first` to `until` (both included)
    series_dates(frequency="weekly", weekday=2, every_weeks=2, first=…, until=…)
        every other Wednesday, starting with the first Wednesday on or after `first`

Weekdays count from Monday = 0 (Python's); `week_of_month` is 1 to 4, or -1 for the
last one in the month (there is not always a fifth).
"""

import calendar
import datetime

__all__ = ["nth_weekday", "series_dates"]

MAX_DATES = 400  # about eight years of weekly meetings: a bound, not a plan


def nth_weekday(year: int, month: int, weekday: int, n: int) -> datetime.date:
    """The `n`th `weekday` of the month (n = -1: the last one)."""
    if not 0 <= weekday <= 6:
        raise ValueError("weekday is 0 (Monday) to 6 (Sunday)")
    days = [
        day
        for day in calendar.Calendar().itermonthdates(year, month)
        if day.month == month and day.weekday() == weekday
    ]
    if n == -1:
        return days[-1]
    if not 1 <= n <= 4:
        raise ValueError("week_of_month is 1 to 4, or -1 for the last")
    return days[n - 1]


def series_dates(
    *,
    frequency: str,
    weekday: int,
    first: datetime.date,
    until: datetime.date,
    week_of_month: int | None = None,
    every_weeks: int | None = None,
) -> list[datetime.date]:
    """Every date of the series from `first` to `until`, in order (at most MAX_DATES)."""
    if until < first:
        return []
    dates: list[datetime.date] = []
    if frequency == "monthly":
        if week_of_month is None:
            raise ValueError("A monthly series needs week_of_month")
        year, month = first.year, first.month
        while len(dates) < MAX_DATES:
            day = nth_weekday(year, month, weekday, week_of_month)
            if day > until:
                break
            if day >= first:
                dates.append(day)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    elif frequency == "weekly":
        if not every_weeks or every_weeks < 1:
            raise ValueError("A weekly series needs every_weeks of 1 or more")
        day = first + datetime.timedelta(days=(weekday - first.weekday()) % 7)
        while day <= until and len(dates) < MAX_DATES:
            dates.append(day)
            day += datetime.timedelta(weeks=every_weeks)
    else:
        raise ValueError(f"Unknown frequency {frequency!r}")
    return dates
