"""Staff screens for co-production projects (Wagtail admin, area "projects"): every
project, the accepted requests that have none yet, opening one (a check page first),
and a project's screen where staff keep its team: add someone by email address, take
someone off (with a confirmation page), name or un-name a co-production lead, and add
the members who took part since it opened.

Every view needs projects.manage_project, which a staff session holds only with the
second factor. Each change is a service in projects.services.projects, which logs it
and emails whoever was added."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from home.permissions import requires
from members.models import User
from opportunities.models import ResearchRequest
from projects.forms.projects import TeamAddForm
from projects.models import Project, TeamMember
from projects.selectors.access import PROJECT_PERMISSION
from projects.selectors.projects import (
    projects_for_staff,
    requests_without_project,
    team_for_staff,
)
from projects.selectors.team import request_people
from projects.services.projects import (
    ProjectError,
    project_open,
    project_team_sync,
    team_lead_set,
    team_member_add,
    team_member_remove,
)

PER_PAGE = 25


def _to_project(project_id: int):
    return redirect("projects_project", project_id=project_id)


@requires(permission=PROJECT_PERMISSION)
def projects_index(request):
    """Every project, and the accepted requests waiting for one (each list paginated
    on its own: `p` and `rp`)."""
    return TemplateResponse(
        request,
        "projects/admin/projects_index.html",
        {
            "page_obj": Paginator(projects_for_staff(), PER_PAGE).get_page(request.GET.get("p")),
            "waiting": Paginator(requests_without_project(), PER_PAGE).get_page(
                request.GET.get("rp")
            ),
        },
    )


@requires(permission=PROJECT_PERMISSION)
def project_open_view(request, request_id: int):
    """GET: who will be on the team; POST: the project is opened and its team
    emailed. A request that has a project already goes to it."""
    research_request = get_object_or_404(
        # A draft is the researcher's alone, as on the requests' screens.
        ResearchRequest.objects.exclude(status=ResearchRequest.Status.DRAFT).select_related(
            "researcher", "project"
        ),
        pk=request_id,
    )
    existing = getattr(research_request, "project", None)
    if existing is not None:
        messages.info(request, _("This request has a project already."))
        return _to_project(existing.pk)
    error = None
    if request.method == "POST":
        try:
            project = project_open(research_request=research_request, by=request.user)
        except ProjectError as refused:
            error = str(refused)
        else:
            messages.success(
                request,
                _("Project opened. Everyone on its team has been emailed."),
            )
            return _to_project(project.pk)
    elif research_request.status != ResearchRequest.Status.ACCEPTED:
        error = _("Only an accepted request can become a project.")
    people = request_people(research_request)
    members = list(User.objects.filter(pk__in=people, is_active=True).order_by("name", "pk"))
    return TemplateResponse(
        request,
        "projects/admin/projects_open.html",
        {
            "research_request": research_request,
            "members": members,
            "error": error,
        },
        status=400 if error and request.method == "POST" else 200,
    )


def _project(project_id: int) -> Project:
    return get_object_or_404(
        Project.objects.select_related("request__researcher", "group", "opened_by"),
        pk=project_id,
    )


@requires(permission=PROJECT_PERMISSION)
def project_admin(request, project_id: int):
    project = _project(project_id)
    rows = team_for_staff(project)
    return TemplateResponse(
        request,
        "projects/admin/projects_project.html",
        {
            "project": project,
            "current": [row for row in rows if row.left_at is None],
            "former": [row for row in rows if row.left_at is not None],
            "lead_count": sum(1 for row in rows if row.left_at is None and row.is_lead),
        },
    )


@requires(permission=PROJECT_PERMISSION)
def team_add_view(request, project_id: int):
    project = _project(project_id)
    form = TeamAddForm(
        request.POST if request.method == "POST" else None,
        # "Put back on the team" links here with their address and role.
        initial={"email": request.GET.get("email", ""), "role": request.GET.get("role", "member")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            row = team_member_add(
                project=project,
                person=form.person,
                role=form.cleaned_data["role"],
                is_lead=form.cleaned_data["is_lead"],
                by=request.user,
            )
        except ProjectError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                _("%(name)s is on the team, and has been emailed.") % {"name": row.person.name},
            )
            return _to_project(project.pk)
    return TemplateResponse(
        request,
        "projects/admin/projects_team_add.html",
        {"project": project, "form": form},
    )


def _row(project_id: int, row_id: int) -> TeamMember:
    return get_object_or_404(
        TeamMember.objects.select_related("project", "person"), pk=row_id, project_id=project_id
    )


@requires(permission=PROJECT_PERMISSION)
def team_remove_view(request, project_id: int, row_id: int):
    """GET: are you sure; POST: they are taken off the team (pressed twice: already
    off, said so)."""
    row = _row(project_id, row_id)
    if row.left_at is not None:
        messages.info(request, _("%(name)s is no longer on the team.") % {"name": row.person.name})
        return _to_project(project_id)
    if request.method == "POST":
        team_member_remove(row=row, by=request.user)
        messages.success(
            request, _("%(name)s has been taken off the team.") % {"name": row.person.name}
        )
        return _to_project(project_id)
    return TemplateResponse(
        request, "projects/admin/projects_team_remove.html", {"project": row.project, "row": row}
    )


@requires(permission=PROJECT_PERMISSION)
@require_POST
def team_lead_view(request, project_id: int, row_id: int):
    """Name (`is_lead=1`) or un-name (`is_lead=0`) a co-production lead."""
    row = _row(project_id, row_id)
    is_lead = request.POST.get("is_lead") == "1"
    if row.left_at is not None:
        messages.error(request, _("%(name)s is no longer on the team.") % {"name": row.person.name})
        return _to_project(project_id)
    try:
        team_lead_set(row=row, is_lead=is_lead, by=request.user)
    except ProjectError as refused:
        messages.error(request, str(refused))
    else:
        if is_lead:
            words = _("%(name)s is a co-production lead.")
        else:
            words = _("%(name)s is no longer a co-production lead.")
        messages.success(request, words % {"name": row.person.name})
    return _to_project(project_id)


@requires(permission=PROJECT_PERMISSION)
@require_POST
def team_sync_view(request, project_id: int):
    """Add the members who took part in the request since the project opened."""
    project = _project(project_id)
    rows = project_team_sync(project=project, by=request.user)
    if rows:
        messages.success(
            request,
            ngettext(
                "%(count)s person added to the team, and emailed.",
                "%(count)s people added to the team, and emailed.",
                len(rows),
            )
            % {"count": len(rows)},
        )
    else:
        messages.info(request, _("Nobody new has taken part since: the team is as it was."))
    return _to_project(project.pk)
