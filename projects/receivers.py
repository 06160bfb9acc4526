"""Receivers: what projects adds to the pages of the apps below it ("Your projects" and
"What happened next" on the account page), to a person's data download, and what it
removes when an account is erased.

Erasure, decided (issue 18): a person's team rows, agreement acceptances,
endorsements, reflections and check-ins are deleted with them (the database's
cascade); their posts, decision comments and dissent stay, shown as by "a former
member" (the author is set to nothing), so the conversation and the decision log
others took part in still read true. Each area's receivers sit in its own block."""

# -- projects and team (foundation) --
# -- conversation and progress updates --
from django.dispatch import receiver  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402

from members.hooks import account_sections, personal_data_requested  # noqa: E402


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
# -- reflections and check-ins --
# -- impact reminders and reports --
