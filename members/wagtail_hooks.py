"""What `members` adds to the Wagtail admin, registered and nothing more: the screens'
URLs and menu items, viewsets, snippets, log actions and hooks. The screens themselves
live in members/admin/<area>.py."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from home.admin import PermissionMenuItem
from home.waiting_work import WAITING_WORK_HOOK
from members.admin import (
    accounts,
    assisted_registration,
    equality,
    member_record,
    memberships,
    personal_data,
    taxonomy,
    waiting_work,
)
from members.models import EqualityBenchmark
from members.receivers import (
    document_groups_restriction_needs_mfa,
    page_groups_restriction_needs_mfa,
)
from members.selectors.equality import VIEW_PERMISSION as EQUALITY_PERMISSION
from members.services.member_record import ACCESS_NEEDS_VIEWED, ACCESS_SHARING_CHANGED, VIEWED


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "researcher-requests/",
            accounts.role_requests,
            name="members_researcher_requests",
        ),
        path(
            "researcher-requests/<int:user_id>/decide/",
            accounts.role_request_decide,
            name="members_researcher_decide",
        ),
        path(
            "assisted-registration/",
            assisted_registration.assisted_registration,
            name="members_assisted_registration",
        ),
        path("members/<int:user_id>/", member_record.member_record, name="members_member_record"),
        path(
            "members/<int:user_id>/erase/",
            personal_data.member_erase,
            name="members_member_erase",
        ),
        path("phone-and-post/", memberships.offline_contact, name="members_offline_contact"),
        path("equality/", equality.equality_dashboard, name="members_equality_dashboard"),
        path(
            "equality/benchmarks/<str:characteristic>/",
            equality.equality_benchmark_figures,
            name="members_equality_benchmark_figures",
        ),
        path(
            "phone-and-post/<int:membership_id>/renewed/",
            memberships.renewed_by_phone_or_post,
            name="members_offline_renewed",
        ),
        path(
            "phone-and-post/<int:membership_id>/rules-agreed/",
            memberships.rules_agreed_by_phone_or_post,
            name="members_offline_rules_agreed",
        ),
        path(
            "membership-requests/",
            memberships.membership_requests,
            name="members_membership_requests",
        ),
        path(
            "membership-requests/<int:membership_id>/decide/",
            memberships.membership_request_decide,
            name="members_membership_decide",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_researcher_requests_menu_item():
    return PermissionMenuItem(
        _("Researcher requests"),
        reverse("members_researcher_requests"),
        icon_name="user",
        order=250,
        permission=accounts.ROLE_REQUEST_PERMISSION,
    )


@hooks.register("register_admin_menu_item")
def register_assisted_registration_menu_item():
    return PermissionMenuItem(
        _("Register a member"),
        reverse("members_assisted_registration"),
        icon_name="plus",
        order=235,
        permission="members.add_user",
    )


@hooks.register("register_admin_menu_item")
def register_membership_requests_menu_item():
    return PermissionMenuItem(
        _("Membership requests"),
        reverse("members_membership_requests"),
        icon_name="group",
        order=240,
        permission=memberships.PERMISSION,
    )


@hooks.register("register_admin_menu_item")
def register_offline_contact_menu_item():
    return PermissionMenuItem(
        _("Phone and post"),
        reverse("members_offline_contact"),
        icon_name="mail",
        order=245,
        permission=memberships.PERMISSION,
    )


@hooks.register("register_admin_menu_item")
def register_equality_dashboard_menu_item():
    return PermissionMenuItem(
        _("Equality monitoring"),
        reverse("members_equality_dashboard"),
        icon_name="group",
        order=290,
        permission=EQUALITY_PERMISSION,
    )


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("roundtable.name_changed", _("Change name"), _("Name changed"))
    actions.register_action(
        "roundtable.researcher_approved", _("Approve researcher"), _("Researcher account approved")
    )
    actions.register_action(
        "roundtable.researcher_declined", _("Decline researcher"), _("Researcher account declined")
    )
    actions.register_action(
        "roundtable.membership_approved", _("Approve membership"), _("Membership approved")
    )
    actions.register_action(
        "roundtable.membership_declined", _("Decline membership"), _("Membership declined")
    )
    actions.register_action(
        "roundtable.membership_renewed", _("Renew membership"), _("Membership renewed")
    )
    actions.register_action(
        "roundtable.membership_paused", _("Pause membership"), _("Membership paused")
    )
    actions.register_action("roundtable.membership_left", _("Leave group"), _("Left the group"))
    actions.register_action(
        "roundtable.ground_rules_recorded",
        _("Record agreement to ground rules"),
        _("Agreement to new ground rules recorded on the member's behalf"),
    )
    actions.register_action(VIEWED, _("View member record"), _("Member record viewed"))
    actions.register_action(
        ACCESS_NEEDS_VIEWED, _("View access needs"), _("Access needs viewed (access summary)")
    )
    actions.register_action(
        ACCESS_SHARING_CHANGED,
        _("Share access needs"),
        _("Consent to share access needs with the researcher given or taken back"),
    )
    actions.register_action(
        "roundtable.member_registered_assisted",
        _("Register a member"),
        _("Registered on the member's behalf"),
    )
    actions.register_action(
        "roundtable.staff_account_created",
        _("Create a staff account"),
        _("Staff account created from the command line"),
    )


hooks.register("before_bulk_action", accounts.bulk_actions_on_people_limit)

register_snippet(taxonomy.TaxonomyViewSetGroup)
register_permission_policy(EqualityBenchmark, equality.EqualityBenchmarkPolicy(EqualityBenchmark))
register_snippet(equality.EqualityBenchmarkViewSet)


@hooks.register("register_admin_viewset")
def register_member_directory():
    from members.admin.directory import member_directory_viewset

    return member_directory_viewset


@hooks.register("insert_global_admin_css")
def global_admin_css():
    # static/css/admin.css: our small corrections to the admin's own styles.
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


# Group-only pages and documents need the second factor (bodies in members/receivers.py).
hooks.register("before_serve_page", page_groups_restriction_needs_mfa)
hooks.register("before_serve_document", document_groups_restriction_needs_mfa)


# Rows of the admin home's "Waiting for you" panel (home.waiting_work).
hooks.register(WAITING_WORK_HOOK, waiting_work.membership_requests_waiting)
hooks.register(WAITING_WORK_HOOK, waiting_work.researcher_requests_waiting)
