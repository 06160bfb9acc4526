"""Two staff generating payments for the same involvements at the same moment still
make one payment each (the unique key, with inserts that skip existing keys)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from members.factories import MemberFactory, StaffFactory
from opportunities.factories import opportunity_create
from opportunities.models import Involvement
from reciprocity.factories import rate_card_example
from reciprocity.models import Payment, PaymentEvent
from reciprocity.services import payments_generate

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_generation_makes_one_payment_per_involvement(baseline):
    rate_card_example()
    opportunity = opportunity_create()
    involvements = [
        Involvement.objects.create(
            member=MemberFactory(),
            opportunity=opportunity,
            activity=opportunity.title,
            started_on=timezone.localdate(),
            hours=Decimal("2"),
        )
        for _ in range(10)
    ]
    staff = [StaffFactory(), StaffFactory(), StaffFactory()]
    barrier = threading.Barrier(len(staff))
    errors = []

    def generate(by):
        try:
            barrier.wait(timeout=10)
            payments_generate(involvements=involvements, by=by)
        except Exception as error:  # noqa: BLE001 (reported by the assertion below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=generate, args=(person,)) for person in staff]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert Payment.objects.count() == 10
    assert PaymentEvent.objects.count() == 10  # one "generated" event each
