"""A claim not sent yet: its answers are a server-side journey draft (members'
JourneyDraft, through journey_drafts; never the session), and its receipts are
DraftReceipt rows in private storage, so they survive the check page. Sending passes
the files to the claim; removing a cost, cancelling, or leaving the claim for
settings.EXPENSE_DRAFT_RECEIPT_DAYS deletes them."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User
from members.services.drafts import journey_drafts
from reciprocity.models import DraftReceipt, ExpenseClaim, ExpenseItem
from reciprocity.services.expenses import expense_claim_change, expense_claim_submit
from reciprocity.services.payments import PaymentError

JOURNEY = "expense-claim"


class ClaimAlreadySent(PaymentError):
    """The draft was sent a moment ago by another request (a double click, a second tab)."""


def claim_draft_get(request) -> dict | None:
    """This sign-in's unsent claim: involvement, claim (when changing a sent one), costs."""
    return journey_drafts.get(request, JOURNEY)


def claim_draft_save(request, draft: dict) -> None:
    journey_drafts.save(request, JOURNEY, draft)


def draft_receipt_add(*, member: User, upload, content_type: str) -> DraftReceipt:
    """Keep a checked receipt (reciprocity.receipts) for a claim not sent yet."""
    return DraftReceipt.objects.create(member=member, receipt=upload, receipt_type=content_type)


def draft_receipts_delete(*, member: User, ids: list[int]) -> None:
    """Receipts of costs removed or claims abandoned: the rows and their files."""
    ids = [pk for pk in ids if pk]
    if not ids:
        return
    rows = list(DraftReceipt.objects.filter(member=member, pk__in=ids))
    names = [row.receipt.name for row in rows]
    DraftReceipt.objects.filter(pk__in=[row.pk for row in rows]).delete()
    storage = DraftReceipt._meta.get_field("receipt").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


def claim_draft_discard(request) -> None:
    """The member cancels the claim: its answers and unsent receipts go."""
    draft = claim_draft_get(request) or {}
    draft_receipts_delete(
        member=request.user, ids=[cost.get("draft_receipt") for cost in draft.get("costs", [])]
    )
    journey_drafts.discard(request, JOURNEY)


def claim_draft_from_claim(request, *, claim: ExpenseClaim) -> None:
    """Start changing a sent claim: its costs become the draft (its receipts stay where
    they are, named by the draft, until the change is sent)."""
    claim_draft_discard(request)
    costs = []
    for item in claim.items.all():
        costs.append(
            {
                "kind": item.kind,
                "what": "",
                "description": item.description,
                "miles": str(item.miles) if item.miles is not None else None,
                "amount": str(item.amount) if item.kind != ExpenseItem.Kind.MILEAGE else None,
                "draft_receipt": None,
                "receipt_name": item.receipt.name if item.receipt else "",
                "receipt_type": item.receipt_type,
            }
        )
    claim_draft_save(
        request, {"involvement": claim.involvement_id, "claim": claim.pk, "costs": costs}
    )


def items_from_draft(*, member: User, draft: dict) -> tuple[list[dict], list[int]]:
    """The draft's costs as the claim services take them, and the draft receipts used."""
    receipts = {
        row.pk: row
        for row in DraftReceipt.objects.filter(
            member=member, pk__in=[c.get("draft_receipt") for c in draft["costs"]]
        )
    }
    items, used = [], []
    for cost in draft["costs"]:
        item = {
            "kind": cost["kind"],
            "description": "; ".join(filter(None, [cost.get("what"), cost.get("description")])),
            "miles": cost.get("miles"),
            "amount": cost.get("amount"),
        }
        row = receipts.get(cost.get("draft_receipt"))
        if row is not None:
            item.update(receipt_name=row.receipt.name, receipt_type=row.receipt_type)
            used.append(row.pk)
        elif cost.get("receipt_name"):
            item.update(receipt_name=cost["receipt_name"], receipt_type=cost["receipt_type"])
        items.append(item)
    return items, used


@transaction.atomic
def claim_draft_send(request, *, involvement) -> ExpenseClaim:
    """Send the draft as a new claim, or as the change to the claim it changes. The
    draft's receipts pass to the claim's costs (their rows go, their files stay).
    The draft is read locked: "Send" pressed twice at once sends one claim; the second
    finds the draft gone (ClaimAlreadySent)."""
    draft = journey_drafts.get_for_update(request, JOURNEY)
    if draft is None:
        raise ClaimAlreadySent(_("This claim has already been sent."))
    items, used = items_from_draft(member=request.user, draft=draft)
    if draft.get("claim"):
        claim = ExpenseClaim.objects.get(pk=draft["claim"], member=request.user)
        claim = expense_claim_change(claim=claim, member=request.user, items=items)
    else:
        claim = expense_claim_submit(member=request.user, involvement=involvement, items=items)
    DraftReceipt.objects.filter(pk__in=used).delete()
    journey_drafts.discard(request, JOURNEY)
    return claim


def draft_receipts_purge(*, now: datetime.datetime | None = None) -> int:
    """Receipts of claims never sent, older than EXPENSE_DRAFT_RECEIPT_DAYS: deleted
    with their files. Daily, from beat; safe to run twice."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.EXPENSE_DRAFT_RECEIPT_DAYS)
    rows = list(DraftReceipt.objects.filter(created_at__lt=cutoff))
    for row in rows:
        row.receipt.storage.delete(row.receipt.name)
    DraftReceipt.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)
