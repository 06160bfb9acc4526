"""Only registers: the staff screens' admin URLs (opportunities/admin/), their menu
items, and the log actions the services write."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from home.admin import PermissionMenuItem
from home.waiting_work import WAITING_WORK_HOOK
from opportunities.admin import (
    invitations,
    involvement,
    lottery,
    meetings,
    opportunities,
    research_requests,
    selection,
    waiting_work,
)
from opportunities.selectors.meetings import MEETING_PERMISSION
from opportunities.services import meeting_admin


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "requests-for-input/",
            research_requests.research_requests_index,
            name="opportunities_requests",
        ),
        path(
            "requests-for-input/<int:research_request_id>/",
            research_requests.research_request_review,
            name="opportunities_request_review",
        ),
        path(
            "requests-for-input/<int:research_request_id>/create-opportunity/",
            research_requests.research_request_create_opportunity,
            name="opportunities_request_create_opportunity",
        ),
        path("shortlists/", selection.shortlists_index, name="opportunities_shortlists"),
        path(
            "shortlists/<int:opportunity_id>/",
            selection.shortlist_view,
            name="opportunities_shortlist",
        ),
        path(
            "shortlists/<int:opportunity_id>/access/",
            selection.access_summary_view,
            name="opportunities_access_summary",
        ),
        path(
            "shortlists/<int:opportunity_id>/lottery/",
            lottery.lottery_new,
            name="opportunities_lottery_new",
        ),
        path(
            "shortlists/lottery/<int:lottery_id>/",
            lottery.lottery_view,
            name="opportunities_lottery",
        ),
        path(
            "shortlists/lottery/<int:lottery_id>/apply/",
            lottery.lottery_apply_view,
            name="opportunities_lottery_apply",
        ),
        path(
            "shortlists/lottery/<int:lottery_id>/audit/",
            lottery.lottery_audit,
            name="opportunities_lottery_audit",
        ),
        path(
            "shortlists/<int:opportunity_id>/invite/",
            invitations.invite_view,
            name="opportunities_invite",
        ),
        path(
            "shortlists/<int:opportunity_id>/impact/",
            involvement.impact_view,
            name="opportunities_impact",
        ),
        path(
            "shortlists/application/<int:application_id>/involvement/",
            involvement.involvement_view,
            name="opportunities_involvement",
        ),
        path(
            "shortlists/application/<int:application_id>/<str:status>/",
            selection.application_decide_view,
            name="opportunities_application_decide",
        ),
        # Group meetings, the staff screens (opportunities/admin/meetings.py).
        path("meetings/", meetings.meetings_index, name="opportunities_meetings"),
        path(
            "meetings/group/<int:group_id>/",
            meetings.group_meetings_view,
            name="opportunities_group_meetings",
        ),
        path(
            "meetings/group/<int:group_id>/new/",
            meetings.meeting_new,
            name="opportunities_meeting_new",
        ),
        path(
            "meetings/group/<int:group_id>/series/new/",
            meetings.meeting_series_new,
            name="opportunities_meeting_series_new",
        ),
        path(
            "meetings/<int:meeting_id>/",
            meetings.meeting_admin_view,
            name="opportunities_meeting_admin",
        ),
        path(
            "meetings/<int:meeting_id>/edit/",
            meetings.meeting_edit,
            name="opportunities_meeting_edit",
        ),
        path(
            "meetings/<int:meeting_id>/cancel/",
            meetings.meeting_cancel_view,
            name="opportunities_meeting_cancel",
        ),
        path(
            "meetings/<int:meeting_id>/agenda/new/",
            meetings.agenda_item_new,
            name="opportunities_agenda_item_new",
        ),
        path(
            "meetings/agenda/<int:item_id>/edit/",
            meetings.agenda_item_edit,
            name="opportunities_agenda_item_edit",
        ),
        path(
            "meetings/agenda/<int:item_id>/remove/",
            meetings.agenda_item_remove_view,
            name="opportunities_agenda_item_remove",
        ),
        path(
            "meetings/agenda/<int:item_id>/move/",
            meetings.agenda_item_move_view,
            name="opportunities_agenda_item_move",
        ),
        path(
            "meetings/<int:meeting_id>/slot/<int:research_request_id>/",
            meetings.agenda_slot_accept_view,
            name="opportunities_agenda_slot_accept",
        ),
        path(
            "meetings/<int:meeting_id>/papers/new/",
            meetings.meeting_paper_new,
            name="opportunities_meeting_paper_new",
        ),
        path(
            "meetings/papers/<int:paper_id>/remove/",
            meetings.meeting_paper_remove,
            name="opportunities_meeting_paper_remove",
        ),
        path(
            "meetings/<int:meeting_id>/register/",
            meetings.meeting_register,
            name="opportunities_meeting_register",
        ),
        path(
            "meetings/<int:meeting_id>/notes/",
            meetings.meeting_notes,
            name="opportunities_meeting_notes",
        ),
        path(
            "meetings/corrections/<int:correction_id>/",
            meetings.notes_correction_view,
            name="opportunities_notes_correction",
        ),
        path(
            "meetings/agenda/<int:item_id>/feedback/",
            meetings.agenda_feedback,
            name="opportunities_agenda_feedback",
        ),
        # End of group meetings, the staff screens.
    ]


hooks.register("before_copy_page", opportunities.opportunity_alias_refuse)


@hooks.register("register_admin_menu_item")
def register_requests_menu_item():
    return PermissionMenuItem(
        _("Requests for input"),
        reverse("opportunities_requests"),
        icon_name="help",
        order=210,
        permission=research_requests.TRIAGE_PERMISSION,
    )


@hooks.register("register_admin_menu_item")
def register_shortlists_menu_item():
    return PermissionMenuItem(
        _("Shortlists"),
        reverse("opportunities_shortlists"),
        icon_name="list-ul",
        order=220,
        permission=selection.SELECT_PERMISSION,
    )


# Group meetings, the staff screens: their menu item and log actions.
@hooks.register("register_admin_menu_item")
def register_meetings_menu_item():
    return PermissionMenuItem(
        _("Group meetings"),
        reverse("opportunities_meetings"),
        icon_name="date",
        order=225,
        permission=MEETING_PERMISSION,
    )


@hooks.register("register_log_actions")
def register_meeting_log_actions(actions):
    actions.register_action(
        meeting_admin.MEETING_CHANGED, _("Change a group meeting"), _("Group meeting changed")
    )
    actions.register_action(
        meeting_admin.MEETING_CANCELLED, _("Cancel a group meeting"), _("Group meeting cancelled")
    )
    actions.register_action(
        meeting_admin.MEETING_REGISTER, _("Take a meeting's register"), _("Meeting register saved")
    )
    actions.register_action(
        meeting_admin.NOTES_CORRECTION_ANSWERED,
        _("Answer a correction to notes"),
        _("Correction to notes answered"),
    )
    actions.register_action(
        meeting_admin.AGENDA_FEEDBACK_SENT,
        _("Send the group's feedback"),
        _("Group's feedback sent to the researcher"),
    )


# End of group meetings, the staff screens.


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        "roundtable.request_status", _("Review request"), _("Request status changed")
    )
    actions.register_action(
        "roundtable.application_decided", _("Decide application"), _("Application decided")
    )
    actions.register_action(
        "roundtable.lottery_drawn", _("Draw a fair lottery"), _("Lottery drawn")
    )
    actions.register_action(
        "roundtable.lottery_applied", _("Apply a fair lottery"), _("Lottery applied")
    )
    actions.register_action(
        "roundtable.invited_to_apply", _("Invite to apply"), _("Invited to apply")
    )


# A row of the admin home's "Waiting for you" panel (home.waiting_work).
hooks.register(WAITING_WORK_HOOK, waiting_work.research_requests_waiting)


# comment_rounds: written comment rounds (opportunities/admin/comment_rounds.py).
@hooks.register("register_admin_urls")
def register_comment_round_urls():
    from opportunities.admin import comment_rounds

    return [
        path(
            "comment-rounds/",
            comment_rounds.comment_rounds_index,
            name="opportunities_comment_rounds",
        ),
        path(
            "comment-rounds/new/",
            comment_rounds.comment_round_new,
            name="opportunities_comment_round_new",
        ),
        path(
            "comment-rounds/<int:round_id>/",
            comment_rounds.comment_round_admin,
            name="opportunities_comment_round_admin",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_comment_rounds_menu_item():
    from opportunities.selectors.meetings import ROUND_PERMISSION

    return PermissionMenuItem(
        _("Comment rounds"),
        reverse("opportunities_comment_rounds"),
        icon_name="comment",
        order=232,
        permission=ROUND_PERMISSION,
    )


@hooks.register("register_log_actions")
def register_comment_round_log_actions(actions):
    actions.register_action(
        "roundtable.comment_round_opened", _("Open a comment round"), _("Comment round opened")
    )
    actions.register_action(
        "roundtable.comment_round_closed", _("Close a comment round"), _("Comment round closed")
    )
    actions.register_action(
        "roundtable.comment_round_edited", _("Change a comment round"), _("Comment round changed")
    )


# end comment_rounds
