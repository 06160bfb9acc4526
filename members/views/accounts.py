"""'Your account': what there is to do, your involvement, your profile and your data."""

from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from home.page_cache import personal_fragment, public_fragment
from members import roles
from members.forms.accounts import NameForm
from members.hooks import account_sections
from members.models import GroupMembership, ReferenceGroupIndexPage
from members.selectors.equality import equality_answered
from members.selectors.memberships import membership_can_renew, memberships_with_new_ground_rules
from members.selectors.profiles import (
    has_accepted_privacy_notice,
    profile_answers,
    profile_completeness,
    profile_with_answers,
)
from members.services.accounts import account_name_change
from members.services.personal_data import account_can_be_erased


@login_required
def account(request):
    """'Your account': what there is to do, your involvement, your profile and your data.

    Everything below the messages is made once and kept for this person until something
    it shows changes (home.page_cache.personal_fragment): it reads a dozen tables."""
    content = personal_fragment(
        request.user,
        "account",
        lambda: render_to_string(
            "members/includes_account.html", _account_context(request), request
        ),
    )
    return render(request, "members/account.html", {"content": content})


@login_required
def account_name(request):
    """'Your name': change the name on the account (anyone signed in, their own only)."""
    form = NameForm(request.POST or None, initial={"name": request.user.name})
    if request.method == "POST" and form.is_valid():
        if account_name_change(user=request.user, name=form.cleaned_data["name"], by=request.user):
            messages.success(request, _("Your name has been changed."))
        return redirect("members:account")
    return render(request, "members/account_name.html", {"form": form})


def _account_context(request) -> dict:
    user = request.user
    memberships = list(
        GroupMembership.objects.live()
        .filter(member=user)
        .select_related("group")
        .order_by("group__title")
    )
    role_names = sorted(user.role_names)
    is_member = roles.MEMBER in role_names
    completeness = None
    if is_member:
        profile = profile_with_answers(user)
        if profile is not None and profile.onboarding_completed_at:
            answers = profile_answers(
                profile, privacy_accepted=has_accepted_privacy_notice(user=user)
            )
            completeness = profile_completeness(answers, steps_saved=profile.steps_saved)
    to_renew = [
        m
        for m in memberships
        if m.status != GroupMembership.Status.APPLIED and membership_can_renew(m)
    ]
    if not is_member:
        profile_task = None
    elif completeness is None:
        profile_task = "start"
    else:
        profile_task = None if completeness.complete else "finish"
    groups_index_url = public_fragment("groups-index-url", _groups_index_url)
    sections = [
        section
        for _receiver, section in account_sections.send(sender=type(user), request=request)
        if section
    ]
    return {
        "roles": role_names,
        "is_member": is_member,
        "mfa_enabled": get_mfa_adapter().is_mfa_enabled(user),
        "researcher_pending": user.researcher_request == user.ResearcherRequest.PENDING,
        "researcher_declined": user.researcher_request == user.ResearcherRequest.DECLINED,
        "completeness": completeness,
        "new_rules": list(memberships_with_new_ground_rules(member=user)),
        "to_renew": to_renew,
        "profile_task": profile_task,
        "memberships": memberships,
        "groups_index_url": groups_index_url,
        "sections": sections,
        "equality_answered": is_member and equality_answered(member=user),
        "can_erase": account_can_be_erased(request.user),
    }


def _groups_index_url() -> str:
    index = ReferenceGroupIndexPage.objects.live().public().first()
    return index.url if index else ""
