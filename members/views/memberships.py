"""The member's own memberships: join a group (agreeing to its ground rules), the
confirmation, renew, pause or leave, and agree to changed ground rules."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from home.permissions import guard
from members import roles
from members.forms.memberships import JoinGroupForm, PauseMembershipForm
from members.models import GroupMembership, ReferenceGroupPage
from members.selectors.memberships import membership_can_renew
from members.services.memberships import (
    MembershipError,
    membership_accept_ground_rules,
    membership_join,
    membership_leave,
    membership_pause,
    membership_renew,
)


def _joinable_group(group_id: int) -> ReferenceGroupPage:
    return get_object_or_404(ReferenceGroupPage.objects.live().public(), pk=group_id)


@login_required
def group_join(request, group_id: int):
    """Read the group's ground rules, agree, and join (or ask to join)."""
    group = _joinable_group(group_id)
    # Researchers and staff join as members by creating a member account.
    if (refused := guard(request, role=roles.MEMBER)) is not None:
        return refused
    existing = GroupMembership.objects.live().filter(member=request.user, group=group).first()
    if existing is not None:
        return redirect("members:group_joined", group_id=group.pk)
    rules = group.current_ground_rules()
    if not group.is_joinable or rules is None:
        return render(request, "members/group_closed.html", {"group": group}, status=409)

    form = JoinGroupForm(
        request.POST if request.method == "POST" else None, initial={"version": rules.number}
    )
    if request.method == "POST" and form.is_valid():
        # The service decides whether the version they read is still the current one.
        seen = group.ground_rules_version(form.cleaned_data["version"])
        try:
            membership_join(member=request.user, group=group, accepted_version=seen)
        except MembershipError as error:
            form.add_error(None, str(error))
        else:
            return redirect("members:group_joined", group_id=group.pk)
    return render(
        request, "members/group_join.html", {"group": group, "rules": rules, "form": form}
    )


@login_required
def group_joined(request, group_id: int):
    """The confirmation page, with what happens next. Only for the person who joined."""
    membership = (
        GroupMembership.objects.live()
        .select_related("group", "ground_rules_version")
        .filter(member=request.user, group_id=group_id)
        .first()
    )
    if membership is None:
        raise Http404
    return render(request, "members/group_joined.html", {"membership": membership})


def _own_live_membership(request, group_id: int) -> GroupMembership:
    membership = (
        GroupMembership.objects.live()
        .select_related("group")
        .filter(member=request.user, group_id=group_id)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


@login_required
def group_membership(request, group_id: int):
    """Renew, pause or leave: the member's own controls for one membership."""
    membership = _own_live_membership(request, group_id)
    pause_form = PauseMembershipForm(
        request.POST if request.POST.get("action") == "pause" else None
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "renew":
                membership = membership_renew(membership=membership)
                messages.success(
                    request,
                    _("Thank you. Your membership now lasts until %(date)s.")
                    % {"date": date_format(membership.term_ends_on, "j F Y")},
                )
                return redirect("members:group_membership", group_id=group_id)
            if action == "pause" and pause_form.is_valid():
                membership_pause(membership=membership, until=pause_form.cleaned_data["until"])
                messages.success(request, _("Your membership is paused."))
                return redirect("members:group_membership", group_id=group_id)
        except MembershipError as error:
            target = pause_form if action == "pause" else None
            if target is not None:
                target.add_error("until", str(error))
            else:
                messages.error(request, str(error))
    return render(
        request,
        "members/group_membership.html",
        {
            "membership": membership,
            "form": pause_form,
            "can_renew": membership_can_renew(membership),
        },
    )


@login_required
def group_leave(request, group_id: int):
    """Check, then leave (or cancel a request to join). No reason is asked for."""
    membership = _own_live_membership(request, group_id)
    if request.method == "POST":
        pending = membership.status == GroupMembership.Status.APPLIED
        membership_leave(membership=membership)
        message = (
            _("Your request to join %(group)s is cancelled.")
            if pending
            else _("You have left %(group)s.")
        )
        messages.success(request, message % {"group": membership.group.title})
        return redirect("members:account")
    return render(request, "members/group_leave.html", {"membership": membership})


@login_required
def group_rules(request, group_id: int):
    """A group changed its ground rules: read them, and agree to keep taking part."""
    membership = _own_live_membership(request, group_id)
    rules = membership.group.current_ground_rules()
    if rules is None or membership.ground_rules_version_id == rules.pk:
        return redirect("members:group_membership", group_id=group_id)
    form = JoinGroupForm(
        request.POST if request.method == "POST" else None, initial={"version": rules.number}
    )
    if request.method == "POST" and form.is_valid():
        seen = membership.group.ground_rules_version(form.cleaned_data["version"])
        try:
            membership_accept_ground_rules(membership=membership, accepted_version=seen)
        except MembershipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Thank you. You have agreed to the new ground rules of %(group)s.")
                % {"group": membership.group.title},
            )
            return redirect("members:account")
    return render(
        request,
        "members/group_rules.html",
        {"membership": membership, "group": membership.group, "rules": rules, "form": form},
    )
