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
    # -- reflections and check-ins --
    # -- impact and reports --
    ("projects:impact", _("Impact"), _everyone),
    ("projects:report", _("Report"), _everyone),
    # -- end of impact and reports --
]

OVERVIEW_PARTS = [
    # -- conversation and progress updates --
    # -- team agreement and decisions --
    # -- reflections and check-ins --
    # -- impact and reports --
]
