"""Admin → Payments → Expense claims: staff approve, query or turn down each claim;
and staff add a skill a member gained, from the member record."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import User
from members.services.own_record import OWN_RECORD, is_own_record
from reciprocity.expenses import expense_claim_decide
from reciprocity.forms import SkillGainedForm
from reciprocity.models import ExpenseClaim
from reciprocity.services import PaymentError
from reciprocity.services import skill_gained_add as skill_gained_add_service

PERMISSION = "reciprocity.decide_expenseclaim"
WAITING = [ExpenseClaim.Status.SUBMITTED, ExpenseClaim.Status.QUERIED]


def _require(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def claims_index(request):
    _require(request)
    show = request.GET.get("show", "waiting")
    claims = ExpenseClaim.objects.select_related("member").prefetch_related("items")
    claims = claims.filter(status__in=WAITING) if show == "waiting" else claims
    page = Paginator(claims.order_by("submitted_at", "pk"), 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request, "reciprocity/admin/claims_index.html", {"page_obj": page, "show": show}
    )


class ClaimDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            ("approved", gettext_lazy("Approve")),
            ("queried", gettext_lazy("Ask the member a question")),
            ("rejected", gettext_lazy("Turn down")),
        ],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=gettext_lazy("Message to the member"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Needed for a question or when turning it down."),
    )


def claim_view(request, claim_id: int):
    _require(request)
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
        },
    )


def skill_gained_add(request, user_id: int):
    """From the member record: staff add a skill the member gained."""
    if not request.user.has_perm("reciprocity.add_skillgained"):
        raise PermissionDenied
    person = get_object_or_404(User, pk=user_id)
    if is_own_record(person=person, by=request.user):
        messages.error(request, OWN_RECORD)
        return redirect("members_member_record", user_id=person.pk)
    form = SkillGainedForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        skill_gained_add_service(person=person, by=request.user, **form.cleaned_data)
        messages.success(request, _("Skill added. It shows on their statement."))
        return redirect("members_member_record", user_id=person.pk)
    return TemplateResponse(
        request, "reciprocity/admin/skill_add.html", {"person": person, "form": form}
    )
