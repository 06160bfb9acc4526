"""The projects app's admin: its log actions, and (in each area's block) its menu and
screens."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

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


# -- staff screens: projects list, open from a request, team (admin area "projects") --
# -- yearly summary and reports --


# -- team agreement and decisions --
@hooks.register("register_log_actions")
def register_decision_log_actions(actions):
    from projects.services.decisions import DECISION_COMMENT_HIDDEN

    actions.register_action(
        DECISION_COMMENT_HIDDEN,
        _("Hide a comment on a decision"),
        _("Decision comment hidden"),
    )


# -- end team agreement and decisions --
