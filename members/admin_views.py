"""Staff screens in the Wagtail admin for accounts."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from members.models import GroupMembership, User
from members.services import (
    AlreadyDecided,
    membership_approve,
    membership_decline,
    researcher_approve,
    researcher_decline,
)

PERMISSION = "members.decide_researcher_request"
MEMBERSHIP_PERMISSION = "members.decide_membership"


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", gettext_lazy("Approve")), ("decline", gettext_lazy("Decline"))]
    )
    note = forms.CharField(
        label=gettext_lazy("Message to the person"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Needed when declining: say why, kindly and plainly."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "decline" and not cleaned.get("note", "").strip():
            self.add_error("note", _("Write a short message to the person saying why"))
        return cleaned


def _require_permission(request, permission: str = PERMISSION) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def researcher_requests(request):
    _require_permission(request)
    pending = (
        User.objects.researcher_requests_pending()
        .only("pk", "name", "email", "researcher_organisation", "date_joined")
        .order_by("date_joined", "pk")
    )
    page = Paginator(pending, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "members/admin/researcher_requests.html",
        {"page_obj": page},
    )


@require_POST
def researcher_decide(request, user_id: int):
    _require_permission(request)
    person = get_object_or_404(User, pk=user_id, researcher_request=User.ResearcherRequest.PENDING)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{person.email}: {error}")
        return redirect("members_researcher_requests")
    try:
        if form.cleaned_data["decision"] == "approve":
            researcher_approve(user=person, by=request.user, note=form.cleaned_data["note"])
            messages.success(request, _("%(email)s is now a researcher.") % {"email": person.email})
        else:
            researcher_decline(user=person, by=request.user, note=form.cleaned_data["note"])
            messages.success(request, _("%(email)s was declined.") % {"email": person.email})
    except AlreadyDecided:
        messages.warning(
            request,
            _("Someone else has already decided about %(email)s.") % {"email": person.email},
        )
    return redirect("members_researcher_requests")


def membership_requests(request):
    _require_permission(request, MEMBERSHIP_PERMISSION)
    waiting = (
        GroupMembership.objects.filter(status=GroupMembership.Status.APPLIED)
        .select_related("member", "group")
        .order_by("applied_at", "pk")
    )
    page = Paginator(waiting, 50).get_page(request.GET.get("p"))
    return TemplateResponse(request, "members/admin/membership_requests.html", {"page_obj": page})


@require_POST
def membership_decide(request, membership_id: int):
    _require_permission(request, MEMBERSHIP_PERMISSION)
    membership = get_object_or_404(
        GroupMembership.objects.select_related("member", "group"),
        pk=membership_id,
        status=GroupMembership.Status.APPLIED,
    )
    who = membership.member.name or membership.member.email
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{who}: {error}")
        return redirect("members_membership_requests")
    note = form.cleaned_data["note"]
    try:
        if form.cleaned_data["decision"] == "approve":
            membership_approve(membership=membership, by=request.user, note=note)
            messages.success(
                request,
                _("%(who)s is now a member of %(group)s.")
                % {"who": who, "group": membership.group.title},
            )
        else:
            membership_decline(membership=membership, by=request.user, note=note)
            messages.success(
                request, _("%(who)s was told the request was declined.") % {"who": who}
            )
    except AlreadyDecided:
        messages.warning(
            request, _("Someone else has already decided about %(who)s.") % {"who": who}
        )
    return redirect("members_membership_requests")
