"""A person's projects and a project's overview: its stage, what is happening now and
its team. Who may see a project is projects.selectors.access; anyone else gets 'not
found'."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from projects.selectors.access import project_for
from projects.selectors.projects import (
    overview_parts,
    project_navigation,
    projects_of,
    team_by_role,
)

PROJECTS_PER_PAGE = 20


def project_context(request, project, access, current: str) -> dict:
    """What every page of the project space needs: the project, the person's access and
    the side navigation (for projects/project_base.html)."""
    return {
        "project": project,
        "access": access,
        "navigation": project_navigation(project=project, access=access, current=current),
    }


@login_required
@require_GET
def project_list(request):
    """ "Your projects": the projects the person is on the team of."""
    page = Paginator(projects_of(request.user), PROJECTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "projects/project_list.html", {"results": page})


@login_required
@require_GET
def project_detail(request, project_id: int):
    project, access = project_for(request, project_id)
    context = project_context(request, project, access, "projects:project")
    context.update(
        team=team_by_role(project),
        parts=overview_parts(project=project, access=access, user=request.user),
    )
    return render(request, "projects/project_detail.html", context)
