"""Business actions on expense claims: a member claims, changes or withdraws a claim
until staff act on it; staff approve, query or turn down, each with a message the member
is emailed. Separate from payments for time. The rules (caps, receipts) are the pure
functions of reciprocity/expense_rules.py."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from home.page_cache import people_changed
from involvement.models import Involvement
from members.models import User
from members.services.email import email_person
from members.services.own_record import own_record_refuse
from reciprocity.expense_rules import (
    claim_total_error,
    cost_lines,
    pounds,
    receipt_needed,
)
from reciprocity.models import ExpenseClaim, ExpenseEvent, ExpenseItem, RateCard, receipts_storage
from reciprocity.money import tax_year as tax_year_of
from reciprocity.receipts import receipt_content_type
from reciprocity.selectors import claimable_involvements
from reciprocity.services.payments import PaymentError, payee_reference

# A claim has at most this many costs, however they are sent ("Add another cost" stops
# there). The money limits are on the rate card (expense_item_max, expense_claim_max).
MAX_ITEMS = 10
# Claims that count towards an activity's limits: all but those turned down or withdrawn.
NOT_COUNTED = [ExpenseClaim.Status.REJECTED, ExpenseClaim.Status.WITHDRAWN]


class ExpenseLimitError(PaymentError):
    """A claim over a limit. `item` is the index of the cost at fault (None: the whole
    claim) and `field` its box, so the form can put the message beside it."""

    def __init__(self, message: str, *, item: int | None = None, field: str = "amount"):
        super().__init__(message)
        self.item = item
        self.field = field


def claimed_for(involvement: Involvement, *, leaving_out: ExpenseClaim | None = None):
    """(all claimed, food claimed) for the activity in claims that count; a claim being
    changed is left out (its new costs replace its old ones)."""
    earlier = ExpenseItem.objects.filter(claim__involvement=involvement).exclude(
        claim__status__in=NOT_COUNTED
    )
    if leaving_out is not None:
        earlier = earlier.exclude(claim=leaving_out)
    total = earlier.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")
    food = earlier.filter(kind=ExpenseItem.Kind.FOOD).aggregate(total=Sum("amount"))
    return total, food["total"] or Decimal("0.00")


def claim_rates(involvement: Involvement):
    """The rate card in force on the activity's date, or a PaymentError."""
    card = RateCard.objects.in_force(involvement.started_on)
    if card is None:
        raise PaymentError(_("There is no rate card for that date. Contact the involvement team."))
    return card.expense_rates()


def _items_prepare(
    *, involvement: Involvement, items: list[dict], leaving_out: ExpenseClaim | None = None
) -> list[ExpenseItem]:
    """Every item checked before anything is written, so a refused claim leaves no rows
    and no files. Each item: kind, description, amount (or miles for mileage), and a
    receipt: an upload (`receipt`), or a file already in private storage
    (`receipt_name` and `receipt_type`: a draft's, or the claim's own when changed)."""
    if not items:
        raise PaymentError(_("Add at least one cost to claim."))
    if len(items) > MAX_ITEMS:
        raise ExpenseLimitError(
            _("You can claim up to %(count)s costs at a time. Send another claim for the rest.")
            % {"count": MAX_ITEMS}
        )
    rates = claim_rates(involvement)
    claimed_before, food_before = claimed_for(involvement, leaving_out=leaving_out)
    lines = cost_lines(items, rates, food_before=food_before)
    prepared = []
    for index, (item, line) in enumerate(zip(items, lines, strict=True)):
        if line.error:
            field = "miles" if line.kind == ExpenseItem.Kind.MILEAGE else "amount"
            raise ExpenseLimitError(line.error, item=index, field=field)
        receipt, content_type = item.get("receipt"), item.get("receipt_type", "")
        if receipt:
            try:
                content_type = receipt_content_type(receipt)
            except ValidationError as error:
                raise PaymentError(error.messages[0]) from None
        elif item.get("receipt_name"):
            receipt = item["receipt_name"]
        if not receipt and receipt_needed(line.kind, line.typed, rates):
            raise ExpenseLimitError(
                receipt_missing_message(line.kind, rates), item=index, field="receipt"
            )
        prepared.append(
            ExpenseItem(
                kind=line.kind,
                description=(item.get("description") or "")[:200],
                miles=line.miles,
                amount=line.paid,
                receipt=receipt or "",
                receipt_type=content_type if receipt else "",
            )
        )
    total = sum((item.amount for item in prepared), Decimal("0.00"))
    problem = claim_total_error(total, claimed_before=claimed_before, claim_max=rates.claim_max)
    if problem:
        raise ExpenseLimitError(problem)
    return prepared


def receipt_missing_message(kind: str, rates) -> str:
    """Said beside the receipt box when the organisation's rule asks for one."""
    over = rates.receipt_over.get(kind, Decimal("0.00")) or Decimal("0.00")
    label = str(ExpenseItem.Kind(kind).label).lower()
    if over > 0:
        return _("Add a photo or PDF of the receipt: we need one for %(kind)s over %(over)s.") % {
            "kind": label,
            "over": pounds(over),
        }
    return _("Add a photo or PDF of the receipt: we need one for %(kind)s.") % {"kind": label}


@transaction.atomic
def expense_claim_submit(
    *, member: User, involvement: Involvement, items: list[dict]
) -> ExpenseClaim:
    """Each item: kind, description, amount (or miles for mileage), receipt (see
    _items_prepare).

    Mileage is worked out from the rate card in force on the activity date; food is
    capped at the card's limit. The card's claim limit and food cap are for the whole
    activity: earlier claims for it count, unless they were turned down or withdrawn.
    Refused: an activity the member did not take part in, no items, a negative or
    absurd amount, a cost the card's receipt rule needs a receipt for and that has
    none, a receipt that is not a photo or PDF."""
    # Locked so that two claims for one activity sent at once are checked one after
    # the other: otherwise each would pass the activity's limit on its own.
    involvement = (
        claimable_involvements(member).select_for_update().filter(pk=involvement.pk).first()
    )
    if involvement is None:
        raise PaymentError(_("You can only claim for an activity you took part in."))
    prepared = _items_prepare(involvement=involvement, items=items)
    claim = ExpenseClaim.objects.create(
        member=member,
        payee_reference=payee_reference(member.pk),
        involvement=involvement,
        activity=involvement.activity.title[:200],
        activity_date=involvement.started_on,
        tax_year=tax_year_of(involvement.started_on),
    )
    for item in prepared:
        item.claim = claim
        item.save()
    ExpenseEvent.objects.create(claim=claim, status=claim.status, by=member)
    transaction.on_commit(lambda: people_changed(member.pk))
    return claim


def _claim_for_member_lock(*, claim: ExpenseClaim, member: User) -> ExpenseClaim:
    """The member's claim, locked: a staff decision (expense_claim_decide locks the same
    row) and the member's change cannot interleave; whichever comes second sees the
    first's outcome. Refused once staff have acted on it."""
    claim = ExpenseClaim.objects.select_for_update().filter(pk=claim.pk, member=member).first()
    if claim is None:
        raise PaymentError(_("You can only change your own claims."))
    if not claim.member_may_change:
        raise PaymentError(
            _(
                "The involvement team has already acted on this claim, so it can no longer "
                "be changed or withdrawn. Contact them if something is wrong."
            )
        )
    return claim


@transaction.atomic
def expense_claim_change(*, claim: ExpenseClaim, member: User, items: list[dict]) -> ExpenseClaim:
    """The member replaces a sent claim's costs, until staff act on it. The same checks
    as a new claim, with this claim's old costs left out of the activity's totals.
    Receipts the new costs no longer use are deleted once the change is saved."""
    claim = _claim_for_member_lock(claim=claim, member=member)
    involvement = (
        claimable_involvements(member).select_for_update().filter(pk=claim.involvement_id).first()
    )
    if involvement is None:
        raise PaymentError(_("You can only claim for an activity you took part in."))
    prepared = _items_prepare(involvement=involvement, items=items, leaving_out=claim)
    kept = {item.receipt.name for item in prepared if item.receipt}
    dropped = [
        i.receipt.name for i in claim.items.all() if i.receipt and i.receipt.name not in kept
    ]
    claim.items.all().delete()
    for item in prepared:
        item.claim = claim
        item.save()
    ExpenseEvent.objects.create(
        claim=claim, status=claim.status, note=_("Changed by the member."), by=member
    )
    transaction.on_commit(lambda: _receipts_delete(dropped))
    transaction.on_commit(lambda: people_changed(member.pk))
    return claim


@transaction.atomic
def expense_claim_withdraw(*, claim: ExpenseClaim, member: User) -> ExpenseClaim:
    """The member takes a sent claim back, until staff act on it. Staff see it as
    withdrawn; it no longer counts towards the activity's limits."""
    claim = _claim_for_member_lock(claim=claim, member=member)
    claim.status = ExpenseClaim.Status.WITHDRAWN
    claim.save(update_fields=["status"])
    ExpenseEvent.objects.create(claim=claim, status=claim.status, by=member)
    transaction.on_commit(lambda: people_changed(member.pk))
    return claim


def _receipts_delete(names: list[str]) -> None:
    storage = receipts_storage()
    for name in names:
        storage.delete(name)


DECISIONS = {
    ExpenseClaim.Status.APPROVED,
    ExpenseClaim.Status.QUERIED,
    ExpenseClaim.Status.REJECTED,
}


@transaction.atomic
def expense_claim_decide(
    *, claim: ExpenseClaim, status: str, message: str, by: User, seen_event: int | None = None
) -> ExpenseClaim:
    """`seen_event`: the claim's latest event when staff opened it (the admin screen
    sends it); refused if the claim changed since (the member changed it, a colleague
    asked a question), so that staff never approve amounts they have not seen."""
    claim = ExpenseClaim.objects.select_for_update().get(pk=claim.pk)
    if status not in DECISIONS:
        raise PaymentError(_("Choose approve, ask a question, or turn down."))
    if claim.status not in (ExpenseClaim.Status.SUBMITTED, ExpenseClaim.Status.QUERIED):
        raise PaymentError(_("This claim has already been decided."))
    latest = claim.events.order_by("-pk").values_list("pk", flat=True).first()
    if seen_event is not None and latest is not None and latest != seen_event:
        raise PaymentError(
            _(
                "This claim changed after you opened it (the member changed it, or a "
                "colleague acted on it). Check it below, then decide again."
            )
        )
    own_record_refuse(person=claim.member_id, by=by, error=PaymentError)
    message = message.strip()
    if status != ExpenseClaim.Status.APPROVED and not message:
        raise PaymentError(_("Write a message to the member: your question, or why."))
    claim.status = status
    claim.message = message
    claim.decided_by = by
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "message", "decided_by", "decided_at"])
    transaction.on_commit(lambda: people_changed(claim.member_id))
    event = ExpenseEvent.objects.create(claim=claim, status=status, note=message, by=by)
    if claim.member:
        email_person(
            user=claim.member,
            template="reciprocity/email/expense_decision",
            context={"claim": claim},
            key=f"expense-event:{event.pk}",
        )
    return claim
