"""Months on the UK's clock, for listings by month ("January 2027", with a way to the
month before and after): the opportunities' month view (issue 14, item 7) and training's
course dates (issue 15).

    month = Month.parse(request.GET.get("month")) or Month.current()
    month.label                   "January 2027"
    month.slug                    "2027-01", for a query string
    month.start, month.end        aware date-times: the UK's midnights that bound it
    month.previous(), month.next()
    Month.of(session.starts_at)   the month a date-time falls in, on the UK's clock
    group_by_month(items, key)    [(Month, [items…]), …] in the order given

Kept apart from home.calendar, which writes calendar files, and home.datetimes, which
words single dates: this is the arithmetic of months, and its bounds are the UK's
midnights (a session at 11:30pm on 31 March UTC in summer is in April here).
"""

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.utils import dateformat, timezone
from django.utils.translation import pgettext

from home import datetimes

__all__ = ["Month", "group_by_month"]

T = TypeVar("T")
SLUG = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    def __post_init__(self):
        if not 1 <= self.month <= 12 or not 1 <= self.year <= 9998:
            raise ValueError(f"No such month: {self.year}-{self.month}")

    @classmethod
    def parse(cls, text: str | None) -> "Month | None":
        """ "2027-01" → Month(2027, 1); None for anything else."""
        found = SLUG.match(text or "")
        if not found:
            return None
        try:
            return cls(int(found[1]), int(found[2]))
        except ValueError:
            return None

    @classmethod
    def of(cls, value: datetime.date) -> "Month":
        """The month `value` falls in; a date-time is put on the UK's clock first."""
        if isinstance(value, datetime.datetime):
            value = datetimes.local(value).date()
        return cls(value.year, value.month)

    @classmethod
    def current(cls) -> "Month":
        return cls.of(timezone.localdate())

    @property
    def slug(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def label(self) -> str:
        """ "January 2027"."""
        # Translators: Django date format for a month heading, for example "January 2027".
        return dateformat.format(self.first_day, pgettext("month heading", "F Y"))

    def __str__(self) -> str:
        return self.label

    @property
    def start(self) -> datetime.datetime:
        """The UK's midnight that starts the month (aware)."""
        return _midnight(self.first_day)

    @property
    def end(self) -> datetime.datetime:
        """The UK's midnight that ends it: the next month's start."""
        return self.next().start

    def next(self) -> "Month":
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> "Month":
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def months_from(self, other: "Month") -> int:
        """How many months `self` is after `other` (negative when before)."""
        return (self.year - other.year) * 12 + self.month - other.month


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def group_by_month(
    items: Iterable[T], key: Callable[[T], datetime.date]
) -> list[tuple[Month, list[T]]]:
    """Items under the month of `key(item)`, months in the order they first appear (give
    the items sorted by date for months in date order)."""
    groups: dict[Month, list[T]] = {}
    for item in items:
        groups.setdefault(Month.of(key(item)), []).append(item)
    return list(groups.items())
