"""The member's profile: the questions, one page at a time (onboarding and 'Change'),
and the summary with Change links."""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse

from home.permissions import guard, requires
from members import roles
from members.forms.profiles import STEPS
from members.models import MemberProfile
from members.selectors.profiles import (
    has_accepted_privacy_notice,
    profile_answers,
    profile_with_answers,
)
from members.services.profiles import (
    privacy_notice_accept,
    profile_complete_onboarding,
    profile_step_saved,
)


def _own_profile(request) -> MemberProfile:
    profile, _created = MemberProfile.objects.get_or_create(user=request.user)
    return profile


@login_required
def profile_step(request, slug: str):
    """One question page. 'Continue' goes to the next; from the summary, back to it."""
    position = STEPS.position(slug)  # an unknown page is not found, whoever asks
    if (refused := guard(request, role=roles.MEMBER)) is not None:
        return refused
    profile = _own_profile(request)
    step = position.step
    changing = request.GET.get("change") == "1" or profile.onboarding_completed_at is not None
    form = step.form_class(request.POST if request.method == "POST" else None, instance=profile)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if slug == "privacy":
                privacy_notice_accept(user=request.user)
            else:
                form.save()
                profile_step_saved(profile=profile, slug=slug)
        if changing or position.is_last:
            return redirect("members:profile")
        return redirect("members:profile_step", slug=position.next.slug)
    if changing:
        back = reverse("members:profile")
    elif not position.is_first:
        back = reverse("members:profile_step", args=[position.previous.slug])
    else:
        back = reverse("members:account")
    return render(
        request,
        "members/profile_step.html",
        {
            "step": step,
            "form": form,
            "back_url": back,
            "position": position,
            "changing": changing,
        },
    )


@login_required
@requires(role=roles.MEMBER)
def profile(request):
    """Check your answers (first time) and, afterwards, the profile summary with Change links."""
    profile = _own_profile(request)
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
@requires(role=roles.MEMBER)
def profile_done(request):
    _own_profile(request)
    return render(request, "members/profile_done.html")
