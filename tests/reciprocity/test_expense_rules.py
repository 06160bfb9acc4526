"""The expense rules as plain functions (no database): amounts as people type them,
what each cost is paid and why, and when a receipt is needed."""

from decimal import Decimal

import pytest

from reciprocity.expense_rules import (
    ExpenseRates,
    claim_total_error,
    cost_lines,
    per_mile,
    pounds_parse,
    receipt_needed,
)

RATES = ExpenseRates(
    mileage_per_mile=Decimal("0.45"),
    food_cap=Decimal("10.00"),
    item_max=Decimal("1000.00"),
    claim_max=Decimal("1500.00"),
    receipt_over={"food": Decimal("0"), "parking": Decimal("5"), "carer": None},
)


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("£3.50", "3.50"),
        ("3.50", "3.50"),
        ("£3", "3"),
        ("3.5", "3.5"),
        (" £ 4 ", "4"),
        ("£1,250.00", "1250.00"),
    ],
)
def test_amounts_as_people_type_them(typed, amount):
    assert pounds_parse(typed) == Decimal(amount)


@pytest.mark.parametrize("typed", ["", "£", "three", "3.555", "3..5", "-5", "1,25", "£3.50p"])
def test_anything_else_is_not_an_amount(typed):
    assert pounds_parse(typed) is None


def test_mileage_rates_read_as_people_say_them():
    assert [per_mile(Decimal(r)) for r in ("0.45", "0.455", "1.2")] == ["45p", "45.5p", "£1.20"]


def test_food_is_capped_for_the_activity_and_the_reason_is_given():
    lines = cost_lines(
        [{"kind": "food", "amount": "25"}, {"kind": "mileage", "miles": "12"}],
        RATES,
        food_before=Decimal("0"),
    )
    assert [line.paid for line in lines] == [Decimal("10.00"), Decimal("5.40")]
    assert lines[0].capped and lines[0].note == (
        "Food is paid up to £10.00 for one activity, so £25.00 becomes £10.00"
    )
    assert lines[1].note == "12 miles at 45p a mile" and not lines[1].capped


def test_food_already_claimed_counts_and_nothing_left_is_an_error():
    first, second = cost_lines(
        [{"kind": "food", "amount": "9"}, {"kind": "food", "amount": "3"}],
        RATES,
        food_before=Decimal("6"),
    )
    assert first.paid == Decimal("4.00") and "£6.00 is already claimed" in first.note
    assert second.error.startswith("You have already claimed the most for food")


def test_receipts_follow_the_rule_for_each_kind():
    assert receipt_needed("food", Decimal("0.50"), RATES)
    assert not receipt_needed("parking", Decimal("5"), RATES)
    assert receipt_needed("parking", Decimal("5.01"), RATES)
    assert not receipt_needed("carer", Decimal("500"), RATES)  # the card says never
    assert receipt_needed("support", Decimal("1"), RATES)  # no rule: one is needed
    assert not receipt_needed("mileage", None, RATES)


def test_the_activity_limit_counts_earlier_claims():
    assert (
        claim_total_error(Decimal("1500"), claimed_before=Decimal("0"), claim_max=Decimal("1500"))
        == ""
    )
    message = claim_total_error(
        Decimal("400"), claimed_before=Decimal("1200"), claim_max=Decimal("1500")
    )
    assert "so £300.00 is left to claim" in message
