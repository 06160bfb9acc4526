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
from members.forms.ethnicity import ethnic_group_of, ethnicity_detail_asked, ethnicity_settle
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
    """What they have answered so far: this visit's, else what they saved before (with
    the broad ethnic group their saved answer sits in: only the detail is kept)."""
    draft = journey_drafts.get(request, JOURNEY)
    if draft is not None:
        return draft
    saved = equality_answers(member=request.user) or {}
    if saved:
        saved["ethnic_group"] = ethnic_group_of(saved.get("ethnicity"))
    return saved


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
    step = STEPS.position(slug).step  # an unknown page is not found, before anything is read
    answers = _answers(request)
    # The form sees every answer so far: the ethnic background page asks within the
    # group chosen on the page before it.
    form = step.form_class(request.POST if request.method == "POST" else None, initial=answers)
    if request.method == "POST" and form.is_valid():
        answers.update({name: form.cleaned_data.get(name) for name in step.fields})
        answers = ethnicity_settle(answers, answered=slug)
        journey_drafts.save(request, JOURNEY, answers)
        position = STEPS.position(slug, answers)
        # A new group: its detail is still to ask, even when changing from the check page.
        if slug == "ethnic-group" and ethnicity_detail_asked(answers) and not answers["ethnicity"]:
            url = reverse("members:equality_step", args=["ethnicity"])
            return redirect(url + ("?change=1" if request.GET.get("change") == "1" else ""))
        if request.GET.get("change") == "1" or position.is_last:
            return redirect("members:equality_check")
        return redirect("members:equality_step", slug=position.next.slug)
    position = STEPS.position(slug, answers)
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
    if name == "day_to_day" and answers.get("long_term_condition") in ("no", "prefer_not"):
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
