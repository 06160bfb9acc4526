"""What reciprocity adds to the admin's "Waiting for you" panel (home.waiting_work):
expense claims to check and payments to approve, each to the staff who may act on it.
Nobody acts on their own record, and a payment is approved by someone other than the
person who proposed it (reciprocity.services), so those are not counted as theirs."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from home.permissions import may
from home.waiting_work import WaitingWork
from reciprocity.admin.expenses import PERMISSION as CLAIMS_PERMISSION
from reciprocity.admin.expenses import WAITING as CLAIMS_WAITING
from reciprocity.admin.payments import APPROVE_PERMISSION
from reciprocity.models import ExpenseClaim, Payment


def _not_theirs(user) -> Q:
    # member=None (erased) is nobody's own record; exclude(member=user) would drop it.
    return Q(member__isnull=True) | ~Q(member=user)


def expense_claims_waiting(request) -> WaitingWork | None:
    if not may(request.user, permission=CLAIMS_PERMISSION):
        return None
    claims = ExpenseClaim.objects.filter(_not_theirs(request.user))
    return WaitingWork(
        label=_("Expense claims to check"),
        # What the linked list shows by default (sent or queried), but for their own.
        count=claims.filter(status__in=CLAIMS_WAITING).count(),
        url=reverse("reciprocity_claims"),
        order=40,
    )


def payments_to_approve_waiting(request) -> WaitingWork | None:
    if not may(request.user, permission=APPROVE_PERMISSION):
        return None
    payments = Payment.objects.filter(_not_theirs(request.user), status=Payment.Status.PROPOSED)
    return WaitingWork(
        label=_("Payments to approve"),
        count=payments.exclude(proposed_by=request.user).count(),
        url=reverse("reciprocity_payments") + "?status=proposed",
        order=50,
    )
