"""The member's equality monitoring pages: why we ask, the questions, check and save,
change or delete. Only ever the signed-in member's own answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from members import roles
from members.forms.equality import STEP_SLUGS, STEPS
from members.selectors.equality import equality_answered, equality_answers
from members.services.drafts import draft_discard, draft_get, draft_save
from members.services.equality import (
    DRAFT_JOURNEY,
    equality_response_delete,
    equality_response_save,
)

# The unsent answers are a server-side draft (members.models.JourneyDraft), never in
# the session: they are special-category data.
JOURNEY = DRAFT_JOURNEY


def _require_member(request) -> None:
    if not request.user.has_role(roles.MEMBER):
        raise PermissionDenied


def _answers(request) -> dict:
    """What they have answered so far: this visit's, else what they saved before."""
    draft = draft_get(request, JOURNEY)
    if draft is not None:
        return draft
    return equality_answers(member=request.user) or {}


@login_required
def equality_intro(request):
    _require_member(request)
    return render(
        request,
        "members/equality/intro.html",
        {"saved": equality_answered(member=request.user)},
    )


@login_required
def equality_step(request, slug: str):
    _require_member(request)
    if slug not in STEP_SLUGS:
        raise Http404
    index = STEP_SLUGS.index(slug)
    step = STEPS[index]
    answers = _answers(request)
    form = step.form_class(
        request.POST if request.method == "POST" else None,
        initial={name: answers.get(name) for name in step.form_class.Meta.fields},
    )
    if request.method == "POST" and form.is_valid():
        answers.update({name: form.cleaned_data.get(name) for name in step.form_class.Meta.fields})
        draft_save(request, JOURNEY, answers)
        if request.GET.get("change") == "1" or index == len(STEPS) - 1:
            return redirect("members:equality_check")
        return redirect("members:equality_step", slug=STEPS[index + 1].slug)
    back = (
        reverse("members:equality_step", args=[STEPS[index - 1].slug])
        if index
        else reverse("members:equality")
    )
    return render(
        request,
        "members/equality/step.html",
        {"step": step, "form": form, "number": index + 1, "total": len(STEPS), "back_url": back},
    )


@login_required
def equality_check(request):
    _require_member(request)
    answers = _answers(request)
    if request.method == "POST":
        equality_response_save(member=request.user, answers=answers)
        draft_discard(request, JOURNEY)
        messages.success(request, _("Thank you. Your answers are saved."))
        return redirect("members:account")
    rows = []
    for step in STEPS:
        form = step.form_class(initial=answers)
        for name in step.form_class.Meta.fields:
            value = answers.get(name)
            field = form.fields[name]
            if isinstance(value, bool):
                shown = _("Yes") if value else _("No")
            elif name == "day_to_day" and answers.get("long_term_condition") == "no":
                shown = _("Does not apply")
            else:
                shown = dict(getattr(field, "choices", [])).get(value, value) or _("Not answered")
            rows.append((field.label, shown, step.slug))
    return render(request, "members/equality/check.html", {"rows": rows})


@login_required
def equality_delete(request):
    _require_member(request)
    if request.method == "POST":
        # Every sign-in's draft goes with the answers (the service), this one's too.
        if equality_response_delete(member=request.user):
            messages.success(request, _("Your equality monitoring answers have been deleted."))
        return redirect("members:account")
    return render(request, "members/equality/delete.html")
