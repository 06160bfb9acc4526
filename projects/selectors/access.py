"""Who may see and do what in a project: the one place the rules are written, so every
view asks the same way.

    access = project_access(user=request.user, project=project)
    access.sees_project      the team (now, not those who left) and staff
    access.is_team           on the team now (access.team_row is their row)
    access.is_staff          runs projects (projects.manage_project; a staff session
                             without the second factor does not hold it), on the team
                             or not
    access.is_lead           a co-production lead of this project
    access.is_researcher     on the team as its researcher
    access.may_post          team members and staff
    access.may_moderate      staff
    access.may_steer         change the stage, record decisions, edit the report:
                             the researcher, the leads, staff

Anyone else gets nothing: views answer 404 (the project's existence is not given away),
as they do for someone else's application. Private reflections are not here: only
their author reads one, and the leads when the author chose to share it
(projects.selectors.reflections).
"""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404

from members.models import User
from projects.models import Project, TeamMember, TeamRole

PROJECT_PERMISSION = "projects.manage_project"


@dataclass(frozen=True)
class ProjectAccess:
    team_row: TeamMember | None = None
    is_staff: bool = False

    @property
    def is_team(self) -> bool:
        return self.team_row is not None

    @property
    def sees_project(self) -> bool:
        return self.is_team or self.is_staff

    @property
    def is_lead(self) -> bool:
        return self.is_team and self.team_row.is_lead

    @property
    def is_researcher(self) -> bool:
        return self.is_team and self.team_row.role == TeamRole.RESEARCHER

    @property
    def is_member(self) -> bool:
        """On the team as a public member."""
        return self.is_team and self.team_row.role == TeamRole.MEMBER

    @property
    def may_post(self) -> bool:
        return self.sees_project

    @property
    def may_moderate(self) -> bool:
        return self.is_staff

    @property
    def may_steer(self) -> bool:
        return self.is_staff or self.is_lead or self.is_researcher


def project_access(*, user: User, project: Project) -> ProjectAccess:
    """What `user` may see and do in `project` (one small query)."""
    if not user.is_authenticated or not user.is_active:
        return ProjectAccess()
    row = TeamMember.objects.filter(project=project, person=user, left_at=None).first()
    return ProjectAccess(team_row=row, is_staff=user.has_perm(PROJECT_PERMISSION))


def project_for(request, project_id: int) -> tuple[Project, ProjectAccess]:
    """The project and the person's access, or 404 for anyone who may not see it."""
    project = get_object_or_404(Project.objects.select_related("request", "group"), pk=project_id)
    access = project_access(user=request.user, project=project)
    if not access.sees_project:
        raise Http404
    return project, access


def current_team(project: Project):
    """The team now, people first by role (researcher, staff, members), with users."""
    return (
        TeamMember.objects.filter(project=project, left_at=None)
        .select_related("person")
        .order_by("role", "joined_at", "pk")
    )
