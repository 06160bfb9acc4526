"""The member's expense claim, as the NHS.UK pattern asks: the limits and rates first,
then one cost at a time ("Add another cost"), each asking only what fits its kind, then
a check page that says what each cost is paid and why, before anything is sent. A sent
claim can be changed or withdrawn until staff act on it.

The unsent claim is a server-side draft (reciprocity/services/expense_drafts.py), its
receipts in private storage; the session holds only the draft's token."""

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from home.permissions import requires
from members import roles
from reciprocity.expense_rules import (
    cost_lines,
    per_mile,
    pounds,
    receipt_rule_text,
)
from reciprocity.forms.expenses import ClaimStartForm, CostDetailsForm, CostKindForm
from reciprocity.models import ExpenseClaim, ExpenseItem, RateCard
from reciprocity.models.rate_cards import RECEIPT_RULE_KINDS
from reciprocity.selectors import involvements_to_offer
from reciprocity.services.expense_drafts import (
    claim_draft_discard,
    claim_draft_get,
    claim_draft_save,
    draft_receipt_add,
    draft_receipts_delete,
)
from reciprocity.services.expenses import (
    MAX_ITEMS,
    claim_rates,
    claimed_for,
)

KIND_LABELS = dict(ExpenseItem.Kind.choices)


def _involvements(request):
    return involvements_to_offer(request.user).select_related("activity").order_by("-started_on")


def _journey(request):
    """(draft, involvement) of this sign-in's unsent claim, or (None, None) when there
    is none (or its activity can no longer be claimed for): start again."""
    draft = claim_draft_get(request)
    if not draft:
        return None, None
    involvement = _involvements(request).filter(pk=draft.get("involvement")).first()
    return (draft, involvement) if involvement else (None, None)


def _changing(request, draft) -> ExpenseClaim | None:
    if not draft.get("claim"):
        return None
    return ExpenseClaim.objects.filter(pk=draft["claim"], member=request.user).first()


def _rate_rows(card) -> list[tuple[str, str]]:
    """The limits and rates, as the start page lists them."""
    if card is None:
        return []
    rates = card.expense_rates()
    return [
        (_("Travel by car"), _("%(rate)s a mile") % {"rate": per_mile(rates.mileage_per_mile)}),
        (
            _("Food and drink"),
            _("up to %(cap)s for one activity") % {"cap": pounds(rates.food_cap)},
        ),
        (_("One cost"), _("up to %(max)s") % {"max": pounds(rates.item_max)}),
        (
            _("All your claims for one activity"),
            _("up to %(max)s") % {"max": pounds(rates.claim_max)},
        ),
    ]


def _receipt_rules(card) -> list[str]:
    if card is None:
        return []
    rates = card.expense_rates()
    rules = [
        receipt_rule_text(KIND_LABELS[k], rates.receipt_over.get(k)) for k in RECEIPT_RULE_KINDS
    ]
    return [*rules, _("Travel by car (mileage): no receipt needed")]


@login_required
@requires(role=roles.MEMBER)
def expense_claim_new(request):
    """The start page: what can be claimed and the limits; then which activity."""
    involvements = _involvements(request)
    draft = claim_draft_get(request) or {}
    initial = {"involvement": draft.get("involvement")} if not draft.get("claim") else {}
    form = ClaimStartForm(
        request.POST if request.method == "POST" else None,
        involvements=involvements,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["involvement"]
        same = not draft.get("claim") and draft.get("involvement") == chosen.pk
        if same and draft.get("costs"):
            return redirect("reciprocity:expense_claim_check")
        if draft:
            claim_draft_discard(request)  # another activity, or a change left: start afresh
        claim_draft_save(request, {"involvement": chosen.pk, "claim": None, "costs": []})
        return redirect("reciprocity:expense_cost_new")
    card = RateCard.objects.in_force(timezone.localdate())
    return render(
        request,
        "reciprocity/expense_claim_new.html",
        {
            "form": form,
            "has_involvements": involvements.exists(),
            "rate_rows": _rate_rows(card),
            "receipt_rules": _receipt_rules(card),
            "recorded_within": settings.INVOLVEMENT_RECORDED_WITHIN_WORKING_DAYS,
        },
    )


@login_required
@requires(role=roles.MEMBER)
def expense_cost(request, index: int | None = None):
    """What kind of cost: a new one (no index) or one already added (its index)."""
    draft, involvement = _journey(request)
    if draft is None:
        return redirect("reciprocity:expense_claim_new")
    costs = draft["costs"]
    if index is None:
        if len(costs) >= MAX_ITEMS:
            messages.info(
                request,
                _(
                    "You can claim up to %(count)s costs at a time. Send this claim, "
                    "then start another."
                )
                % {"count": MAX_ITEMS},
            )
            return redirect("reciprocity:expense_claim_check")
        index = len(costs)
    elif index >= len(costs):
        raise Http404
    current = costs[index] if index < len(costs) else {}
    form = CostKindForm(
        request.POST if request.method == "POST" else None,
        initial={"kind": current.get("kind"), "what": current.get("what")},
    )
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        what = form.cleaned_data["what"].strip() if kind == ExpenseItem.Kind.OTHER else ""
        old = (draft.get("pending") or {}).get("draft_receipt")
        draft_receipts_delete(member=request.user, ids=[old])
        draft["pending"] = {"index": index, "kind": kind, "what": what, "draft_receipt": None}
        claim_draft_save(request, draft)
        return redirect("reciprocity:expense_cost_details", index=index)
    return render(
        request,
        "reciprocity/expense_cost_kind.html",
        {"form": form, "number": index + 1, "has_errors": bool(form.errors), "draft": draft},
    )


@login_required
@requires(role=roles.MEMBER)
def expense_cost_details(request, index: int):
    """Only the boxes that fit the kind chosen: miles, or an amount and a receipt."""
    draft, involvement = _journey(request)
    if draft is None:
        return redirect("reciprocity:expense_claim_new")
    costs, pending = draft["costs"], draft.get("pending") or {}
    previous = costs[index] if index < len(costs) else {}
    if pending.get("index") == index:
        kind, what = pending["kind"], pending["what"]
    elif previous:
        kind, what = previous["kind"], previous.get("what", "")
    else:
        return redirect("reciprocity:expense_cost_new")
    current = previous if previous.get("kind") == kind else {}
    kept_receipt = {
        name: current.get(name) for name in ("draft_receipt", "receipt_name", "receipt_type")
    }
    if pending.get("index") == index and pending.get("draft_receipt"):
        kept_receipt = {"draft_receipt": pending["draft_receipt"], "receipt_name": ""}
    rates = claim_rates(involvement)
    amount = current.get("amount")
    form = CostDetailsForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        kind=kind,
        rates=rates,
        has_receipt=bool(kept_receipt.get("draft_receipt") or kept_receipt.get("receipt_name")),
        initial={
            "description": current.get("description"),
            "miles": current.get("miles"),
            "amount": f"£{Decimal(amount):,.2f}" if amount else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        saved = _cost_save(
            request, draft, involvement, form, index=index, what=what, kept=kept_receipt
        )
        if saved:
            return redirect("reciprocity:expense_claim_check")
    if request.method == "POST" and form.errors and _receipt_survives(form):
        # Another box needs fixing: keep the good receipt, so it is not chosen again.
        row = draft_receipt_add(
            member=request.user, upload=form.cleaned_data["receipt"], content_type=form.receipt_type
        )
        draft_receipts_delete(member=request.user, ids=[pending.get("draft_receipt")])
        draft["pending"] = {"index": index, "kind": kind, "what": what, "draft_receipt": row.pk}
        claim_draft_save(request, draft)
        # The bound field copied the hint when the form was checked: change it there.
        form["receipt"].help_text = _(
            "We have kept the receipt you chose. Choose another file only to replace it."
        )
    return render(
        request,
        "reciprocity/expense_cost_details.html",
        {
            "form": form,
            "kind": kind,
            "kind_label": KIND_LABELS[kind],
            "what": what,
            "number": index + 1,
            "has_errors": bool(form.errors),
            "back_url": reverse("reciprocity:expense_cost", kwargs={"index": index})
            if index < len(costs)
            else reverse("reciprocity:expense_cost_new"),
        },
    )


def _cost_save(request, draft, involvement, form, *, index, what, kept) -> bool:
    """Put the cost in the draft, after checking it against the claim's other costs and
    earlier claims (the food limit, the most for one cost) beside its box."""
    costs, pending = draft["costs"], draft.get("pending") or {}
    previous = costs[index] if index < len(costs) else {}
    data = form.cleaned_data
    kind = form.kind
    cost = {
        "kind": kind,
        "what": what,
        "description": data.get("description", ""),
        "miles": str(data["miles"]) if data.get("miles") is not None else None,
        "amount": str(data["amount"]) if data.get("amount") is not None else None,
        "draft_receipt": None,
        "receipt_name": "",
        "receipt_type": "",
    }
    _before, food_before = claimed_for(involvement, leaving_out=_changing(request, draft))
    trial = [*costs[:index], cost, *costs[index + 1 :]]
    line = cost_lines(trial, form.rates, food_before=food_before)[index]
    if line.error:
        form.add_error("miles" if kind == ExpenseItem.Kind.MILEAGE else "amount", line.error)
        return False
    if data.get("receipt"):
        row = draft_receipt_add(
            member=request.user, upload=data["receipt"], content_type=form.receipt_type
        )
        cost["draft_receipt"] = row.pk
    elif kind != ExpenseItem.Kind.MILEAGE:
        cost.update({name: value for name, value in kept.items() if value})
    stale = {previous.get("draft_receipt"), pending.get("draft_receipt")}
    draft_receipts_delete(member=request.user, ids=list(stale - {cost["draft_receipt"], None}))
    costs[index : index + 1] = [cost]
    draft.pop("pending", None)
    claim_draft_save(request, draft)
    return True


def _receipt_survives(form) -> bool:
    """A receipt that passed its checks on a form that did not (another box was wrong)."""
    return (
        "receipt" in form.fields
        and "receipt" not in form.errors
        and bool(form.cleaned_data.get("receipt"))
    )


@login_required
@requires(role=roles.MEMBER)
def expense_cost_remove(request, index: int):
    draft, _involvement = _journey(request)
    if draft is None:
        return redirect("reciprocity:expense_claim_new")
    if request.method == "POST" and index < len(draft["costs"]):
        removed = draft["costs"].pop(index)
        draft.pop("pending", None)
        draft_receipts_delete(member=request.user, ids=[removed.get("draft_receipt")])
        claim_draft_save(request, draft)
        messages.success(request, _("The cost has been removed."))
    return redirect("reciprocity:expense_claim_check")
