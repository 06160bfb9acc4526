"""The member's equality monitoring pages: why we ask, the questions, check and save,
change or delete. Only ever the signed-in member's own answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from home.journeys import answer_shown, step_rows
from home.permissions import requires
from members import roles
from members.forms.equality import STEPS
from members.selectors.equality import equality_answered, equality_answers
from members.services.drafts import journey_drafts
from members.services.equality import (
    DRAFT_JOURNEY,
    equality_response_delete,
    equality_response_save,
)

# The unsent answers are a server-side draft (members.models.JourneyDraft), never in
# the session: they are special-category data.
JOURNEY = DRAFT_JOURNEY


def _answers(request) -> dict:
    """What they have answered so far: this visit's, else what they saved before."""
    draft = journey_drafts.get(request, JOURNEY)
    if draft is not None:
        return draft
    return equality_answers(member=request.user) or {}


@login_required
@requires(role=roles.MEMBER)
def equality_intro(request):
    return render(
        request,
        "members/equality/intro.html",
        {"saved": equality_answered(member=request.user)},
    )


@login_required
@requires(role=roles.MEMBER)
def equality_step(request, slug: str):
    position = STEPS.position(slug)
    step = position.step
    answers = _answers(request)
    form = step.form_class(
        request.POST if request.method == "POST" else None,
        initial={name: answers.get(name) for name in step.fields},
    )
    if request.method == "POST" and form.is_valid():
        answers.update({name: form.cleaned_data.get(name) for name in step.fields})
        journey_drafts.save(request, JOURNEY, answers)
        if request.GET.get("change") == "1" or position.is_last:
            return redirect("members:equality_check")
        return redirect("members:equality_step", slug=position.next.slug)
    back = (
        reverse("members:equality_step", args=[position.previous.slug])
        if not position.is_first
        else reverse("members:equality")
    )
    return render(
        request,
        "members/equality/step.html",
        {
            "step": step,
            "form": form,
            "position": position,
            "back_url": back,
        },
    )


def _shown(name, value, field, answers) -> str:
    # How much a condition limits someone is only asked of people who have one.
    if name == "day_to_day" and answers.get("long_term_condition") == "no":
        return _("Does not apply")
    return answer_shown(field, value)


@login_required
@requires(role=roles.MEMBER)
def equality_check(request):
    answers = _answers(request)
    if request.method == "POST":
        equality_response_save(member=request.user, answers=answers)
        journey_drafts.discard(request, JOURNEY)
        messages.success(request, _("Thank you. Your answers are saved."))
        return redirect("members:account")
    rows = step_rows(STEPS, answers, shown=_shown)
    return render(request, "members/equality/check.html", {"rows": rows})


@login_required
@requires(role=roles.MEMBER)
def equality_delete(request):
    if request.method == "POST":
        # Every sign-in's draft goes with the answers (the service), this one's too.
        if equality_response_delete(member=request.user):
            messages.success(request, _("Your equality monitoring answers have been deleted."))
        return redirect("members:account")
    return render(request, "members/equality/delete.html")
