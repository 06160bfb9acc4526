"""The project space's pages, for its side navigation, and the parts of its overview
page. Each area adds its own entries in its own block.

NAVIGATION: (url name, label, visible(access) -> bool). Every URL name takes
`project_id` only.
OVERVIEW_PARTS: callables (project, access, user) -> (template name, context) or None,
shown on the overview page in this order (e.g. "Waiting for you: accept the team
agreement").
"""

from django.utils.translation import gettext_lazy as _


def _everyone(access) -> bool:
    return access.sees_project


# -- reflections and check-ins --
def _reflection_part(project, access, user):
    """ "Waiting for you: reflect on the move to …" (an unanswered invitation for the
    latest stage change) and, for those who may steer, "Change the research stage"."""
    # Imported here, inside this block, so the areas' imports do not meet at the top.
    from projects.selectors.reflections import waiting_invitation

    waiting = waiting_invitation(user=user, project=project) if access.is_team else None
    if waiting is None and not access.may_steer:
        return None
    return (
        "projects/reflections_overview_part.html",
        {"project_id": project.pk, "waiting": waiting, "may_steer": access.may_steer},
    )


# -- end reflections and check-ins --


NAVIGATION = [
    # -- projects and team (foundation) --
    ("projects:project", _("Overview and team"), _everyone),
    # -- conversation and progress updates --
    ("projects:conversation", _("Conversation"), _everyone),
    (
        "projects:update_new",
        _("Post a progress update"),
        lambda access: access.is_researcher or access.is_staff,
    ),
    ("projects:now", _("What is happening now"), lambda access: access.may_steer),
    ("projects:my_settings", _("Your choices"), lambda access: access.is_team),
    # -- end conversation and progress updates --
    # -- team agreement and decisions --
    ("projects:agreement", _("Team agreement"), _everyone),
    ("projects:decisions", _("Decisions"), _everyone),
    # -- reflections and check-ins --
    ("projects:reflections", _("Reflection"), lambda access: access.is_team),
    ("projects:check_ins", _("Check-in totals"), _everyone),
    ("projects:confidence", _("Confidence and skills"), _everyone),
    # -- end reflections and check-ins --
    # -- impact and reports --
    ("projects:impact", _("Impact"), _everyone),
    ("projects:report", _("Report"), _everyone),
    # -- end of impact and reports --
]


# -- conversation and progress updates: the overview's part --
def _latest_from_the_team(project, access, user):
    """The three newest visible posts, with a link to the thread."""
    from projects.selectors.conversation import latest_posts

    return "projects/conversation_overview_part.html", {"posts": latest_posts(project)}


# -- end conversation and progress updates: the overview's part --


# -- team agreement and decisions --
def _agreement_waiting(project, access, user):
    """ "Waiting for you: read and accept the team agreement", for someone on the team
    who has not accepted the proposed version (or the one in force)."""
    from projects.selectors.agreement import agreement_waiting_for

    if not access.is_team or agreement_waiting_for(project=project, user=user) is None:
        return None
    return "projects/agreement_waiting.html", {"project": project}


# -- end team agreement and decisions --

# What waits for the person first, then the news.
OVERVIEW_PARTS = [
    # -- team agreement and decisions --
    _agreement_waiting,
    # -- reflections and check-ins --
    _reflection_part,
    # -- end reflections and check-ins --
    # -- conversation and progress updates --
    _latest_from_the_team,
    # -- end conversation and progress updates --
]
