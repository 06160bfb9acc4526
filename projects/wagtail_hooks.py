"""The projects app's admin: its log actions, and (in each area's block) its menu and
screens."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from home.admin import PermissionMenuItem
from projects.selectors.access import PROJECT_PERMISSION
from projects.services import conversation as conversation_services
from projects.services import projects as project_services
from projects.services import reflections as reflection_services


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
    # -- reflections and check-ins --
    actions.register_action(
        reflection_services.STAGE_CHANGED,
        _("Change a project's research stage"),
        _("Research stage changed"),
    )
    # -- end reflections and check-ins --


# -- staff screens: projects list, open from a request, team (admin area "projects"), and
# the yearly summary (admin area "summary") --


@hooks.register("register_admin_urls")
def register_project_admin_urls():
    from projects.admin import projects as project_admin
    from projects.admin import summary

    return [
        path("projects/", project_admin.projects_index, name="projects_index"),
        path("projects/summary/", summary.summary_view, name="projects_summary"),
        path(
            "projects/open/<int:request_id>/",
            project_admin.project_open_view,
            name="projects_open",
        ),
        path("projects/<int:project_id>/", project_admin.project_admin, name="projects_project"),
        path(
            "projects/<int:project_id>/team/add/",
            project_admin.team_add_view,
            name="projects_team_add",
        ),
        path(
            "projects/<int:project_id>/team/sync/",
            project_admin.team_sync_view,
            name="projects_team_sync",
        ),
        path(
            "projects/<int:project_id>/team/<int:row_id>/remove/",
            project_admin.team_remove_view,
            name="projects_team_remove",
        ),
        path(
            "projects/<int:project_id>/team/<int:row_id>/lead/",
            project_admin.team_lead_view,
            name="projects_team_lead",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_projects_menu_item():
    return PermissionMenuItem(
        _("Projects"),
        reverse("projects_index"),
        icon_name="group",
        order=238,
        permission=PROJECT_PERMISSION,
    )


# -- end staff screens (admin area "projects") --
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
