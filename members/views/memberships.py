from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from home.page_cache import public_fragment
from members import roles
from members.forms import EraseAccountForm, JoinGroupForm, PauseMembershipForm
from members.hooks import account_sections
from members.models import (
    EqualityResponse,
    GroupMembership,
    MemberProfile,
    ReferenceGroupIndexPage,
    ReferenceGroupPage,
)
from members.onboarding import STEP_SLUGS, STEPS
from members.selectors import profile_answers, profile_completeness, profile_with_answers
from members.services import (
    ErasureRefused,
    MembershipError,
    account_can_be_erased,
    account_erase,
    has_accepted_privacy_notice,
    membership_accept_ground_rules,
    membership_can_renew,
    membership_join,
    membership_leave,
    membership_pause,
    membership_renew,
    memberships_with_new_ground_rules,
    personal_data_archive,
    privacy_notice_accept,
    profile_complete_onboarding,
)


@login_required
def account(request):
    """'Your account': what there is to do, your involvement, your profile and your data."""
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
            completeness = profile_completeness(answers)
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
    return render(
        request,
        "members/account.html",
        {
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
            "equality_answered": is_member
            and EqualityResponse.objects.filter(member=user).exists(),
            "can_erase": account_can_be_erased(request.user),
        },
    )


def _groups_index_url() -> str:
    index = ReferenceGroupIndexPage.objects.live().public().first()
    return index.url if index else ""


@login_required
def your_data(request):
    """What we hold, how to download it, and how to delete the account."""
    return render(
        request,
        "members/your_data.html",
        {"can_erase": account_can_be_erased(request.user)},
    )


@login_required
def your_data_download(request):
    """The zip of everything we hold about the person asking (only ever their own)."""
    if request.method != "POST":
        # A POST, so a link elsewhere cannot start a download of someone's data.
        return redirect("members:your_data")
    filename, content = personal_data_archive(user=request.user)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def account_delete(request):
    """Check, re-enter the password, and erase the account."""
    account = request.user
    if not account_can_be_erased(account):
        raise PermissionDenied
    form = EraseAccountForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            account_erase(user=account)
        except ErasureRefused as error:
            form.add_error(None, str(error))
        else:
            logout(request)
            return redirect("members:account_deleted")
    return render(request, "members/account_delete.html", {"form": form})


def account_deleted(request):
    return render(request, "members/account_deleted.html")


def _joinable_group(group_id: int) -> ReferenceGroupPage:
    return get_object_or_404(ReferenceGroupPage.objects.live().public(), pk=group_id)


@login_required
def group_join(request, group_id: int):
    """Read the group's ground rules, agree, and join (or ask to join)."""
    group = _joinable_group(group_id)
    if not request.user.has_role(roles.MEMBER):
        # Researchers and staff join as members by creating a member account.
        raise PermissionDenied
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
    """Check, then leave. No reason is asked for."""
    membership = _own_live_membership(request, group_id)
    if request.method == "POST":
        membership_leave(membership=membership)
        messages.success(request, _("You have left %(group)s.") % {"group": membership.group.title})
        return redirect("members:account")
    return render(request, "members/group_leave.html", {"membership": membership})


def _member_profile(request) -> MemberProfile:
    if not request.user.has_role(roles.MEMBER):
        raise PermissionDenied
    profile, _created = MemberProfile.objects.get_or_create(user=request.user)
    return profile


@login_required
def profile_step(request, slug: str):
    """One question page. 'Continue' goes to the next; from the summary, back to it."""
    if slug not in STEP_SLUGS:
        raise Http404
    profile = _member_profile(request)
    index = STEP_SLUGS.index(slug)
    step = STEPS[index]
    changing = request.GET.get("change") == "1" or profile.onboarding_completed_at is not None
    form = step.form_class(request.POST if request.method == "POST" else None, instance=profile)
    if request.method == "POST" and form.is_valid():
        if slug == "privacy":
            privacy_notice_accept(user=request.user)
        else:
            form.save()
        if changing or index == len(STEPS) - 1:
            return redirect("members:profile")
        return redirect("members:profile_step", slug=STEPS[index + 1].slug)
    if changing:
        back = reverse("members:profile")
    elif index:
        back = reverse("members:profile_step", args=[STEPS[index - 1].slug])
    else:
        back = reverse("members:account")
    return render(
        request,
        "members/profile_step.html",
        {
            "step": step,
            "form": form,
            "back_url": back,
            "number": index + 1,
            "total": len(STEPS),
            "changing": changing,
        },
    )


@login_required
def profile(request):
    """Check your answers (first time) and, afterwards, the profile summary with Change links."""
    profile = _member_profile(request)
    privacy_accepted = has_accepted_privacy_notice(user=request.user)
    if request.method == "POST":
        if not privacy_accepted:
            return redirect("members:profile_step", slug="privacy")
        if profile_complete_onboarding(profile=profile):
            return redirect("members:profile_done")
        return redirect("members:account")
    profile = profile_with_answers(request.user)
    return render(
        request,
        "members/profile.html",
        {
            "profile": profile,
            "answers": profile_answers(profile, privacy_accepted=privacy_accepted),
        },
    )


@login_required
def profile_done(request):
    _member_profile(request)
    return render(request, "members/profile_done.html")


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
