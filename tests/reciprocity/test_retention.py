"""Erased members' financial records: kept pseudonymised, then deleted with receipts."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from involvement.factories import ActivityFactory
from involvement.models import Involvement
from members.factories import MemberFactory, StaffFactory
from members.services.personal_data import account_erase
from reciprocity.factories import rate_card_example
from reciprocity.models import ExpenseClaim, Payment
from reciprocity.services.expenses import expense_claim_submit
from reciprocity.services.payments import payment_approve, payment_mark_paid, payments_generate
from reciprocity.services.retention import financial_records_purge

pytestmark = pytest.mark.django_db
ACTIVITY_DAY = datetime.date(2020, 6, 1)  # tax year 2020-21, which ends 5 April 2021


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


@pytest.fixture
def records(staff, monkeypatch):
    rate_card_example()
    member = MemberFactory()
    involvement = Involvement.objects.create(
        member=member,
        activity=ActivityFactory(title="Panel"),
        started_on=ACTIVITY_DAY,
        hours=Decimal("2"),
    )
    payments_generate(involvements=[involvement], by=staff)
    # Claimable "recently": pretend today is just after the activity.
    monkeypatch.setattr("reciprocity.selectors.CLAIM_WITHIN_DAYS", 100000)
    expense_claim_submit(
        member=member,
        involvement=involvement,
        items=[
            {
                "kind": "other",
                "amount": "5",
                "receipt": SimpleUploadedFile("r.pdf", b"%PDF-1.4 receipt", "application/pdf"),
            }
        ],
    )
    return member


def test_records_of_people_still_with_us_are_never_purged(records, tmp_path):
    result = financial_records_purge(today=datetime.date(2040, 1, 1))
    assert result == {"payments": 0, "claims": 0, "receipts": 0}
    assert Payment.objects.count() == 1 and any(tmp_path.rglob("*.pdf"))


def test_erased_members_records_go_six_years_after_their_tax_year(
    records, tmp_path, django_capture_on_commit_callbacks
):
    account_erase(user=records)
    assert Payment.objects.get().member is None  # pseudonymised, kept
    financial_records_purge(today=datetime.date(2027, 4, 5))  # six years: still kept
    assert Payment.objects.count() == 1 and ExpenseClaim.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        result = financial_records_purge(today=datetime.date(2027, 4, 6))
    assert result == {"payments": 1, "claims": 1, "receipts": 1}
    assert not Payment.objects.exists() and not ExpenseClaim.objects.exists()
    assert not any(tmp_path.rglob("*.pdf"))  # the receipt's file went too


def test_the_purge_runs_on_29_february_too(records):
    assert financial_records_purge(today=datetime.date(2028, 2, 29))["payments"] == 0


def test_newer_records_of_an_erased_member_are_kept(records, staff):
    newer = Involvement.objects.create(
        member=records,
        activity=ActivityFactory(title="Later panel"),
        started_on=datetime.date(2024, 6, 1),
        hours=2,
    )
    payments_generate(involvements=[newer], by=staff)
    account_erase(user=records)
    result = financial_records_purge(today=datetime.date(2027, 4, 6))
    assert result["payments"] == 1
    assert list(Payment.objects.values_list("tax_year", flat=True)) == ["2024-25"]


def test_a_paid_payment_is_kept_by_the_tax_year_it_was_paid(
    records, staff, django_capture_on_commit_callbacks
):
    # Activity in 2020-21, paid on 1 May 2021 (2021-22): HMRC counts it when received,
    # so its six years run from the end of 2021-22.
    payment = Payment.objects.get()
    payment_approve(payment=payment, by=StaffFactory())
    payment_mark_paid(payment=payment, by=staff, paid_on=datetime.date(2021, 5, 1), reference="R")
    account_erase(user=records)
    result = financial_records_purge(today=datetime.date(2027, 4, 6))
    assert result["payments"] == 0 and result["claims"] == 1  # the claim follows its activity
    assert Payment.objects.get().tax_year == "2021-22"
    with django_capture_on_commit_callbacks(execute=True):
        assert financial_records_purge(today=datetime.date(2028, 4, 6))["payments"] == 1
    assert not Payment.objects.exists()
