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
    # -- reflections and check-ins --
    # -- impact and reports --
]


# -- conversation and progress updates: the overview's part --
def _latest_from_the_team(project, access, user):
    """The three newest visible posts, with a link to the thread."""
    from projects.selectors.conversation import latest_posts

    return "projects/conversation_overview_part.html", {"posts": latest_posts(project)}


# -- end conversation and progress updates: the overview's part --


OVERVIEW_PARTS = [
    # -- conversation and progress updates --
    _latest_from_the_team,
    # -- end conversation and progress updates --
    # -- team agreement and decisions --
    # -- reflections and check-ins --
    # -- impact and reports --
]
