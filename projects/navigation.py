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
    # -- team agreement and decisions --
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

OVERVIEW_PARTS = [
    # -- conversation and progress updates --
    # -- team agreement and decisions --
    # -- reflections and check-ins --
    _reflection_part,
    # -- end reflections and check-ins --
    # -- impact and reports --
]
