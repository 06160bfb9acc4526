"""Money rules as plain functions over plain data (no database), unit-tested.

Amounts are Decimal end to end and rounded once, to the penny, half up (as people
round money). Rates come from a rate card: data with a valid-from date, never
constants here.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")
HALF_DAY_FROM_HOURS = Decimal("3")
FULL_DAY_FROM_HOURS = Decimal("5")


@dataclass(frozen=True)
class Rates:
    hourly: Decimal
    half_day: Decimal
    full_day: Decimal


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
