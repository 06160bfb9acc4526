"""Payments for time: generated from involvement, approved by a second person, paid,
exported for finance once."""

import csv
import datetime
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.utils import timezone

from involvement.factories import ActivityFactory
from involvement.models import Involvement
from involvement.services import involvement_record
from members.factories import MemberFactory, StaffFactory
from members.models import MemberProfile
from members.services.personal_data import account_erase
from opportunities.factories import opportunity_create
from opportunities.services.involvement import opportunity_activity_sync
from reciprocity.factories import rate_card_example
from reciprocity.models import FinanceExportLine, Payment, RateCard
from reciprocity.money import tax_year
from reciprocity.services.payments import (
    PaymentError,
    finance_export_create,
    payment_approve,
    payment_cancel,
    payment_mark_paid,
    payment_release_hold,
    payments_generate,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def card(db):
    return rate_card_example()


def involvement(preference="paid", hours="2", attended=True, day=None, opportunity=None):
    member = MemberFactory()
    MemberProfile.objects.create(user=member, payment_preference=preference)
    opportunity = opportunity or opportunity_create()
    return Involvement.objects.create(
        member=member,
        activity=opportunity_activity_sync(opportunity=opportunity),
        attended=attended,
        started_on=day or TODAY,
        hours=Decimal(hours),
    )


def test_payments_follow_the_rate_card_and_the_members_preference(card, staff):
    paid, voucher, declines, benefits = (
        involvement(preference=p, hours=h)
        for p, h in [("paid", "2"), ("voucher", "4"), ("none", "6"), ("benefits", "1")]
    )
    result = payments_generate(involvements=[paid, voucher, declines, benefits], by=staff)
    assert result.created == 4 and result.held == 1
    by_member = {p.member_id: p for p in Payment.objects.all()}
    assert by_member[paid.member_id].amount == Decimal("50.00")
    assert by_member[paid.member_id].method == "bank"
    assert by_member[voucher.member_id].basis == "half_day"
    assert by_member[voucher.member_id].method == "voucher"
    declined = by_member[declines.member_id]
    assert declined.status == "declined" and declined.amount == Decimal("150.00")  # recorded
    assert by_member[benefits.member_id].status == "held"
    assert all(p.events.count() == 1 for p in Payment.objects.all())
    assert by_member[paid.member_id].tax_year == tax_year(TODAY)


def test_generating_twice_never_makes_a_second_payment(card, staff):
    first = involvement()
    assert payments_generate(involvements=[first], by=staff).created == 1
    again = payments_generate(involvements=[first, involvement()], by=staff)
    assert again.created == 1 and again.already_made == 1
    assert Payment.objects.filter(involvement=first).count() == 1


def test_the_card_in_force_on_the_activity_date_is_used(card, staff):
    RateCard.objects.create(
        name="New policy",
        valid_from=TODAY,
        hourly=Decimal("30"),
        half_day=Decimal("90"),
        full_day=Decimal("180"),
        per_document_review=Decimal("30"),
        per_meeting_from_home=Decimal("30"),
        mileage_per_mile=Decimal("0.45"),
        food_cap=Decimal("10"),
        carer_cover_per_hour=Decimal("15"),
        support_worker_per_hour=Decimal("20"),
    )
    before = involvement(day=TODAY - datetime.timedelta(days=1))
    after = involvement(day=TODAY)
    payments_generate(involvements=[before, after], by=staff)
    assert Payment.objects.get(involvement=before).amount == Decimal("50.00")
    assert Payment.objects.get(involvement=after).amount == Decimal("60.00")


def test_no_payment_without_attendance_a_paid_role_or_a_rate_card(staff):
    missed = involvement(attended=False)
    unpaid = involvement(opportunity=opportunity_create(is_paid=False))
    too_early = involvement(day=datetime.date(2019, 1, 1))
    rate_card_example()
    result = payments_generate(involvements=[missed, unpaid, too_early], by=staff)
    assert result.created == 0 and len(result.not_paid) == 3
    assert not Payment.objects.exists()


def test_a_second_person_approves_and_only_approved_payments_are_paid(card, staff):
    payments_generate(involvements=[involvement()], by=staff)
    payment = Payment.objects.get()
    with pytest.raises(PaymentError, match="Someone other than"):
        payment_approve(payment=payment, by=staff)
    with pytest.raises(PaymentError, match="Only an approved payment"):
        payment_mark_paid(payment=payment, by=staff, paid_on=TODAY, reference="BACS-1")
    colleague = StaffFactory()
    payment_approve(payment=payment, by=colleague)
    payment_mark_paid(payment=payment, by=staff, paid_on=TODAY, reference="BACS-1")
    with pytest.raises(PaymentError):
        payment_mark_paid(payment=payment, by=staff, paid_on=TODAY, reference="BACS-2")
    payment.refresh_from_db()
    assert payment.status == "paid" and payment.paid_reference == "BACS-1"
    assert [e.status for e in payment.events.all()] == ["proposed", "approved", "paid"]


def test_a_held_payment_needs_the_conversation_recorded(card, staff):
    payments_generate(involvements=[involvement(preference="benefits")], by=staff)
    payment = Payment.objects.get()
    with pytest.raises(PaymentError):
        payment_approve(payment=payment, by=StaffFactory())
    with pytest.raises(PaymentError, match="Say what you agreed"):
        payment_release_hold(payment=payment, by=staff, note=" ")
    payment_release_hold(payment=payment, by=staff, note="Phoned: paying is fine for her")
    payment.refresh_from_db()
    assert payment.status == "proposed"


def test_cancelling_needs_a_reason_and_keeps_the_history(card, staff):
    payments_generate(involvements=[involvement()], by=staff)
    payment = Payment.objects.get()
    with pytest.raises(PaymentError):
        payment_cancel(payment=payment, by=staff, note="")
    payment_cancel(payment=payment, by=staff, note="Recorded twice by mistake")
    assert [e.status for e in payment.events.all()] == ["proposed", "cancelled"]


def test_the_finance_export_holds_each_approved_payment_once(card, staff):
    colleague = StaffFactory()
    opportunity = opportunity_create(title="=HYPERLINK(evil)")
    rows = [involvement(opportunity=opportunity) for _ in range(3)]
    rows.append(involvement(preference="none"))
    payments_generate(involvements=rows, by=staff)
    for payment in Payment.objects.filter(status="proposed")[:2]:
        payment_approve(payment=payment, by=colleague)

    export, text = finance_export_create(period_start=TODAY, period_end=TODAY, by=staff)
    lines = list(csv.DictReader(io.StringIO(text)))
    assert len(lines) == 2 and export.lines.count() == 2
    assert lines[0]["amount"] == "50.00" and lines[0]["payee_reference"].startswith("RT-")
    assert lines[0]["activity"].startswith("'=")  # a spreadsheet will not run it
    _again, text = finance_export_create(period_start=TODAY, period_end=TODAY, by=staff)
    assert len(list(csv.DictReader(io.StringIO(text)))) == 0  # never exported twice
    assert FinanceExportLine.objects.count() == 2
    with pytest.raises(PaymentError):
        finance_export_create(
            period_start=TODAY, period_end=TODAY - datetime.timedelta(1), by=staff
        )


def test_generating_for_many_involvements_uses_a_fixed_number_of_queries(
    card, staff, django_assert_max_num_queries
):
    few = [involvement() for _ in range(2)]
    with django_assert_max_num_queries(20) as small:
        payments_generate(involvements=few, by=staff)
    many = [involvement() for _ in range(25)]
    with django_assert_max_num_queries(20) as large:
        payments_generate(involvements=many, by=staff)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_payments_are_in_the_data_download_and_stay_pseudonymised_after_erasure(
    client, card, staff
):
    row = involvement()
    payments_generate(involvements=[row], by=staff)
    client.force_login(row.member)
    response = client.post("/account/your-data/download/")
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        data = json.loads(archive.read("your-data.json"))
    assert data["Your payments and skills"]["Payments"][0]["Amount"] == "£50.00"

    reference = Payment.objects.get().payee_reference
    account_erase(user=row.member)
    payment = Payment.objects.get()
    assert payment.member is None and payment.payee_reference == reference
    assert payment.amount == Decimal("50.00")


def test_an_exported_payment_cannot_be_cancelled(card, staff):
    payments_generate(involvements=[involvement()], by=staff)
    payment = Payment.objects.get()
    payment_approve(payment=payment, by=StaffFactory())
    finance_export_create(period_start=TODAY, period_end=TODAY, by=staff)
    with pytest.raises(PaymentError, match="Finance already has"):
        payment_cancel(payment=payment, by=staff, note="Oops")


def test_staff_cannot_approve_or_pay_their_own_payment(card, staff):
    staff_member = StaffFactory()
    row = Involvement.objects.create(
        member=staff_member,
        activity=ActivityFactory(title="Panel"),
        started_on=TODAY,
        hours=Decimal("2"),
    )
    payments_generate(involvements=[row], by=staff)
    payment = Payment.objects.get()
    with pytest.raises(PaymentError, match="your own record"):
        payment_approve(payment=payment, by=staff_member)


def corrected(row, by, **fields):
    """The involvement recorded again through the writer, with `fields` changed."""
    now = {name: getattr(row, name) for name in ("attended", "started_on", "hours")}
    return involvement_record(member=row.member, activity=row.activity, by=by, **{**now, **fields})


def test_payments_follow_a_corrected_involvement(card, staff):
    corrected_row, missed = involvement(hours="2"), involvement(hours="2")
    payments_generate(involvements=[corrected_row, missed], by=staff)
    corrected_row = corrected(corrected_row, staff, hours=Decimal("1"))
    corrected(missed, staff, attended=False)
    assert Payment.objects.get(involvement=corrected_row).amount == Decimal("25.00")
    assert Payment.objects.get(involvement=missed).status == "cancelled"
    notes = [e.note for e in Payment.objects.get(involvement=corrected_row).events.all()]
    assert any("Hours corrected from 2.00 to 1" in note for note in notes)


def test_an_approved_payment_for_someone_marked_absent_cannot_be_approved_later(card, staff):
    row = involvement(preference="benefits")
    payments_generate(involvements=[row], by=staff)
    payment = Payment.objects.get()
    payment_release_hold(payment=payment, by=staff, note="Talked")
    Involvement.objects.filter(pk=row.pk).update(attended=False)  # changed behind our back
    with pytest.raises(PaymentError, match="did not take part"):
        payment_approve(payment=payment, by=StaffFactory())


def test_erasure_removes_what_was_typed_about_the_person(card, staff):
    row = involvement(preference="benefits")
    payments_generate(involvements=[row], by=staff)
    payment = Payment.objects.get()
    payment_release_hold(payment=payment, by=staff, note="Phoned Jane Doe; on ESA, fine")
    account_erase(user=row.member)
    assert not any("Jane" in e.note for e in payment.events.all())
    assert Payment.objects.get().amount == Decimal("50.00")


def test_a_lost_export_can_be_downloaded_again_with_the_same_payments(admin_login, card, staff):
    payments_generate(involvements=[involvement(), involvement()], by=staff)
    for payment in Payment.objects.all():
        payment_approve(payment=payment, by=StaffFactory())
    export, first = finance_export_create(period_start=TODAY, period_end=TODAY, by=staff)
    response = admin_login(staff).get(f"/admin/payments/export/{export.pk}/")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode() == first
