"""A project's impact record: every "you said, we did" on its activities, by research
stage, and (for those who steer it) the form to record what changed."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from projects.forms.impact import ProjectImpactForm
from projects.selectors.access import project_for
from projects.selectors.impact import (
    impact_by_stage,
    project_activities,
    project_impact_entries,
    project_overdue_activities,
)
from projects.services.impact import project_impact_record
from projects.services.projects import ProjectError
from projects.views.projects import project_context


@login_required
@require_http_methods(["GET", "POST"])
def impact(request, project_id: int):
    project, access = project_for(request, project_id)
    form = None
    if access.may_steer:
        form = ProjectImpactForm(
            request.POST if request.method == "POST" else None,
            activities=project_activities(project),
            initial={"research_stage": project.stage},
        )
    elif request.method == "POST":
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            project_impact_record(project=project, by=request.user, **form.cleaned_data)
        except ProjectError as error:
            form.add_error("what_changed", str(error))
        else:
            messages.success(request, _("Recorded. The members who took part have been told."))
            return redirect("projects:impact", project_id=project.pk)
    entries = project_impact_entries(project)
    context = project_context(request, project, access, "projects:impact")
    context.update(
        stages=impact_by_stage(entries),
        entry_count=len(entries),
        overdue=project_overdue_activities(project) if access.may_steer else [],
        overdue_weeks=settings.IMPACT_FEEDBACK_OVERDUE_WEEKS,
        has_activities=form is not None and form.fields["activity"].queryset.exists(),
    )
    if form is not None:
        context["form"] = form
    return render(request, "projects/impact.html", context)
