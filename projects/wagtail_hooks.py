"""The projects app's admin: its log actions, and (in each area's block) its menu and
screens."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from projects.services import conversation as conversation_services
from projects.services import projects as project_services


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        project_services.PROJECT_OPENED, _("Open a project"), _("Project opened")
    )
    actions.register_action(
        project_services.TEAM_MEMBER_ADDED, _("Add to a project's team"), _("Added to the team")
    )
    actions.register_action(
        project_services.TEAM_MEMBER_REMOVED,
        _("Take off a project's team"),
        _("Taken off the team"),
    )
    actions.register_action(
        project_services.TEAM_LEAD_CHANGED,
        _("Name a co-production lead"),
        _("Co-production lead changed"),
    )


# -- conversation and progress updates --
@hooks.register("register_log_actions")
def register_conversation_log_actions(actions):
    actions.register_action(
        conversation_services.POST_HIDDEN,
        _("Hide a message in a project's conversation"),
        _("Message hidden"),
    )
    actions.register_action(
        conversation_services.POST_SHOWN,
        _("Show a hidden message again"),
        _("Hidden message shown again"),
    )
    actions.register_action(
        conversation_services.NOW_CHANGED,
        _("Change what is happening now in a project"),
        _("What is happening now changed"),
    )


# -- end conversation and progress updates --
# -- staff screens: projects list, open from a request, team (admin area "projects") --
# -- yearly summary and reports --
