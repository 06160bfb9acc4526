"""Member-facing pages: the reciprocity statement (what they gave and what they got
back, per tax year), and expense claims with their receipts."""

import re

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from home.pdf import pdf_available, pdf_response
from home.permissions import may, requires
from members import roles
from reciprocity.models import ExpenseClaim, ExpenseItem
from reciprocity.money import tax_year
from reciprocity.selectors import involvements_to_offer, statement_figures

TAX_YEAR = re.compile(r"^\d{4}-\d{2}$")


def _statement_year(year: str) -> str:
    """The tax year asked for ('2026-27'), the current one by default; 404 for any
    other shape."""
    year = year or tax_year(timezone.localdate())
    if (
        not TAX_YEAR.match(year)
        or not 1990 <= int(year[:4]) <= 2200
        or int(year[5:]) != (int(year[:4]) + 1) % 100
    ):
        raise Http404
    return year


@login_required
@requires(role=roles.MEMBER)
def statement(request, year: str = ""):
    """Hours, payments by the date paid, what is to come, expenses and skills, for one
    tax year; with a PDF copy to download.

    Only ever the signed-in member's own: there is no id in the address to change."""
    figures = statement_figures(member=request.user, year=_statement_year(year))
    return render(
        request,
        "reciprocity/statement.html",
        {**figures, "pdf_available": pdf_available()},
    )


@login_required
@requires(role=roles.MEMBER)
def statement_pdf(request, year: str):
    """The same statement as a tagged PDF; the HTML page stays the main version."""
    figures = statement_figures(member=request.user, year=_statement_year(year))
    return pdf_response(
        request, "reciprocity/statement_pdf.html", figures, f"statement-{figures['year']}.pdf"
    )


# --- Expenses: the claim journey is in expense_journey.py and expense_check.py ----


@login_required
@requires(role=roles.MEMBER)
def expenses(request):
    """The member's expense claims and their status; and the way to claim, when there
    is something to claim for."""
    claims = (
        ExpenseClaim.objects.filter(member=request.user)
        .prefetch_related("items")
        .order_by("-submitted_at")
    )
    return render(
        request,
        "reciprocity/expenses.html",
        {
            "claims": claims,
            "can_claim": involvements_to_offer(request.user).exists(),
            "recorded_within": settings.INVOLVEMENT_RECORDED_WITHIN_WORKING_DAYS,
        },
    )


@login_required
def expense_claim(request, claim_id: int):
    """A sent claim: its costs and status; the way to change or withdraw it until staff
    act on it."""
    claim = get_object_or_404(
        ExpenseClaim.objects.prefetch_related("items", "events"), pk=claim_id, member=request.user
    )
    return render(request, "reciprocity/expense_claim.html", {"claim": claim})


@login_required
def receipt(request, item_id: int):
    """A receipt, only to the member who sent it and to staff who check claims."""
    item = get_object_or_404(ExpenseItem.objects.select_related("claim"), pk=item_id)
    own = item.claim.member_id == request.user.pk
    if not (own or may(request.user, permission="reciprocity.decide_expenseclaim")):
        raise Http404  # not a refusal: nothing says the receipt exists
    if not item.receipt:
        raise Http404
    try:
        handle = item.receipt.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=item.receipt_type)
    response["Content-Disposition"] = f'inline; filename="receipt-{item.pk}"'
    response["Cache-Control"] = "private, no-store"
    return response
