"""Reflection pages: changing the research stage, a person's private reflection and
check-in, their reflections (and, for leads, those shared with them), the team's
check-in totals and the confidence check-ins before and after.

Nothing a person writes or answers here goes into the session, a log or an email."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from projects.forms.reflections import ConfidenceForm, ReflectForm, StageForm
from projects.models import CheckIn, ConfidenceCheckIn
from projects.selectors import reflections as selectors
from projects.selectors.access import project_for
from projects.services.projects import ProjectError
from projects.services.reflections import (
    confidence_record,
    invitation_is_open,
    project_stage_change,
    reflection_save,
)
from projects.views.projects import project_context


@login_required
@require_http_methods(["GET", "POST"])
def stage_change(request, project_id: int):
    """Change the research stage: the researcher, the leads and staff."""
    project, access = project_for(request, project_id)
    if not access.may_steer:
        raise PermissionDenied
    form = StageForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            change = project_stage_change(
                project=project,
                stage=form.cleaned_data["stage"],
                by=request.user,
                now=form.cleaned_data["now"],
            )
        except ProjectError as error:
            form.add_error("stage", str(error))
        else:
            messages.success(
                request,
                _("The research stage is now “%(stage)s”. The team has been asked to reflect.")
                % {"stage": change.get_to_stage_display()},
            )
            return redirect("projects:project", project_id=project.pk)
    context = project_context(request, project, access, "projects:stage")
    context["form"] = form
    return render(request, "projects/reflections_stage.html", context)


def _share_hint(project, user) -> str:
    leads = selectors.leads_of(project)
    if not leads:
        return _(
            "The project has no co-production lead at the moment: "
            "whoever is named lead will be able to read it."
        )
    if leads == [user.pk]:
        return _("You are the project's only co-production lead, so nobody else would read it.")
    if selectors.a_lead_is_staff(project, besides=user):
        return _(
            "Only the leads can read it (one of them is on the involvement staff); "
            "the rest of the team cannot."
        )
    return _("Only the leads can read it; the rest of the team, and staff, cannot.")


@login_required
@require_http_methods(["GET", "POST"])
def reflect(request, project_id: int, invitation_id: int):
    """The person's own reflection and check-in: 404 for anyone else, leads and staff
    included."""
    project, access = project_for(request, project_id)
    invitation = selectors.invitation_of(
        user=request.user, project=project, invitation_id=invitation_id
    )
    reflection = getattr(invitation, "reflection", None)
    check_in = getattr(invitation, "check_in", None)
    initial = {}
    if reflection is not None:
        initial.update({name: getattr(reflection, name) for name in ReflectForm.base_fields})
    if check_in is not None:
        initial.update({name: str(getattr(check_in, name)) for name in CheckIn.STATEMENTS})
    is_open = invitation_is_open(invitation)
    form = ReflectForm(
        request.POST or None,
        initial=initial,
        share_hint=_share_hint(project, request.user),
    )
    if request.method == "POST":
        if not is_open:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                reflection_save(invitation=invitation, reflection=data, check_in=data)
            except ProjectError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Thank you: your reflection and check-in are saved."))
                return redirect("projects:reflections", project_id=project.pk)
    context = project_context(request, project, access, "projects:reflections")
    context.update(
        form=form,
        invitation=invitation,
        answered=check_in is not None,
        is_open=is_open,
        reflection=reflection,
        check_in=check_in,
        threshold=selectors.threshold(),
    )
    return render(request, "projects/reflections_reflect.html", context)


@login_required
@require_GET
def reflection_list(request, project_id: int):
    """The person's own reflections; for a lead, also those shared with the leads. For
    the team only: staff off the team have no reflections here and read nobody's."""
    project, access = project_for(request, project_id)
    if not access.is_team:
        raise Http404
    context = project_context(request, project, access, "projects:reflections")
    context.update(
        invitations=selectors.own_reflections(user=request.user, project=project),
        shared=(
            selectors.shared_with_leads(project=project, lead=request.user)
            if access.is_lead
            else None
        ),
    )
    return render(request, "projects/reflections_list.html", context)


@login_required
@require_GET
def check_ins(request, project_id: int):
    """The team's check-in totals, stage change by stage change: the team and staff."""
    project, access = project_for(request, project_id)
    context = project_context(request, project, access, "projects:check_ins")
    context.update(
        stage_changes=selectors.check_in_totals(project),
        threshold=selectors.threshold(),
        columns=[_("Agreed (4 or 5)"), _("Neither (3)"), _("Disagreed (1 or 2)")],
    )
    return render(request, "projects/reflections_check_ins.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def confidence(request, project_id: int):
    """Members record their confidence at the start and at the end, and see their own
    side by side; everyone who sees the project sees only the suppressed totals."""
    project, access = project_for(request, project_id)
    own = selectors.confidence_of(user=request.user, project=project) if access.is_member else None
    asking = None
    if own is not None:
        if own["before"] is None:
            asking = ConfidenceCheckIn.When.BEFORE
        elif own["after"] is None and selectors.after_is_open(project, own):
            asking = ConfidenceCheckIn.When.AFTER
    form = ConfidenceForm(request.POST or None) if asking else None
    if request.method == "POST":
        if not asking:
            raise PermissionDenied
        if form.is_valid():
            try:
                confidence_record(
                    project=project,
                    person=request.user,
                    when=asking,
                    answers=form.cleaned_data,
                    skills=form.cleaned_data["skills"],
                )
            except ProjectError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Thank you: your answers are saved."))
                return redirect("projects:confidence", project_id=project.pk)
    context = project_context(request, project, access, "projects:confidence")
    rows = []
    if own is not None and own["before"] is not None:
        for name, label in ConfidenceCheckIn.STATEMENTS.items():
            rows.append(
                {
                    "label": label,
                    "before": getattr(own["before"], name),
                    "after": getattr(own["after"], name) if own["after"] else None,
                }
            )
    context.update(
        form=form,
        asking=asking,
        asking_label=ConfidenceCheckIn.When(asking).label if asking else "",
        own=own,
        own_rows=rows,
        totals=selectors.confidence_totals(project),
        threshold=selectors.threshold(),
        late_stages=[stage.label for stage in selectors.LATE_STAGES],
        columns=[_("More confident"), _("As confident"), _("Less confident")],
    )
    return render(request, "projects/reflections_confidence.html", context)
