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


NAVIGATION = [
    # -- projects and team (foundation) --
    ("projects:project", _("Overview and team"), _everyone),
    # -- conversation and progress updates --
    # -- team agreement and decisions --
    ("projects:agreement", _("Team agreement"), _everyone),
    ("projects:decisions", _("Decisions"), _everyone),
    # -- reflections and check-ins --
    # -- impact and reports --
]


# -- team agreement and decisions --
def _agreement_waiting(project, access, user):
    """ "Waiting for you: read and accept the team agreement", for someone on the team
    who has not accepted the proposed version (or the one in force)."""
    from projects.selectors.agreement import agreement_waiting_for

    if not access.is_team or agreement_waiting_for(project=project, user=user) is None:
        return None
    return "projects/agreement_waiting.html", {"project": project}


# -- end team agreement and decisions --

OVERVIEW_PARTS = [
    # -- conversation and progress updates --
    # -- team agreement and decisions --
    _agreement_waiting,
    # -- reflections and check-ins --
    # -- impact and reports --
]
