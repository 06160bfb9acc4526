"""Receivers: what projects adds to the pages of the apps below it ("Your projects" and
"What happened next" on the account page), to a person's data download, and what it
removes when an account is erased.

Erasure, decided (issue 18): a person's team rows, agreement acceptances,
endorsements, reflections and check-ins are deleted with them (the database's
cascade); their posts, decision comments and dissent stay, shown as by "a former
member" (the author is set to nothing), so the conversation and the decision log
others took part in still read true. Each area's receivers sit in its own block."""

from django.dispatch import receiver

from involvement.hooks import involvement_recorded
from projects.selectors.team import projects_of_activities
from projects.services.projects import project_team_sync


# -- projects and team (foundation) --
@receiver(involvement_recorded, dispatch_uid="projects.team_from_involvement")
def team_from_involvement(sender, involvements, **kwargs):
    """Members who took part in an activity of a project's request (a meeting where it
    was on the agenda, the opportunity made from it, a comment round about it) join the
    project's team, as opening the project would have put them there. One query when
    the activities belong to no project."""
    attended = {row.activity_id for row in involvements if row.attended}
    if not attended:
        return
    for project in projects_of_activities(attended):
        project_team_sync(project=project, by=None)


# -- conversation and progress updates --
# -- team agreement and decisions --
# -- reflections and check-ins --
# -- impact reminders and reports --
