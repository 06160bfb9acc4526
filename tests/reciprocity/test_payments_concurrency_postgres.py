"""Two staff generating payments for the same involvements at the same moment still
make one payment each (the unique key, with inserts that skip existing keys); finance
exports made at once never fail, and no payment goes into two."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from involvement.models import Involvement
from members.factories import MemberFactory, StaffFactory
from opportunities.factories import opportunity_create
from opportunities.services.involvement import opportunity_activity_sync
from reciprocity.factories import rate_card_example
from reciprocity.models import FinanceExportLine, Payment, PaymentEvent
from reciprocity.services.payments import (
    PaymentError,
    finance_export_create,
    payment_approve,
    payments_generate,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def took_part(opportunity, count: int) -> list[Involvement]:
    return [
        Involvement.objects.create(
            member=MemberFactory(),
            activity=opportunity_activity_sync(opportunity=opportunity),
            started_on=timezone.localdate(),
            hours=Decimal("2"),
        )
        for _ in range(count)
    ]


def at_once(work, people) -> list[Exception]:
    """Run work(person) for each person in threads released together; what they raised."""
    barrier = threading.Barrier(len(people))
    errors = []

    def run(person):
        try:
            barrier.wait(timeout=10)
            work(person)
        except Exception as error:  # noqa: BLE001 (returned to the test's assertion)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_concurrent_generation_makes_one_payment_per_involvement(baseline):
    rate_card_example()
    involvements = took_part(opportunity_create(), 10)
    staff = [StaffFactory(), StaffFactory(), StaffFactory()]
    errors = at_once(lambda by: payments_generate(involvements=involvements, by=by), staff)
    assert errors == []
    assert Payment.objects.count() == 10
    assert PaymentEvent.objects.count() == 10  # one "generated" event each


def test_finance_exports_made_at_once_are_taken_one_at_a_time(baseline):
    rate_card_example()
    proposer, approver = StaffFactory(), StaffFactory()
    payments_generate(involvements=took_part(opportunity_create(), 20), by=proposer)
    for payment in Payment.objects.all():
        payment_approve(payment=payment, by=approver)
    refused = []

    def export(by):
        today = timezone.localdate()
        try:
            finance_export_create(period_start=today, period_end=today, by=by)
        except PaymentError as error:
            refused.append(str(error))

    errors = at_once(export, [StaffFactory() for _ in range(4)])
    assert errors == []  # before: IntegrityError (a 500) for all but one
    assert all("Try again in a minute" in message for message in refused)
    assert FinanceExportLine.objects.count() == Payment.objects.count() == 20
