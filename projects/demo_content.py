"""A demo project for `make run` (development only): the accepted demo request about
diabetes check-ups, with the demo member and Grace on its team."""

from members.models import User
from opportunities.models import ResearchRequest
from projects.models import Post, Project, TeamMember, TeamRole
from projects.services.conversation import post_add
from projects.services.decisions import decision_propose
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
    _demo_conversation(project)


def _demo_conversation(project: Project) -> None:
    """A few messages, a progress update and a proposal, so the project looks lived in
    (only when the project is new: the caller returns early for an existing one)."""
    people = {row.person.email: row.person for row in project.team.select_related("person")}
    researcher = people.get("researcher@example.org")
    grace, member = people.get("grace@example.org"), people.get("member@example.org")
    if researcher is not None:
        post_add(
            project=project,
            author=researcher,
            body="Thank you all for joining. I will share the draft interview questions next week.",
        )
    if grace is not None:
        post_add(
            project=project,
            author=grace,
            body="Could we meet in the evening? Several of us work during the day.",
        )
        decision_propose(
            project=project,
            person=grace,
            title="Hold the team's meetings in the evening",
            background="Several members work during the day.",
            options=["Weekday evenings", "Saturday mornings"],
            tell_team=False,
        )
    if member is not None:
        post_add(project=project, author=member, body="Evenings suit me too.")
    if researcher is not None:
        post_add(
            project=project,
            author=researcher,
            kind=Post.Kind.UPDATE,
            body="Because of your comments, the invitation letter now starts with why the "
            "check-up matters, and we have added an evening clinic to the pilot.",
        )
