"""Factories for the projects app (tests and demo data)."""

from members.factories import MemberFactory, ResearcherFactory, StaffFactory
from members.models import User
from opportunities.factories import ResearchRequestFactory
from opportunities.models import ResearchRequest
from projects.models import Project, TeamMember, TeamRole
from projects.services.agreement import agreement_first_draft


def project_create(
    *,
    researcher: User | None = None,
    staff: User | None = None,
    members: list[User] | None = None,
    leads: list[User] | None = None,
    stage: str = "design",
    **request_fields,
) -> Project:
    """An accepted request's project with its team (researcher, one staff member and
    the members given, or two new ones) and the first draft of its team agreement,
    made directly: no emails, no log entries (project_open is tested on its own)."""
    researcher = researcher or ResearcherFactory()
    research_request = ResearchRequestFactory(
        researcher=researcher,
        status=ResearchRequest.Status.ACCEPTED,
        research_stage=stage,
        **request_fields,
    )
    staff = staff or StaffFactory()
    members = members if members is not None else [MemberFactory(), MemberFactory()]
    project = Project.objects.create(
        request=research_request,
        title=research_request.project_title,
        group_id=research_request.group_id,
        stage=stage,
        opened_by=staff,
    )
    leads = leads or []
    TeamMember.objects.bulk_create(
        [
            TeamMember(project=project, person=researcher, role=TeamRole.RESEARCHER),
            TeamMember(project=project, person=staff, role=TeamRole.STAFF, is_lead=staff in leads),
            *(
                TeamMember(project=project, person=m, role=TeamRole.MEMBER, is_lead=m in leads)
                for m in members
            ),
        ]
    )
    agreement_first_draft(project=project, by=staff)
    return project
