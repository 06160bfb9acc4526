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

from members.models import FLAG_GROUPS, GroupMembership, ReferenceGroupPage, User
from members.services import (
    AlreadyDecided,
    MembershipError,
    OwnRecordError,
    email_in_use,
    member_register_assisted,
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


def _report_errors(request, form, *, who: str) -> None:
    # A decision is one row of a list page: the errors come back as messages above it.
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, f"{who}: {error}")


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
        _report_errors(request, form, who=person.email)
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
    except OwnRecordError as error:
        messages.error(request, str(error))
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
        _report_errors(request, form, who=who)
        return redirect("members_membership_requests")
    note = form.cleaned_data["note"]
    # The services email the decision only to people with an address (email_person);
    # staff must not be told someone was emailed when they have to phone or write.
    has_email = bool(membership.member.email)
    try:
        if form.cleaned_data["decision"] == "approve":
            membership_approve(membership=membership, by=request.user, note=note)
            message = _("%(who)s is now a member of %(group)s.") % {
                "who": who,
                "group": membership.group.title,
            }
        else:
            membership_decline(membership=membership, by=request.user, note=note)
            message = _("The request from %(who)s was declined.") % {"who": who}
        messages.success(request, f"{message} {_decision_sent(has_email)}")
    except AlreadyDecided:
        messages.warning(
            request, _("Someone else has already decided about %(who)s.") % {"who": who}
        )
    except MembershipError as error:
        messages.error(request, f"{who}: {error}")
    return redirect("members_membership_requests")


def _decision_sent(has_email: bool) -> str:
    if has_email:
        return _("They have been emailed the decision.")
    return _("They have no email address: tell them by phone or post.")


class AssistedRegistrationForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Full name"),
        max_length=200,
        error_messages={"required": gettext_lazy("Enter their full name")},
    )
    channel = forms.ChoiceField(
        label=gettext_lazy("How did they join?"),
        choices=[c for c in User.Channel.choices if c[0]],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose how they joined")},
    )
    email = forms.EmailField(
        label=gettext_lazy("Email address"),
        required=False,
        help_text=gettext_lazy("If they have one, they are sent a link to set a password."),
    )
    phone = forms.CharField(label=gettext_lazy("Phone number"), max_length=30, required=False)
    postal_address = forms.CharField(
        label=gettext_lazy("Postal address"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=500,
    )
    contact_methods = forms.MultipleChoiceField(
        label=gettext_lazy("How should we contact them?"),
        required=False,
        choices=FLAG_GROUPS["contact_methods"],
        widget=forms.CheckboxSelectMultiple,
    )
    group = forms.ModelChoiceField(
        label=gettext_lazy("Join a group now (optional)"),
        required=False,
        queryset=ReferenceGroupPage.objects.live().exclude(
            join_policy=ReferenceGroupPage.JoinPolicy.CLOSED
        ),
    )
    ground_rules_read = forms.BooleanField(
        label=gettext_lazy("I have read the group's ground rules to them and they agreed"),
        required=False,
    )
    privacy_notice_explained = forms.BooleanField(
        label=gettext_lazy("I have explained the privacy notice and they agreed to it"),
        error_messages={
            "required": gettext_lazy("Explain the privacy notice to them before registering them")
        },
    )

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f) for f in ("email", "phone", "postal_address")):
            raise forms.ValidationError(
                _("Give at least one way to contact them: an email address, phone or address")
            )
        if cleaned.get("group") and not cleaned.get("ground_rules_read"):
            self.add_error(
                "ground_rules_read", _("Read the ground rules to them before they join the group")
            )
        email = cleaned.get("email")
        if email and email_in_use(email):
            self.add_error("email", _("Someone already has an account with this email address"))
        return cleaned


def assisted_registration(request):
    """Staff register a member who joined by phone, on paper or at an event."""
    _require_permission(request, "members.add_user")
    form = AssistedRegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = member_register_assisted(
                by=request.user,
                name=data["name"],
                channel=data["channel"],
                email=data["email"],
                phone=data["phone"],
                postal_address=data["postal_address"],
                contact_methods=data["contact_methods"],
                privacy_notice_explained=data["privacy_notice_explained"],
                group=data["group"],
            )
        except MembershipError as error:
            form.add_error(None, str(error))
        else:
            message = _("%(name)s is registered as a member.") % {"name": person.name}
            if person.email:
                sent = _("They have been emailed a link to set a password.")
            else:
                sent = _("They have no email address: contact them by phone or post.")
            messages.success(request, f"{message} {sent}")
            return redirect("members_assisted_registration")
    return TemplateResponse(request, "members/admin/assisted_registration.html", {"form": form})
