"""Admin → Payments → Expense claims: staff approve, query or turn down each claim."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from home.permissions import requires
from members.services.own_record import is_own_record
from reciprocity.forms import ClaimDecisionForm
from reciprocity.models import ExpenseClaim
from reciprocity.services.expenses import expense_claim_decide
from reciprocity.services.payments import PaymentError

PERMISSION = "reciprocity.decide_expenseclaim"
WAITING = [ExpenseClaim.Status.SUBMITTED, ExpenseClaim.Status.QUERIED]


@requires(permission=PERMISSION)
def claims_index(request):
    show = request.GET.get("show", "waiting")
    claims = ExpenseClaim.objects.select_related("member").prefetch_related("items")
    claims = claims.filter(status__in=WAITING) if show == "waiting" else claims
    page = Paginator(claims.order_by("submitted_at", "pk"), 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request, "reciprocity/admin/claims_index.html", {"page_obj": page, "show": show}
    )


@requires(permission=PERMISSION)
def claim_view(request, claim_id: int):
    claim = get_object_or_404(
        ExpenseClaim.objects.select_related("member").prefetch_related("items", "events__by"),
        pk=claim_id,
    )
    is_own = is_own_record(person=claim.member_id, by=request.user)
    form = ClaimDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            expense_claim_decide(
                claim=claim,
                status=form.cleaned_data["decision"],
                message=form.cleaned_data["message"],
                by=request.user,
                seen_event=form.cleaned_data["seen"],
            )
        except PaymentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved. The member has been told."))
            return redirect("reciprocity_claims")
    return TemplateResponse(
        request,
        "reciprocity/admin/claim.html",
        {
            "claim": claim,
            "form": form,
            "open": claim.status in WAITING and not is_own,
            "is_own": is_own,
            # What this screen shows, for the decision to be checked against.
            "seen_event": max((event.pk for event in claim.events.all()), default=0),
        },
    )
