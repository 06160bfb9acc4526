"""Reads for the project pages."""

from django.db.models import Count, Q
from django.urls import reverse

from members.models import User
from projects.models import Project, TeamMember
from projects.navigation import NAVIGATION, OVERVIEW_PARTS


def projects_of(user: User):
    """The projects a person is on the team of now, newest first, with team sizes (one
    query, whatever the number)."""
    return (
        Project.objects.of(user)
        .annotate(team_size=Count("team", filter=Q(team__left_at=None), distinct=True))
        .order_by("-opened_at", "-pk")
    )


def project_navigation(*, project: Project, access, current: str) -> list[dict]:
    """The side navigation's links this person may follow, the current one marked."""
    return [
        {
            "url": reverse(name, kwargs={"project_id": project.pk}),
            "label": label,
            "current": name == current,
        }
        for name, label, visible in NAVIGATION
        if visible(access)
    ]


def overview_parts(*, project: Project, access, user: User) -> list[tuple[str, dict]]:
    parts = (part(project, access, user) for part in OVERVIEW_PARTS)
    return [part for part in parts if part is not None]


def team_by_role(project: Project) -> list[TeamMember]:
    """The team now, the researcher first, then staff, then members (one query)."""
    order = {"researcher": 0, "staff": 1, "member": 2}
    rows = list(TeamMember.objects.filter(project=project, left_at=None).select_related("person"))
    return sorted(rows, key=lambda row: (order.get(row.role, 9), not row.is_lead, row.joined_at))


# -- staff screens (admin area "projects") --


def projects_for_staff():
    """Every project for the staff's list, newest first, with its researcher and the
    size of its team now (one query, whatever the number)."""
    return (
        Project.objects.select_related("request__researcher")
        .annotate(team_size=Count("team", filter=Q(team__left_at=None), distinct=True))
        .order_by("-opened_at", "-pk")
    )


def requests_without_project():
    """Accepted requests for input that have no project yet, oldest first (one query)."""
    from opportunities.models import ResearchRequest

    return (
        ResearchRequest.objects.filter(status=ResearchRequest.Status.ACCEPTED, project__isnull=True)
        .select_related("researcher")
        .order_by("submitted_at", "pk")
    )


def team_for_staff(project: Project) -> list[TeamMember]:
    """Everyone who has been on the team, those on it now first (researcher, staff,
    members, leads first in each), then those who left (one query)."""
    order = {"researcher": 0, "staff": 1, "member": 2}
    rows = list(TeamMember.objects.filter(project=project).select_related("person", "added_by"))
    return sorted(
        rows,
        key=lambda row: (
            row.left_at is not None,
            order.get(row.role, 9),
            not row.is_lead,
            row.joined_at,
            row.pk,
        ),
    )


# -- end staff screens --
