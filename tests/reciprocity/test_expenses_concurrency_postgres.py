"""Two expense claims for one activity sent at once are checked one after the other."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from involvement.factories import ActivityFactory
from involvement.models import Involvement
from members.factories import MemberFactory
from reciprocity.factories import rate_card_example
from reciprocity.models import ExpenseClaim
from reciprocity.services.expenses import expense_claim_submit
from tests.reciprocity.expense_journey import pdf

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_expense_claims_sent_at_once_cannot_both_pass_the_activity_limit(baseline):
    rate_card_example()  # £1,500 for one activity
    member = MemberFactory()
    involvement = Involvement.objects.create(
        member=member,
        activity=ActivityFactory(title="Panel"),
        started_on=timezone.localdate(),
        hours=Decimal("2"),
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def claim():
        try:
            barrier.wait(timeout=10)
            expense_claim_submit(
                member=member,
                involvement=involvement,
                items=[{"kind": "other", "amount": "1000", "receipt": pdf()}],
            )
            outcomes.append("done")
        except Exception as error:  # noqa: BLE001 (reported by the assertion below)
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=claim) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["ExpenseLimitError", "done"]
    assert ExpenseClaim.objects.count() == 1
