"""Money rules: plain functions, no database. Decimal end to end, rounded once."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reciprocity.money import (
    Rates,
    payment_for_activity,
    payment_for_time,
    tax_year,
    tax_year_bounds,
    to_pennies,
)

RATES = Rates(hourly=Decimal("25.00"), half_day=Decimal("75.00"), full_day=Decimal("150.00"))
KINDS = ["opportunity", "group_meeting", "training_session", "comment_round"]


def test_up_to_three_hours_is_paid_by_the_hour_part_hours_included():
    assert payment_for_time(Decimal("1.5"), RATES) == ("hourly", Decimal("37.50"))
    assert payment_for_time(Decimal("3"), RATES) == ("hourly", Decimal("75.00"))


def test_over_three_hours_is_half_a_day_and_over_five_a_full_day():
    assert payment_for_time(Decimal("3.25"), RATES) == ("half_day", Decimal("75.00"))
    assert payment_for_time(Decimal("5"), RATES) == ("half_day", Decimal("75.00"))
    assert payment_for_time(Decimal("7"), RATES) == ("full_day", Decimal("150.00"))


def test_no_time_is_no_payment():
    assert payment_for_time(Decimal("0"), RATES) == ("none", Decimal("0.00"))
    assert payment_for_time(Decimal("-2"), RATES) == ("none", Decimal("0.00"))


def test_rounding_is_once_to_the_penny_half_up():
    odd = Rates(hourly=Decimal("12.345"), half_day=Decimal("1"), full_day=Decimal("1"))
    assert payment_for_time(Decimal("1"), odd) == ("hourly", Decimal("12.35"))
    assert to_pennies(Decimal("0.005")) == Decimal("0.01")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("hours", ["1.5", "4", "7"])
def test_every_kind_of_activity_is_paid_for_time_unless_the_card_says_otherwise(kind, hours):
    card = Rates(
        hourly=Decimal("25.00"),
        half_day=Decimal("75.00"),
        full_day=Decimal("150.00"),
        paid_as=dict.fromkeys(KINDS, "time"),
    )
    assert payment_for_activity(kind, Decimal(hours), card) == payment_for_time(
        Decimal(hours), RATES
    )
    assert payment_for_activity(kind, Decimal(hours), RATES) == payment_for_time(
        Decimal(hours), RATES
    )  # a card that names no kinds pays each for time


@pytest.mark.parametrize(
    ("kind", "basis", "amount"),
    [
        ("opportunity", "hourly", Decimal("50.00")),
        ("group_meeting", "meeting", Decimal("30.00")),
        ("training_session", "hourly", Decimal("50.00")),
        ("comment_round", "document", Decimal("40.00")),
    ],
)
def test_a_card_may_pay_a_kind_by_the_meeting_or_the_document(kind, basis, amount):
    card = Rates(
        hourly=Decimal("25.00"),
        half_day=Decimal("75.00"),
        full_day=Decimal("150.00"),
        per_meeting=Decimal("30"),
        per_document=Decimal("40"),
        paid_as={"group_meeting": "meeting", "comment_round": "document"},
    )
    assert payment_for_activity(kind, Decimal("2"), card) == (basis, amount)


@pytest.mark.parametrize("kind", KINDS)
def test_no_time_is_no_payment_for_any_kind(kind):
    card = Rates(
        hourly=Decimal("25"),
        half_day=Decimal("75"),
        full_day=Decimal("150"),
        per_meeting=Decimal("30"),
        paid_as={kind: "meeting"},
    )
    assert payment_for_activity(kind, Decimal("0"), card) == ("none", Decimal("0.00"))


def test_the_tax_year_runs_from_6_april_to_5_april():
    assert tax_year(datetime.date(2027, 4, 5)) == "2026-27"
    assert tax_year(datetime.date(2027, 4, 6)) == "2027-28"
    assert tax_year(datetime.date(2000, 1, 1)) == "1999-00"
    assert tax_year_bounds("2026-27") == (datetime.date(2026, 4, 6), datetime.date(2027, 4, 5))


money = st.decimals(min_value=Decimal("0"), max_value=Decimal("500"), places=2)
hours = st.decimals(min_value=Decimal("0"), max_value=Decimal("12"), places=2)


@given(hourly=money, half_day=money, full_day=money, hours=hours)
def test_every_amount_is_whole_pennies_and_never_negative(hourly, half_day, full_day, hours):
    _basis, amount = payment_for_time(hours, Rates(hourly, half_day, full_day))
    assert amount >= 0
    assert amount == amount.quantize(Decimal("0.01"))


@given(st.lists(st.tuples(hours, money), max_size=40))
def test_a_total_of_rows_equals_the_sum_of_the_rounded_rows(rows):
    amounts = [
        payment_for_time(h, Rates(rate, Decimal("75"), Decimal("150")))[1] for h, rate in rows
    ]
    total = sum(amounts, Decimal("0.00"))
    assert total == sum((to_pennies(a) for a in amounts), Decimal("0.00"))
    assert total == total.quantize(Decimal("0.01"))
