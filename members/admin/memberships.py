"""'Phone and post': what the platform would have emailed to members who have no email.

Members registered by staff without an address cannot sign in and get no email. When
the daily job invites renewals, or a group publishes new ground rules, they appear here
instead, with their phone number and address, for a call or a letter; staff record the
answer on their behalf (logged, and marked as assisted).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.models import GroupMembership
from members.services import (
    MembershipError,
    membership_accept_ground_rules,
    membership_renew,
    memberships_behind_on_ground_rules,
)

PERMISSION = "members.decide_membership"
PER_PAGE = 50


def _require_permission(request) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def renewals_to_ask():
    return (
        GroupMembership.objects.filter(
            status__in=[GroupMembership.Status.ACTIVE, GroupMembership.Status.PAUSED],
            renewal_invited_at__isnull=False,
            member__email__isnull=True,
        )
        .select_related("group", "member__profile")
        .order_by("term_ends_on", "pk")
    )


def rules_to_read():
    return (
        memberships_behind_on_ground_rules()
        .filter(member__email__isnull=True)
        .select_related("member__profile")
        .order_by("group__title", "pk")
    )


def offline_contact(request):
    _require_permission(request)
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
def renewed_by_phone_or_post(request, membership_id: int):
    _require_permission(request)
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
def rules_agreed_by_phone_or_post(request, membership_id: int):
    _require_permission(request)
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
