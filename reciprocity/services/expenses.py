"""Business actions on expense claims: a member claims, staff approve, query or turn
down, each with a message the member is emailed. Separate from payments for time."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from involvement.models import Involvement
from members.models import User
from members.services.email import email_person
from members.services.own_record import own_record_refuse
from reciprocity.models import ExpenseClaim, ExpenseEvent, ExpenseItem, RateCard
from reciprocity.money import tax_year as tax_year_of
from reciprocity.money import to_pennies
from reciprocity.receipts import receipt_content_type
from reciprocity.selectors import claimable_involvements
from reciprocity.services.payments import PaymentError, payee_reference

# The claim form has this many boxes; the service refuses more, however they are sent.
# The money limits are on the rate card (expense_item_max, expense_claim_max).
MAX_ITEMS = 4
MILES_MAX = 2000


class ExpenseLimitError(PaymentError):
    """A claim over a limit. `item` is the index of the cost at fault (None: the whole
    claim) and `field` its box, so the form can put the message beside it."""

    def __init__(self, message: str, *, item: int | None = None, field: str = "amount"):
        super().__init__(message)
        self.item = item
        self.field = field


@transaction.atomic
def expense_claim_submit(
    *, member: User, involvement: Involvement, items: list[dict]
) -> ExpenseClaim:
    """Each item: kind, description, amount (or miles for mileage), receipt (optional).

    Mileage is worked out from the rate card in force on the activity date; food is
    capped at the card's daily limit. The card's claim limit and food cap are for the
    whole activity: earlier claims for it count, unless they were turned down. Refused:
    an activity the member did not take part in, no items, a negative or absurd amount,
    a receipt that is not a photo or PDF."""
    # Locked so that two claims for one activity sent at once are checked one after
    # the other: otherwise each would pass the activity's limit on its own.
    involvement = (
        claimable_involvements(member).select_for_update().filter(pk=involvement.pk).first()
    )
    if involvement is None:
        raise PaymentError(_("You can only claim for an activity you took part in."))
    if not items:
        raise PaymentError(_("Add at least one cost to claim."))
    if len(items) > MAX_ITEMS:
        raise ExpenseLimitError(
            _("You can claim up to %(count)s costs at a time. Send another claim for the rest.")
            % {"count": MAX_ITEMS}
        )
    card = RateCard.objects.in_force(involvement.started_on)
    if card is None:
        raise PaymentError(_("There is no rate card for that date. Contact the involvement team."))
    # Check every item before anything is written, so a refused claim leaves no files.
    prepared = []
    earlier = ExpenseItem.objects.filter(claim__involvement=involvement).exclude(
        claim__status=ExpenseClaim.Status.REJECTED
    )
    claimed_before = earlier.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")
    food_before = earlier.filter(kind=ExpenseItem.Kind.FOOD).aggregate(total=Sum("amount"))
    # The cap is for the whole activity: not for each item, nor for each claim.
    food_left = max(card.food_cap - (food_before["total"] or 0), Decimal("0.00"))
    for index, item in enumerate(items):
        kind = item["kind"]
        if kind == ExpenseItem.Kind.MILEAGE:
            miles = Decimal(item.get("miles") or 0)
            if miles <= 0 or miles > MILES_MAX:
                raise ExpenseLimitError(
                    _("Enter the miles you drove, from 1 to 2,000."), item=index, field="miles"
                )
            amount = to_pennies(miles * card.mileage_per_mile)
            if amount > card.expense_item_max:
                raise ExpenseLimitError(
                    _(
                        "%(miles)s miles comes to £%(amount)s, and one cost can be for up "
                        "to £%(max)s. Check the miles, or call the involvement team first."
                    )
                    % {
                        "miles": f"{miles:,}",
                        "amount": f"{amount:,.2f}",
                        "max": f"{card.expense_item_max:,.2f}",
                    },
                    item=index,
                    field="miles",
                )
        else:
            miles = None
            amount = Decimal(item.get("amount") or 0)
            if amount <= 0 or amount > card.expense_item_max:
                raise ExpenseLimitError(
                    _(
                        "Enter an amount from £0.01 to £%(max)s for each cost. For more, "
                        "call the involvement team first."
                    )
                    % {"max": f"{card.expense_item_max:,.2f}"},
                    item=index,
                )
            if kind == ExpenseItem.Kind.FOOD:
                if food_left <= 0:
                    # A food cost of nothing would only puzzle the member and staff.
                    raise ExpenseLimitError(
                        _(
                            "You have already claimed the most for food for this activity "
                            "(£%(cap)s). Remove this cost."
                        )
                        % {"cap": f"{card.food_cap:,.2f}"},
                        item=index,
                    )
                amount = min(amount, food_left)
                food_left -= amount
            amount = to_pennies(amount)
        receipt = item.get("receipt")
        content_type = ""
        if receipt:
            try:
                content_type = receipt_content_type(receipt)
            except ValidationError as error:
                raise PaymentError(error.messages[0]) from None
        prepared.append(
            ExpenseItem(
                kind=kind,
                description=(item.get("description") or "")[:200],
                miles=miles,
                amount=amount,
                receipt=receipt or "",
                receipt_type=content_type,
            )
        )
    total = sum((item.amount for item in prepared), Decimal("0.00"))
    # The limit is for the activity, not each claim: else ten claims pass it tenfold.
    if claimed_before + total > card.expense_claim_max:
        if not claimed_before:
            raise ExpenseLimitError(
                _(
                    "These costs come to £%(total)s, and one claim can be for up to "
                    "£%(max)s. Call the involvement team about costs this large."
                )
                % {"total": f"{total:,.2f}", "max": f"{card.expense_claim_max:,.2f}"}
            )
        raise ExpenseLimitError(
            _(
                "These costs come to £%(total)s. You can claim up to £%(max)s for one "
                "activity, and you have already claimed £%(before)s for this one, so "
                "£%(left)s is left to claim. Call the involvement team about more."
            )
            % {
                "total": f"{total:,.2f}",
                "max": f"{card.expense_claim_max:,.2f}",
                "before": f"{claimed_before:,.2f}",
                "left": f"{max(card.expense_claim_max - claimed_before, 0):,.2f}",
            }
        )
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
    return claim


DECISIONS = {
    ExpenseClaim.Status.APPROVED,
    ExpenseClaim.Status.QUERIED,
    ExpenseClaim.Status.REJECTED,
}


@transaction.atomic
def expense_claim_decide(
    *, claim: ExpenseClaim, status: str, message: str, by: User
) -> ExpenseClaim:
    claim = ExpenseClaim.objects.select_for_update().get(pk=claim.pk)
    if status not in DECISIONS:
        raise PaymentError(_("Choose approve, ask a question, or turn down."))
    if claim.status not in (ExpenseClaim.Status.SUBMITTED, ExpenseClaim.Status.QUERIED):
        raise PaymentError(_("This claim has already been decided."))
    own_record_refuse(person=claim.member_id, by=by, error=PaymentError)
    message = message.strip()
    if status != ExpenseClaim.Status.APPROVED and not message:
        raise PaymentError(_("Write a message to the member: your question, or why."))
    claim.status = status
    claim.message = message
    claim.decided_by = by
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "message", "decided_by", "decided_at"])
    event = ExpenseEvent.objects.create(claim=claim, status=status, note=message, by=by)
    if claim.member:
        email_person(
            user=claim.member,
            template="reciprocity/email/expense_decision",
            context={"claim": claim},
            key=f"expense-event:{event.pk}",
        )
    return claim
