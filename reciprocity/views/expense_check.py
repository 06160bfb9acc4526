"""The end of the expense claim: the check page (every cost, what it is paid and why,
change and remove links) that sends it, cancelling an unsent claim, and changing or
withdrawing a sent one until staff act on it."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from home.permissions import requires
from members import roles
from reciprocity.expense_rules import claim_total_error, cost_lines, receipt_needed
from reciprocity.models import ExpenseClaim, ExpenseItem
from reciprocity.services.expense_drafts import (
    ClaimAlreadySent,
    claim_draft_discard,
    claim_draft_from_claim,
    claim_draft_send,
)
from reciprocity.services.expenses import (
    MAX_ITEMS,
    claim_rates,
    claimed_for,
    expense_claim_withdraw,
    receipt_missing_message,
)
from reciprocity.services.payments import PaymentError
from reciprocity.views.expense_journey import KIND_LABELS, _changing, _journey


def _check_rows(costs, lines, rates) -> tuple[list[dict], list[dict]]:
    """A row per cost for the summary list, and the problems (each linking to its row)."""
    rows, problems = [], []
    for number, (cost, line) in enumerate(zip(costs, lines, strict=True), start=1):
        has_receipt = bool(cost.get("draft_receipt") or cost.get("receipt_name"))
        needs_receipt = receipt_needed(line.kind, line.typed, rates)
        row = {
            "index": number - 1,
            "number": number,
            "label": KIND_LABELS[line.kind],
            "what": cost.get("what", ""),
            "description": cost.get("description", ""),
            "line": line,
            "has_receipt": has_receipt,
            "receipt_shown": line.kind != ExpenseItem.Kind.MILEAGE,
            "error": line.error,
        }
        if not line.error and needs_receipt and not has_receipt:
            row["error"] = receipt_missing_message(line.kind, rates)
        if row["error"]:
            problems.append({"message": row["error"], "target": f"cost-{number}"})
        rows.append(row)
    return rows, problems


@login_required
@requires(role=roles.MEMBER)
def expense_claim_check(request):
    """Check your claim: nothing is sent until the member presses "Send"."""
    draft, involvement = _journey(request)
    if draft is None:
        return redirect("reciprocity:expense_claim_new")
    if not draft["costs"]:
        return redirect("reciprocity:expense_cost_new")
    claim = _changing(request, draft)
    rates = claim_rates(involvement)
    claimed_before, food_before = claimed_for(involvement, leaving_out=claim)
    lines = cost_lines(draft["costs"], rates, food_before=food_before)
    rows, problems = _check_rows(draft["costs"], lines, rates)
    total = sum((line.paid for line in lines), start=Decimal("0.00"))
    over = claim_total_error(total, claimed_before=claimed_before, claim_max=rates.claim_max)
    if over:
        problems.append({"message": over, "target": "total"})
    if request.method == "POST" and not problems:
        try:
            sent = claim_draft_send(request, involvement=involvement)
        except ClaimAlreadySent as error:
            messages.info(request, str(error))
            return redirect("reciprocity:expenses")
        except PaymentError as error:
            problems.append({"message": str(error), "target": ""})
        else:
            messages.success(
                request,
                _("Your changed claim has been sent. We will tell you when it is checked.")
                if claim
                else _("Your claim has been sent. We will tell you when it is checked."),
            )
            return redirect("reciprocity:expense_claim", claim_id=sent.pk)
    return render(
        request,
        "reciprocity/expense_claim_check.html",
        {
            "activity": involvement.activity,
            "involvement": involvement,
            "changing": claim,
            "rows": rows,
            "total": total,
            "problems": problems,
            "has_errors": request.method == "POST" and bool(problems),
            "can_add": len(rows) < MAX_ITEMS,
        },
    )


@login_required
@requires(role=roles.MEMBER)
def expense_claim_cancel(request):
    """Stop an unsent claim: its answers and receipts are deleted."""
    if request.method == "POST":
        claim_draft_discard(request)
        messages.success(request, _("Your claim has been cancelled. Nothing was sent."))
    return redirect("reciprocity:expenses")


def _own_claim(request, claim_id: int) -> ExpenseClaim:
    return get_object_or_404(ExpenseClaim, pk=claim_id, member=request.user)


def _acted_on(request, claim):
    messages.error(
        request,
        _(
            "The involvement team has already acted on this claim, so it can no longer be "
            "changed or withdrawn. Contact them if something is wrong."
        ),
    )
    return redirect("reciprocity:expense_claim", claim_id=claim.pk)


@login_required
@requires(role=roles.MEMBER)
def expense_claim_change(request, claim_id: int):
    """Change a sent claim: its costs become a draft, shown on the check page. Nothing
    changes until the member sends it again (and staff have not acted by then)."""
    claim = _own_claim(request, claim_id)
    if request.method != "POST":
        return redirect("reciprocity:expense_claim", claim_id=claim.pk)
    if not claim.member_may_change:
        return _acted_on(request, claim)
    with transaction.atomic():
        claim_draft_from_claim(request, claim=claim)
    return redirect("reciprocity:expense_claim_check")


@login_required
@requires(role=roles.MEMBER)
def expense_claim_withdraw_view(request, claim_id: int):
    """Are you sure? Then the claim is withdrawn (staff see it as withdrawn)."""
    claim = _own_claim(request, claim_id)
    if not claim.member_may_change:
        return _acted_on(request, claim)
    if request.method == "POST":
        try:
            expense_claim_withdraw(claim=claim, member=request.user)
        except PaymentError:
            return _acted_on(request, claim)
        messages.success(request, _("Your claim has been withdrawn."))
        return redirect("reciprocity:expense_claim", claim_id=claim.pk)
    return render(request, "reciprocity/expense_claim_withdraw.html", {"claim": claim})
