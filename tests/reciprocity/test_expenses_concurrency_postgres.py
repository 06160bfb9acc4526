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


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


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


def test_a_staff_decision_and_a_members_change_cannot_interleave(baseline):
    """Both lock the claim's row: whichever comes second sees the first's outcome. A
    change that lands after the approval is refused; one that lands before is what
    staff approve."""
    from members.factories import StaffFactory
    from reciprocity.models import ExpenseEvent
    from reciprocity.services.expenses import expense_claim_change, expense_claim_decide

    rate_card_example()
    member = MemberFactory()
    staff = StaffFactory()
    involvement = Involvement.objects.create(
        member=member,
        activity=ActivityFactory(title="Panel"),
        started_on=timezone.localdate(),
        hours=Decimal("2"),
    )
    claim = expense_claim_submit(
        member=member,
        involvement=involvement,
        items=[{"kind": "other", "amount": "10", "receipt": pdf()}],
    )
    barrier = threading.Barrier(2)
    outcomes = {}

    def decide():
        try:
            barrier.wait(timeout=10)
            expense_claim_decide(claim=claim, status="queried", message="Which?", by=staff)
            outcomes["decide"] = "done"
        except Exception as error:  # noqa: BLE001 (reported by the assertions below)
            outcomes["decide"] = type(error).__name__
        finally:
            connection.close()

    def change():
        try:
            barrier.wait(timeout=10)
            expense_claim_change(
                claim=claim,
                member=member,
                items=[{"kind": "other", "amount": "20", "receipt": pdf()}],
            )
            outcomes["change"] = "done"
        except Exception as error:  # noqa: BLE001
            outcomes["change"] = type(error).__name__
        finally:
            connection.close()

    threads = [threading.Thread(target=decide), threading.Thread(target=change)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    claim.refresh_from_db()
    assert outcomes["decide"] == "done" and claim.status == "queried"
    events = list(ExpenseEvent.objects.filter(claim=claim).values_list("status", "note"))
    if outcomes["change"] == "done":
        # The change came first: staff decided on the changed claim.
        assert events[-2:] == [("submitted", "Changed by the member."), ("queried", "Which?")]
        assert claim.total == Decimal("20.00")
    else:
        assert outcomes["change"] == "PaymentError" and claim.total == Decimal("10.00")
        assert events[-1] == ("queried", "Which?")


def test_send_pressed_twice_at_once_sends_one_claim(baseline):
    """The check page's "Send" from two requests at once (a double click, two tabs):
    the draft is read under a row lock, so the second waits and finds it sent."""
    from django.test import RequestFactory

    from home.journeys import TOKEN_KEY
    from members.services.drafts import journey_drafts
    from reciprocity.services.expense_drafts import JOURNEY, ClaimAlreadySent, claim_draft_send

    rate_card_example()
    member = MemberFactory()
    involvement = Involvement.objects.create(
        member=member,
        activity=ActivityFactory(title="Panel"),
        started_on=timezone.localdate(),
        hours=Decimal("2"),
    )

    def signed_in_request():
        request = RequestFactory().post("/expenses/new/check/")
        request.user = member
        request.session = {TOKEN_KEY: "one-sign-in"}
        return request

    cost = {"kind": "mileage", "what": "", "description": "", "miles": "12", "amount": None}
    draft = {"involvement": involvement.pk, "claim": None, "costs": [cost]}
    journey_drafts.save(signed_in_request(), JOURNEY, draft)
    barrier = threading.Barrier(2)
    outcomes = []

    def send():
        try:
            barrier.wait(timeout=10)
            claim_draft_send(signed_in_request(), involvement=involvement)
            outcomes.append("done")
        except ClaimAlreadySent:
            outcomes.append("already sent")
        except Exception as error:  # noqa: BLE001 (reported by the assertion below)
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["already sent", "done"]
    assert ExpenseClaim.objects.count() == 1
