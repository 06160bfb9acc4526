"""A demo project for `make run` (development only): the accepted demo request about
diabetes check-ups, with the demo member and Grace on its team."""

from members.models import User
from opportunities.models import ResearchRequest
from projects.models import Project, TeamMember, TeamRole
from projects.services.projects import project_open, team_lead_set, team_member_add

DEMO_REQUEST_TITLE = "Making diabetes check-ups easier to get to"


def demo_extend() -> None:
    """Called by `load_demo_data` after the apps below. Safe to run again."""
    research_request = ResearchRequest.objects.filter(
        project_title=DEMO_REQUEST_TITLE, status=ResearchRequest.Status.ACCEPTED
    ).first()
    if research_request is None or Project.objects.filter(request=research_request).exists():
        return
    staff = User.objects.get(email="officer@example.org")
    project = project_open(research_request=research_request, by=staff)
    for email in ("member@example.org", "grace@example.org"):
        person = User.objects.filter(email=email).first()
        if person and not TeamMember.objects.filter(project=project, person=person).exists():
            team_member_add(project=project, person=person, role=TeamRole.MEMBER, by=staff)
    grace = TeamMember.objects.filter(project=project, person__email="grace@example.org").first()
    if grace is not None:
        team_lead_set(row=grace, is_lead=True, by=staff)
    project.now = "We are planning the first round of interviews with people who missed a check-up."
    project.save(update_fields=["now"])
