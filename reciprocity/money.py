"""Money rules as plain functions over plain data (no database), unit-tested.

Amounts are Decimal end to end and rounded once, to the penny, half up (as people
round money). Rates come from a rate card: data with a valid-from date, never
constants here.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")
HALF_DAY_FROM_HOURS = Decimal("3")
FULL_DAY_FROM_HOURS = Decimal("5")

# How a rate card may pay a kind of activity.
FOR_TIME = "time"  # by the hour, half day or full day (payment_for_time)
PER_MEETING = "meeting"  # the card's fixed sum for a meeting from home
PER_DOCUMENT = "document"  # the card's fixed sum for reviewing a document


@dataclass(frozen=True)
class Rates:
    hourly: Decimal
    half_day: Decimal
    full_day: Decimal
    per_meeting: Decimal = Decimal("0.00")
    per_document: Decimal = Decimal("0.00")
    # Kind of activity → how it is paid (FOR_TIME, PER_MEETING, PER_DOCUMENT); a kind
    # the card does not name is paid for time.
    paid_as: Mapping[str, str] = field(default_factory=dict)


def to_pennies(amount: Decimal) -> Decimal:
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def payment_for_time(hours: Decimal, rates: Rates) -> tuple[str, Decimal]:
    """(basis, amount) for `hours` of involvement.

    Up to 3 hours: the hourly rate for each hour (part hours count). Over 3 and up to
    5 hours: the half-day rate. Over 5 hours: the full-day rate. This follows the
    usual pattern of NIHR-style payment policies; the amounts are the organisation's.
    """
    if hours <= 0:
        return "none", Decimal("0.00")
    if hours <= HALF_DAY_FROM_HOURS:
        return "hourly", to_pennies(hours * rates.hourly)
    if hours <= FULL_DAY_FROM_HOURS:
        return "half_day", to_pennies(rates.half_day)
    return "full_day", to_pennies(rates.full_day)


def payment_for_activity(kind: str, hours: Decimal, rates: Rates) -> tuple[str, Decimal]:
    """(basis, amount) for `hours` of an activity of `kind`, paid as the rate card pays
    that kind: for time (payment_for_time), or a fixed sum for a meeting from home or a
    document reviewed. No time is no payment, however it is paid."""
    if hours <= 0:
        return "none", Decimal("0.00")
    paid_as = rates.paid_as.get(kind, FOR_TIME)
    if paid_as == PER_MEETING:
        return PER_MEETING, to_pennies(rates.per_meeting)
    if paid_as == PER_DOCUMENT:
        return PER_DOCUMENT, to_pennies(rates.per_document)
    return payment_for_time(hours, rates)


def tax_year(day: datetime.date) -> str:
    """The UK tax year a date falls in, e.g. '2026-27' (6 April to 5 April)."""
    start = day.year if (day.month, day.day) >= (4, 6) else day.year - 1
    return f"{start}-{str(start + 1)[-2:]}"


def tax_year_bounds(label: str) -> tuple[datetime.date, datetime.date]:
    start = int(label[:4])
    return datetime.date(start, 4, 6), datetime.date(start + 1, 4, 5)


def totals_by(rows: list[tuple[str, Decimal]]) -> tuple[dict[str, Decimal], Decimal]:
    """Totals per label and the grand total, for a statement: exact sums of amounts
    already in pennies (so the totals always equal the sum of the rows)."""
    totals: dict[str, Decimal] = {}
    for label, amount in rows:
        totals[label] = totals.get(label, Decimal("0.00")) + amount
    return totals, sum(totals.values(), Decimal("0.00"))
