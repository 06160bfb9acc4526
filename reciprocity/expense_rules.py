"""Expense rules as plain functions over plain data (no database), unit-tested: reading
an amount as people type it, what each cost is paid and why, and when a receipt is
needed. The claim's check page and the service that sends it use the same functions,
so what the member is shown is what is paid."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from reciprocity.money import to_pennies

MILEAGE = "mileage"
FOOD = "food"
MILES_MAX = 2000

# "£3.50", "3.50", "£3", "3.5", "1,250.00", " £ 4 ": pounds, and at most two figures of pence.
POUNDS = re.compile(r"^£?\s*(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$")


def pounds_parse(text: str) -> Decimal | None:
    """The amount typed, in pounds, or None when it is not an amount of money."""
    text = (text or "").strip()
    if not POUNDS.match(text):
        return None
    try:
        return Decimal(text.lstrip("£").strip().replace(",", ""))
    except InvalidOperation:  # pragma: no cover (the pattern lets only numbers through)
        return None


def pounds(amount: Decimal) -> str:
    """£1,250.00, as the member reads an amount."""
    return f"£{amount:,.2f}"


def per_mile(rate: Decimal) -> str:
    """45p, or 45.5p, or £1.20: a mileage rate as people say it."""
    if rate >= 1:
        return pounds(rate)
    pence = (rate * 100).normalize()
    return f"{pence:f}p"


@dataclass(frozen=True)
class ExpenseRates:
    """A rate card's expense rates and limits: pence a mile, the food paid for one
    activity, the most for one cost and for one activity, and the receipt rule for each
    kind of cost (receipt needed over this amount; None: never)."""

    mileage_per_mile: Decimal
    food_cap: Decimal
    item_max: Decimal
    claim_max: Decimal
    receipt_over: Mapping[str, Decimal | None] = field(default_factory=dict)


def receipt_needed(kind: str, amount: Decimal | None, rates: ExpenseRates) -> bool:
    """Whether a cost of `kind` and `amount` (as typed, before any cap) needs a receipt.
    Mileage never does; a kind the card has no rule for always does."""
    if kind == MILEAGE:
        return False
    over = rates.receipt_over.get(kind, Decimal("0.00"))
    return over is not None and (amount or Decimal("0")) > over


def receipt_rule_text(kind_label: str, over: Decimal | None) -> str:
    """The rule as the start page and the receipt box say it."""
    if over is None:
        return _("%(kind)s: no receipt needed") % {"kind": kind_label}
    if over <= 0:
        return _("%(kind)s: a receipt for every cost") % {"kind": kind_label}
    return _("%(kind)s: a receipt for costs over %(over)s") % {
        "kind": kind_label,
        "over": pounds(over),
    }


@dataclass(frozen=True)
class CostLine:
    """One cost as it will be paid: `paid`, with `note` saying how it was worked out or
    why it was capped, or `error` saying why it cannot be claimed."""

    kind: str
    typed: Decimal | None  # the amount the member typed (None for mileage)
    miles: Decimal | None
    paid: Decimal
    note: str = ""
    error: str = ""

    @property
    def capped(self) -> bool:
        return self.typed is not None and self.paid < self.typed


def cost_lines(
    costs: list[Mapping], rates: ExpenseRates, *, food_before: Decimal
) -> list[CostLine]:
    """What each cost is paid, in order. `costs`: kind, and miles (mileage) or amount
    (anything else), as Decimals or strings. `food_before`: food already claimed for the
    activity in other claims not turned down or withdrawn: the food limit is for the
    whole activity, not for each cost or claim."""
    lines = []
    food_claimed = food_before
    for cost in costs:
        kind = cost["kind"]
        if kind == MILEAGE:
            miles = Decimal(str(cost.get("miles") or 0))
            paid = to_pennies(miles * rates.mileage_per_mile)
            note = _("%(miles)s miles at %(rate)s a mile") % {
                "miles": f"{miles.normalize():,f}",
                "rate": per_mile(rates.mileage_per_mile),
            }
            error = ""
            if miles <= 0 or miles > MILES_MAX:
                error = _("Enter the miles you drove, from 1 to 2,000.")
            elif paid > rates.item_max:
                error = _(
                    "%(miles)s miles comes to %(amount)s, and one cost can be for up to "
                    "%(max)s. Check the miles, or call the involvement team first."
                ) % {"miles": f"{miles:,}", "amount": pounds(paid), "max": pounds(rates.item_max)}
            lines.append(CostLine(kind, None, miles, paid, note, error))
            continue
        typed = Decimal(str(cost.get("amount") or 0))
        if typed <= 0 or typed > rates.item_max:
            error = _(
                "Enter an amount from £0.01 to %(max)s for each cost. For more, call the "
                "involvement team first."
            ) % {"max": pounds(rates.item_max)}
            lines.append(CostLine(kind, typed, None, Decimal("0.00"), "", error))
            continue
        if kind != FOOD:
            lines.append(CostLine(kind, typed, None, to_pennies(typed)))
            continue
        left = max(rates.food_cap - food_claimed, Decimal("0.00"))
        if left <= 0:
            # A food cost of nothing would only puzzle the member and staff.
            error = _(
                "You have already claimed the most for food for this activity (%(cap)s). "
                "Remove this cost."
            ) % {"cap": pounds(rates.food_cap)}
            lines.append(CostLine(kind, typed, None, Decimal("0.00"), "", error))
            continue
        paid = to_pennies(min(typed, left))
        note = ""
        if paid < typed:
            if food_claimed:
                note = _(
                    "Food is paid up to %(cap)s for one activity and %(before)s is already "
                    "claimed, so %(typed)s becomes %(paid)s"
                ) % {
                    "cap": pounds(rates.food_cap),
                    "before": pounds(food_claimed),
                    "typed": pounds(typed),
                    "paid": pounds(paid),
                }
            else:
                note = _(
                    "Food is paid up to %(cap)s for one activity, so %(typed)s becomes %(paid)s"
                ) % {"cap": pounds(rates.food_cap), "typed": pounds(typed), "paid": pounds(paid)}
        food_claimed += paid
        lines.append(CostLine(kind, typed, None, paid, note))
    return lines


def claim_total_error(total: Decimal, *, claimed_before: Decimal, claim_max: Decimal) -> str:
    """Why the claim is over the activity's limit, or "" when it is not. The limit is for
    the activity, not each claim: else ten claims pass it tenfold."""
    if claimed_before + total <= claim_max:
        return ""
    if not claimed_before:
        return _(
            "These costs come to %(total)s, and one claim can be for up to %(max)s. Call "
            "the involvement team about costs this large."
        ) % {"total": pounds(total), "max": pounds(claim_max)}
    return _(
        "These costs come to %(total)s. You can claim up to %(max)s for one activity, and "
        "you have already claimed %(before)s for this one, so %(left)s is left to claim. "
        "Call the involvement team about more."
    ) % {
        "total": pounds(total),
        "max": pounds(claim_max),
        "before": pounds(claimed_before),
        "left": pounds(max(claim_max - claimed_before, Decimal("0.00"))),
    }
