"""Receivers: what projects adds to the pages of the apps below it ("Your projects" and
"What happened next" on the account page), to a person's data download, and what it
removes when an account is erased.

Erasure, decided (issue 18): a person's team rows, agreement acceptances,
endorsements, reflections and check-ins are deleted with them (the database's
cascade); their posts, decision comments and dissent stay, shown as by "a former
member" (the author is set to nothing), so the conversation and the decision log
others took part in still read true. Each area's receivers sit in its own block."""

from django.dispatch import receiver
from django.utils.translation import gettext as _

from involvement.hooks import involvement_recorded
from members.hooks import personal_data_requested
from opportunities.hooks import research_request_admin_actions
from projects.selectors.reflections import personal_data as reflection_personal_data
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


# -- staff screens (admin area "projects"): "Open a project" on a request's screen --


@receiver(research_request_admin_actions, dispatch_uid="projects.research_request_admin_actions")
def research_request_project_link(sender, research_request, user, **kwargs):
    """On the staff's screen of a request: "Go to the project" once it has one, "Open
    a project" while it is accepted without one; nothing for staff who do not run
    projects."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from opportunities.models import ResearchRequest
    from projects.models import Project
    from projects.selectors.access import PROJECT_PERMISSION

    if not user.has_perm(PROJECT_PERMISSION):
        return []
    project_id = Project.objects.filter(request=research_request).values_list("pk", flat=True)
    project_id = next(iter(project_id), None)
    if project_id is not None:
        return [(_("Go to the project"), reverse("projects_project", args=[project_id]))]
    if research_request.status == ResearchRequest.Status.ACCEPTED:
        return [(_("Open a project"), reverse("projects_open", args=[research_request.pk]))]
    return []


# -- end staff screens --
# -- conversation and progress updates --
from django.dispatch import receiver  # noqa: E402

from members.hooks import account_sections  # noqa: E402


@receiver(account_sections, dispatch_uid="projects.conversation_account_section")
def conversation_account_section(sender, request, **kwargs):
    """ "Your projects" (the person's projects now, with links) and "What happened
    next" (the five newest progress updates of those projects), for people on a team;
    nothing for anyone else. One query without projects, two with. Kept with the
    account page: team changes (projects.services.projects) and progress updates,
    hidden or shown again (projects.services.conversation), call people_changed for
    the team."""
    from projects.selectors.conversation import updates_for
    from projects.selectors.projects import projects_of

    projects = list(projects_of(request.user))
    if not projects:
        return None
    return (
        "projects/conversation_account_section.html",
        {"projects": projects, "updates": updates_for(request.user)},
    )


@receiver(personal_data_requested, dispatch_uid="projects.conversation_personal_data")
def conversation_personal_data(sender, user, **kwargs):
    """What the person wrote in their projects' conversations, and their choices for
    each project they are or were on the team of."""
    from projects.selectors.conversation import own_posts, own_team_rows

    return (
        _("Your research projects"),
        {
            _("Your messages and progress updates"): [
                {
                    _("Project"): post.project.title,
                    _("Written"): post.created_at,
                    _("Kind"): post.get_kind_display(),
                    _("Text"): post.body,
                    _("Hidden by the involvement team"): post.hidden_at,
                    _("Why it was hidden"): post.hidden_reason,
                }
                for post in own_posts(user)
            ],
            _("Your place on each team and your choices"): [
                {
                    _("Project"): row.project.title,
                    _("Role"): row.get_role_display(),
                    _("Co-production lead"): row.is_lead,
                    _("Joined"): row.joined_at,
                    _("Left"): row.left_at,
                    _("Emails about the team's messages"): row.get_emails_display(),
                    _("Name me in reports about this project"): row.named_in_reports,
                    _("The name to credit you by"): row.credit_as,
                }
                for row in own_team_rows(user)
            ],
        },
    )


# -- end conversation and progress updates --
# -- team agreement and decisions --
from django.dispatch import receiver  # noqa: E402

from members.hooks import personal_data_requested  # noqa: E402


@receiver(personal_data_requested, dispatch_uid="projects.agreement_decisions_data")
def agreement_and_decisions_data(sender, user, **kwargs):
    """The person's acceptances of team agreements, the decisions they proposed, their
    support, comments and disagreement (in their words)."""
    from projects.models import (
        AgreementAcceptance,
        Decision,
        DecisionComment,
        Dissent,
        Endorsement,
    )

    acceptances = AgreementAcceptance.objects.filter(person=user).select_related("version__project")
    proposed = Decision.objects.filter(proposed_by=user).select_related("project")
    endorsements = Endorsement.objects.filter(person=user).select_related("decision__project")
    comments = DecisionComment.objects.filter(author=user).select_related("decision__project")
    dissents = Dissent.objects.filter(person=user).select_related("decision__project")
    took_part = Decision.objects.filter(participants=user).select_related("project").order_by("pk")
    return (
        _("Team agreements and decisions"),
        {
            _("Team agreements you accepted"): [
                {
                    _("Project"): a.version.project.title,
                    _("Version"): a.version.number,
                    _("Accepted"): a.accepted_at,
                }
                for a in acceptances
            ],
            _("Decisions you proposed"): [
                {
                    _("Project"): d.project.title,
                    _("What needed deciding"): d.title,
                    _("Background"): d.background,
                    _("Options considered"): d.options,
                    _("Proposed"): d.proposed_at,
                }
                for d in proposed
            ],
            _("Decisions you supported"): [
                {
                    _("Project"): e.decision.project.title,
                    _("Decision"): e.decision.title,
                    _("Supported"): e.at,
                }
                for e in endorsements
            ],
            _("Your comments on decisions"): [
                {
                    _("Project"): c.decision.project.title,
                    _("Decision"): c.decision.title,
                    _("Comment"): c.body,
                    _("Written"): c.at,
                    _("Hidden"): c.hidden_at,
                }
                for c in comments
            ],
            _("Decisions you took part in"): [
                {
                    _("Project"): d.project.title,
                    _("Decision"): d.title,
                    _("Decided"): d.decided_at,
                }
                for d in took_part
            ],
            _("Where you recorded that you disagree"): [
                {
                    _("Project"): d.decision.project.title,
                    _("Decision"): d.decision.title,
                    _("Why you disagree"): d.reason,
                    _("Recorded"): d.at,
                }
                for d in dissents
            ],
        },
    )


# -- end team agreement and decisions --
# -- reflections and check-ins --
# Erasure: invitations, reflections, check-ins and confidence check-ins go with the
# person (their foreign keys cascade), so nothing needs doing on account_erasing, and
# the team's totals stop counting them at once (tests/projects/test_reflections.py).


@receiver(personal_data_requested, dispatch_uid="projects.reflections_personal_data")
def reflections_personal_data(sender, user, **kwargs):
    data = reflection_personal_data(user)
    if not any(data.values()):
        return None
    return _("Your reflections and check-ins in research projects"), {
        str(key): value for key, value in data.items()
    }


# -- end reflections and check-ins --
# -- impact reminders and reports --
