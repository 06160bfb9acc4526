"""The member's profile: the questions, one page at a time (onboarding and 'Change'),
and the summary with Change links."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from members import roles
from members.forms.profiles import STEP_SLUGS, STEPS
from members.models import MemberProfile
from members.selectors.profiles import (
    has_accepted_privacy_notice,
    profile_answers,
    profile_with_answers,
)
from members.services.profiles import privacy_notice_accept, profile_complete_onboarding


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
