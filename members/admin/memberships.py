"""Staff screens in the Wagtail admin for memberships: membership requests (approve or
decline a request to join a group), and 'Phone and post'.

'Phone and post' is what the platform would have emailed to members who have no email.
Members registered by staff without an address cannot sign in and get no email. When
the daily job invites renewals, or a group publishes new ground rules, they appear here
instead, with their phone number and address, for a call or a letter; staff record the
answer on their behalf (logged, and marked as assisted).
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from home.permissions import requires
from members.admin.accounts import decision_errors_report
from members.forms.accounts import DecisionForm
from members.models import GroupMembership
from members.selectors.memberships import renewals_to_ask, rules_to_read
from members.services.accounts import AlreadyDecided
from members.services.memberships import (
    MembershipError,
    membership_accept_ground_rules,
    membership_approve,
    membership_decline,
    membership_renew,
)

PERMISSION = "members.decide_membership"
PER_PAGE = 50


# --- Membership requests --------------------------------------------------------------


@requires(permission=PERMISSION)
def membership_requests(request):
    """Requests to join a group that needs approval, oldest first."""
    waiting = (
        GroupMembership.objects.filter(status=GroupMembership.Status.APPLIED)
        .select_related("member", "group")
        .order_by("applied_at", "pk")
    )
    page = Paginator(waiting, 50).get_page(request.GET.get("p"))
    return TemplateResponse(request, "members/admin/membership_requests.html", {"page_obj": page})


@require_POST
@requires(permission=PERMISSION)
def membership_request_decide(request, membership_id: int):
    membership = get_object_or_404(
        GroupMembership.objects.select_related("member", "group"),
        pk=membership_id,
        status=GroupMembership.Status.APPLIED,
    )
    who = membership.member.name or membership.member.email
    form = DecisionForm(request.POST)
    if not form.is_valid():
        decision_errors_report(request, form, who=who)
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


# --- Phone and post -------------------------------------------------------------------


@requires(permission=PERMISSION)
def offline_contact(request):
    return TemplateResponse(
        request,
        "members/admin/offline_contact.html",
        {
            "renewals": Paginator(renewals_to_ask(), PER_PAGE).get_page(
                request.GET.get("renewals")
            ),
            "rules": Paginator(rules_to_read(), PER_PAGE).get_page(request.GET.get("rules")),
        },
    )


@require_POST
@requires(permission=PERMISSION)
def renewed_by_phone_or_post(request, membership_id: int):
    membership = get_object_or_404(renewals_to_ask(), pk=membership_id)
    try:
        membership = membership_renew(membership=membership, by=request.user)
    except MembershipError as error:
        messages.error(request, f"{membership.member}: {error}")
    else:
        messages.success(
            request,
            _("%(name)s stays in %(group)s until %(date)s.")
            % {
                "name": membership.member,
                "group": membership.group.title,
                "date": date_format(membership.term_ends_on, "j F Y"),
            },
        )
    return redirect("members_offline_contact")


@require_POST
@requires(permission=PERMISSION)
def rules_agreed_by_phone_or_post(request, membership_id: int):
    membership = get_object_or_404(rules_to_read(), pk=membership_id)
    # The version read to them is the one shown on the list when staff clicked.
    number = request.POST.get("version", "")
    valid = number.isascii() and number.isdigit() and len(number) < 6
    version = membership.group.ground_rules_version(int(number)) if valid else None
    try:
        membership_accept_ground_rules(
            membership=membership, accepted_version=version, recorded_by=request.user
        )
    except MembershipError as error:
        messages.error(request, f"{membership.member}: {error}")
    else:
        messages.success(
            request,
            _("Recorded: %(name)s agreed to the new ground rules of %(group)s.")
            % {"name": membership.member, "group": membership.group.title},
        )
    return redirect("members_offline_contact")
