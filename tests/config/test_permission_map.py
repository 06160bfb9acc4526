"""The permission map: every URL pattern the project serves, asked by every role, with
GET and with POST, against a table of what each should answer (issue 11, finding 1).

A pattern with no entry in EXPECTED fails, so a default view a Wagtail upgrade adds
(copy, inspect, history, usage, unpublish, bulk actions, choosers …) is caught. Every
path parameter is a real object (permission_map_world.py), and every GET URL must
answer 200 to some role, or say in NEVER_200 why not; so the map cannot pass by
answering 404 to everyone.

Answers, as `outcome` gives them:
  ok        200
  login     302 to the sign-in page
  mfa       302 to the second factor (a staff session that has not used it, in /admin/)
  setup     302 to setting up an authenticator
  denied    403, or Wagtail's refusal: 302 to the admin's dashboard
  missing   404
  method    405 (the view does not take that method)
  redirect  302 anywhere else (a finished form, a step of a journey)
  bad       400
  error     500 — never expected
"""

import os
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.config.permission_map_world import (
    ROLES,
    client_for,
    route_params,
    url_kwargs,
    world_build,
)

pytestmark = pytest.mark.django_db


def outcome(response) -> str:
    code = response.status_code
    if code == 302:
        to = response["Location"]
        if to.startswith("/accounts/login/"):
            return "login"
        if to.startswith("/accounts/2fa/reauthenticate/"):
            return "mfa"
        if to.startswith("/accounts/2fa/totp/activate/"):
            return "setup"
        if to == "/admin/":
            return "denied"
        return "redirect"
    return {200: "ok", 403: "denied", 404: "missing", 405: "method", 400: "bad"}.get(
        code, "error" if code >= 500 else str(code)
    )


def served_patterns():
    """(name, route) of every URL pattern, walked from the root resolver."""

    def walk(resolver, prefix, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                yield from walk(pattern, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = ":".join(filter(None, [namespace, pattern.name])) if pattern.name else ""
                yield name, prefix + str(pattern.pattern)

    return list(walk(get_resolver(), "", ""))


def concrete_url(name: str, route: str, world) -> str | None:
    specials = {
        ("", "admin/test404/"): "/admin/test404/",
        ("", "admin/^.*/$"): "/admin/no-such-screen/",
        ("wagtaildocs_serve", "documents/^(\\d+)/(.*)$"): (
            f"/documents/{world.ids['document']}/minutes.pdf"
        ),
        ("wagtail_serve", "^((?:[\\w\\-]+/)*)$"): world.pages["group_only"].url,
        (
            "account_reset_password_from_key",
            "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        ): "/accounts/password/reset/key/1-not-a-real-key/",
        ("wagtailadmin_password_reset_confirm", "admin/password_reset/confirm/<uidb64>/<token>/"): (
            "/admin/password_reset/confirm/MQ/not-a-token/"
        ),
        (
            "wagtailadmin_editing_sessions:ping",
            "admin/editing-sessions/ping/<str:app_label>/<str:model_name>/<str:object_id>/<int:session_id>/",
        ): f"/admin/editing-sessions/ping/wagtailcore/page/{world.ids['opportunity']}/0/",
        (
            "wagtailadmin_editing_sessions:release",
            "admin/editing-sessions/release/<int:session_id>/",
        ): ("/admin/editing-sessions/release/0/"),
    }
    if (name, route) in specials:
        return specials[(name, route)]
    params = route_params(route)
    kwargs = url_kwargs(name, params, world)
    if kwargs is None or not name:
        return None
    return reverse(name, kwargs=kwargs)


@pytest.fixture(scope="module")
def observed(django_db_setup, django_db_blocker, tmp_path_factory):
    """Every (pattern, role, method) answer, asked once for the whole module."""
    from django.conf import settings

    settings.PRIVATE_MEDIA_ROOT = tmp_path_factory.mktemp("private")
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), transaction.atomic():
        world = world_build()
        clients = {role: client_for(world, role) for role in ROLES}
        answers, unfilled = {}, []
        for name, route in served_patterns():
            url = concrete_url(name, route, world)
            if url is None:
                unfilled.append((name, route))
                continue
            for role in ROLES:
                for method in ("get", "post"):
                    client = clients[role]
                    session = client.cookies.get(settings.SESSION_COOKIE_NAME)
                    with transaction.atomic():
                        response = getattr(client, method)(url)
                        # Nothing a request writes stays (a POST to a delete view…).
                        transaction.set_rollback(True)
                    # Nor does a sign-out: the session row's deletion was rolled back.
                    if session is not None:
                        client.cookies[settings.SESSION_COOKIE_NAME] = session.value
                    answers[(name, route, role, method)] = (outcome(response), url)
        transaction.set_rollback(True)
    return answers, unfilled


@dataclass(frozen=True)
class Rule:
    """The answers, role by role in ROLES order, to a GET and to an empty POST."""

    get: str
    post: str
    names: list


# Read across: anonymous, member, researcher, staff without the permission, staff with
# the password only, staff, admin. Patterns without a name are keyed by their route.
#
# What the rows say, in short:
# - /admin/: visitors are sent to sign in, members and researchers get 403, a staff
#   session without the second factor is sent to it (mfa), and staff without the
#   model's permission are refused (denied) — for every screen, Wagtail's and ours.
# - Screens only admins use (outgoing email, sites, groups, collections, workflows,
#   changing rate cards, equality benchmarks and the equality dashboard, erasing a
#   member) are refused to staff. The equality pages need the equality permission,
#   which the staff role does not have by default (finding 12).
# - Wagtail's page, document and image choosers, the admin API listings and the
#   dashboard answer any admin account (Wagtail filters what they list).
# - Outside /admin/ a staff or admin session without the second factor has a
#   member's reach (finding 2): no receipts of others, no group-only pages.
# - "error" rows are Wagtail's own: /admin/failwhale/ raises on purpose, and some of
#   its views fail on an *empty* POST body (no management form) after the permission
#   check has passed; only staff who may use the view reach them.
EXPECTED = [
    # projects: the co-production record. A project is seen by its team (the world's
    # member and researcher are on it) and by staff with the permission (the second
    # factor); anyone else gets "not found". Each area adds its rows in this block.
    Rule(
        get="login ok ok ok ok ok ok",
        post="login method method method method method method",
        names=["projects:list"],
    ),
    Rule(
        get="login ok ok missing missing ok ok",
        post="login method method method method method method",
        names=["projects:project"],
    ),
    # projects, the staff screens (admin area "projects") and the yearly summary
    # (area "summary"): staff who run projects, with the second factor. An empty POST
    # to the list, a project's screen or the summary shows the page again; to "add a
    # person", a form with errors; opening the world's accepted request without a
    # project opens one; taking someone off, naming a lead and adding who took part
    # since are buttons (POST only where they change nothing on GET).
    Rule(
        get="login denied denied denied mfa ok ok",
        post="login denied denied denied mfa ok ok",
        names=["projects_index", "projects_project", "projects_summary", "projects_team_add"],
    ),
    Rule(
        get="login denied denied denied mfa ok ok",
        post="login denied denied denied mfa redirect redirect",
        names=["projects_open", "projects_team_remove"],
    ),
    Rule(
        get="login denied denied denied mfa method method",
        post="login denied denied denied mfa redirect redirect",
        names=["projects_team_lead", "projects_team_sync"],
    ),
    # end projects, the staff screens
    # projects, reflections: the stage is changed by the researcher, the leads and
    # staff (the world's member is on the team, not a lead: refused); an invitation to
    # reflect is opened by its own person only (the member's: everyone else "not
    # found", staff too); "Reflection" is the team's own (staff off the team: not
    # found); the check-in and confidence totals are seen by the team and staff, and
    # only members on the team answer the confidence check-in.
    Rule(
        get="login denied ok missing missing ok ok",
        post="login denied ok missing missing ok ok",
        names=["projects:stage"],
    ),
    Rule(
        get="login ok missing missing missing missing missing",
        post="login ok missing missing missing missing missing",
        names=["projects:reflect"],
    ),
    Rule(
        get="login ok ok missing missing missing missing",
        post="login method method method method method method",
        names=["projects:reflections"],
    ),
    Rule(
        get="login ok ok missing missing ok ok",
        post="login method method method method method method",
        names=["projects:check_ins"],
    ),
    Rule(
        get="login ok ok missing missing ok ok",
        post="login ok denied missing missing denied denied",
        names=["projects:confidence"],
    ),
    # -- impact and reports: the team and staff read; those who steer (the researcher,
    # the leads, staff) record impact and edit the report; members are refused (403).
    Rule(
        get="login ok ok missing missing ok ok",
        post="login denied ok missing missing ok ok",
        names=["projects:impact"],
    ),
    Rule(
        get="login ok ok missing missing ok ok",
        post="login method method method method method method",
        names=["projects:report", "projects:report_html", "projects:report_pdf"],
    ),
    Rule(
        get="login denied ok missing missing ok ok",
        post="login denied ok missing missing ok ok",
        names=["projects:report_edit"],
    ),
    # -- end of impact and reports --
    # projects (conversation): the thread and its post form are the team's and staff's;
    # a progress update is the researcher's and staff's (not members'); hiding a post
    # is staff's only; "what is happening now" is the researcher's, the leads' and
    # staff's; "Your choices" is the team's only (staff not on the team: not found).
    # An empty POST is a form with errors (ok).
    Rule(
        get="login ok ok missing missing ok ok",
        post="login ok ok missing missing ok ok",
        names=["projects:conversation"],
    ),
    Rule(
        get="login missing ok missing missing ok ok",
        post="login missing ok missing missing ok ok",
        names=["projects:update_new"],
    ),
    # An empty "what is happening now" is allowed (it clears it): saved, then back.
    Rule(
        get="login missing ok missing missing ok ok",
        post="login missing redirect missing missing redirect redirect",
        names=["projects:now"],
    ),
    Rule(
        get="login missing missing missing missing ok ok",
        post="login missing missing missing missing ok ok",
        names=["projects:post_hide"],
    ),
    Rule(
        get="login ok ok missing missing missing missing",
        post="login ok ok missing missing missing missing",
        names=["projects:my_settings"],
    ),
    # end projects (conversation)
    # projects, area C: the team agreement and the decision log. The team acts (accept,
    # propose, endorse, dissent); staff with the second factor read and comment but are
    # not asked to accept; recording an outcome is for those who steer (the researcher,
    # leads, staff): a member on the team is refused (403). A POST with no action is
    # refused as a bad request once access is decided.
    Rule(
        get="login ok ok missing missing ok ok",
        post="login bad bad missing missing denied denied",
        names=["projects:agreement"],
    ),
    Rule(
        get="login ok ok missing missing denied denied",
        post="login ok ok missing missing denied denied",
        names=["projects:agreement_propose"],
    ),
    Rule(
        get="login ok ok missing missing ok ok",
        post="login method method method method method method",
        names=["projects:decisions"],
    ),
    Rule(
        get="login ok ok missing missing ok ok",
        post="login ok ok missing missing ok ok",
        names=["projects:decision_propose"],
    ),
    Rule(
        get="login ok ok missing missing ok ok",
        post="login bad bad missing missing bad bad",
        names=["projects:decision"],
    ),
    Rule(
        get="login denied ok missing missing ok ok",
        post="login denied ok missing missing ok ok",
        names=["projects:decision_record"],
    ),
    # end projects, area C
    # end projects
    # comment_rounds: written comment rounds. A round's page: its group's active members
    # (the world's member is not one), the researcher it answers, staff with the
    # permission; only members comment (a POST from anyone else is refused). The
    # collated comments: the researcher once closed, and staff; never members.
    Rule(
        get="login missing ok missing missing ok ok",
        post="login missing denied missing missing denied denied",
        names=["opportunities:comment_round"],
    ),
    Rule(
        get="login missing ok missing missing ok ok",
        post="login missing ok missing missing ok ok",
        names=[
            "opportunities:comment_round_collated",
            "opportunities:comment_round_collated_csv",
        ],
    ),
    Rule(
        get="login denied denied denied mfa ok ok",
        post="login denied denied denied mfa ok ok",
        names=["opportunities_comment_rounds", "opportunities_comment_round_new"],
    ),
    Rule(
        get="login denied denied denied mfa ok ok",
        post="login denied denied denied mfa redirect redirect",
        names=["opportunities_comment_round_admin"],
    ),
    # end comment_rounds
    Rule(
        get="login denied denied denied mfa ok ok",
        post="login denied denied denied mfa method method",
        names=[
            "member_directory:index",
            "member_directory:index_results",
            "opportunities_lottery",
            "rate_cards:index",
            "rate_cards:index_results",
            "rate_cards:inspect",
            "wagtailadmin_explore",
            "wagtailadmin_explore_results",
            "wagtailadmin_explore_root",
            "wagtailadmin_pages:history",
            "wagtailadmin_pages:history_results",
            "wagtailadmin_pages:revisions_compare",
            "wagtailadmin_pages:revisions_view",
            "wagtailadmin_pages:search",
            "wagtailadmin_pages:search_results",
            "wagtailadmin_pages:type_use",
            "wagtailadmin_pages:type_use_results",
            "wagtailadmin_pages:usage",
            "wagtailadmin_pages:workflow_history",
            "wagtailadmin_pages:workflow_history_detail",
            "wagtailadmin_reports:aging_pages",
            "wagtailadmin_reports:aging_pages_results",
            "wagtailadmin_reports:locked_pages",
            "wagtailadmin_reports:locked_pages_results",
            "wagtailadmin_reports:page_types_usage",
            "wagtailadmin_reports:page_types_usage_results",
            "wagtailadmin_reports:workflow",
            "wagtailadmin_reports:workflow_results",
            "wagtailadmin_reports:workflow_tasks",
            "wagtailadmin_reports:workflow_tasks_results",
            "wagtaildocs:document_usage",
            "wagtaildocs:index",
            "wagtaildocs:index_results",
            "wagtailimages:image_usage",
            "wagtailimages:index",
            "wagtailimages:index_results",
            "wagtailsnippets_members_region:history",
            "wagtailsnippets_members_region:history_results",
            "wagtailsnippets_members_region:list",
            "wagtailsnippets_members_region:list_results",
            "wagtailsnippets_members_region:usage",
            "wagtailsnippets_members_skill:history",
            "wagtailsnippets_members_skill:history_results",
            "wagtailsnippets_members_skill:list",
            "wagtailsnippets_members_skill:list_results",
            "wagtailsnippets_members_skill:usage",
            "wagtailsnippets_members_topic:history",
            "wagtailsnippets_members_topic:history_results",
            "wagtailsnippets_members_topic:list",
            "wagtailsnippets_members_topic:list_results",
            "wagtailsnippets_members_topic:usage",
            "wagtailusers_users:history",
            "wagtailusers_users:history_results",
            "wagtailusers_users:index",
            "wagtailusers_users:index_results",
            "wagtailusers_users:usage",
        ],
    ),
    Rule(
        get="login denied denied denied mfa ok ok",
        post="login denied denied denied mfa ok ok",
        names=[
            "members_assisted_registration",
            "members_member_record",
            "members_membership_requests",
            "members_offline_contact",
            "members_researcher_requests",
            "opportunities_access_summary",
            "opportunities_impact",
            "opportunities_invite",
            "opportunities_involvement",
            "opportunities_lottery_apply",
            "opportunities_lottery_audit",
            "opportunities_lottery_new",
            "opportunities_request_review",
            "opportunities_requests",
            "opportunities_shortlist",
            "opportunities_shortlists",
            "reciprocity_claim",
            "reciprocity_claims",
            "reciprocity_export",
            "reciprocity_export_again",
            "reciprocity_generate",
            "reciprocity_payment",
            "reciprocity_payments",
            "reciprocity_skill_add",
            "training_booking_assisted",
            "training_completion",
            "training_completion_revoke",
            "training_completions",
            "training_courses",
            "training_register_csv",
            "training_session_add",
            "training_session_cancel",
            "training_session_edit",
            "training_sessions",
            "wagtailadmin_pages:collect_workflow_action_data",
            "wagtailadmin_pages:edit",
            "wagtailadmin_pages:move",
            "wagtailadmin_pages:preview_on_add",
            "wagtailadmin_pages:preview_on_edit",
            "wagtailadmin_pages:revisions_revert",
            "wagtailadmin_pages:set_privacy",
            "wagtailadmin_pages:view_draft",
            "wagtaildocs:add",
            "wagtaildocs:edit",
            "wagtaildocs_chooser:create",
            "wagtailimages:add",
            "wagtailimages:edit",
            "wagtailimages:preview",
            "wagtailimages_chooser:create",
            "wagtailimages_chooser:select_format",
            "wagtailsnippets_members_region:add",
            "wagtailsnippets_members_region:edit",
            "wagtailsnippets_members_skill:add",
            "wagtailsnippets_members_skill:edit",
            "wagtailsnippets_members_topic:add",
            "wagtailsnippets_members_topic:edit",
            "wagtailusers_users:add",
            "training_wishes_report",
        ],
    ),
    Rule(
        get="login denied denied ok mfa ok ok",
        post="login denied denied method mfa method method",
        names=[
            "admin/test404/",
            "wagtailadmin_api:documents:detail",
            "wagtailadmin_api:documents:listing",
            "wagtailadmin_api:images:detail",
            "wagtailadmin_api:images:listing",
            "wagtailadmin_api:pages:listing",
            "wagtailadmin_choose_page",
            "wagtailadmin_choose_page_child",
            "wagtailadmin_choose_page_chosen_multiple",
            "wagtailadmin_choose_page_search",
            "wagtailadmin_dismissibles",
            "wagtailadmin_home",
            "wagtailadmin_reports:site_history",
            "wagtailadmin_reports:site_history_results",
            "wagtailadmin_workflows:task_chooser",
            "wagtailadmin_workflows:task_chooser_results",
            "wagtaildocs_chooser:choose",
            "wagtaildocs_chooser:choose_results",
            "wagtaildocs_chooser:chosen_multiple",
            "wagtailimages_chooser:choose",
            "wagtailimages_chooser:choose_results",
            "wagtailimages_chooser:chosen_multiple",
            "wagtailsnippetchoosers_members_region:choose",
            "wagtailsnippetchoosers_members_region:choose_results",
            "wagtailsnippetchoosers_members_region:chosen",
            "wagtailsnippetchoosers_members_region:chosen_multiple",
            "wagtailsnippetchoosers_members_skill:choose",
            "wagtailsnippetchoosers_members_skill:choose_results",
            "wagtailsnippetchoosers_members_skill:chosen",
            "wagtailsnippetchoosers_members_skill:chosen_multiple",
            "wagtailsnippetchoosers_members_topic:choose",
            "wagtailsnippetchoosers_members_topic:choose_results",
            "wagtailsnippetchoosers_members_topic:chosen",
            "wagtailsnippetchoosers_members_topic:chosen_multiple",
        ],
    ),
    Rule(
        get="login denied denied denied mfa denied ok",
        post="login denied denied denied mfa denied method",
        names=[
            "outgoing_email:index",
            "outgoing_email:index_results",
            "rate_cards:history",
            "rate_cards:history_results",
            "rate_cards:usage",
            "wagtailadmin_collections:index",
            "wagtailadmin_workflows:index",
            "wagtailadmin_workflows:index_results",
            "wagtailadmin_workflows:task_index",
            "wagtailadmin_workflows:task_index_results",
            "wagtailadmin_workflows:usage",
            "wagtailadmin_workflows:usage_results",
            "wagtailsites:history",
            "wagtailsites:history_results",
            "wagtailsites:index",
            "wagtailsites:index_results",
            "wagtailsites:usage",
            "wagtailsnippetchoosers_members_equalitybenchmark:choose",
            "wagtailsnippetchoosers_members_equalitybenchmark:choose_results",
            "wagtailsnippetchoosers_members_equalitybenchmark:chosen",
            "wagtailsnippetchoosers_members_equalitybenchmark:chosen_multiple",
            "wagtailsnippets:index",
            "wagtailsnippets_members_equalitybenchmark:history",
            "wagtailsnippets_members_equalitybenchmark:history_results",
            "wagtailsnippets_members_equalitybenchmark:list",
            "wagtailsnippets_members_equalitybenchmark:list_results",
            "wagtailsnippets_members_equalitybenchmark:usage",
            "wagtailusers_groups:history",
            "wagtailusers_groups:history_results",
            "wagtailusers_groups:index",
            "wagtailusers_groups:index_results",
            "wagtailusers_groups:usage",
        ],
    ),
    Rule(
        get="login denied denied denied mfa denied ok",
        post="login denied denied denied mfa denied ok",
        names=[
            "members_equality_benchmark_figures",
            "members_equality_dashboard",
            "members_member_erase",
            "rate_cards:add",
            "rate_cards:edit",
            "wagtailadmin_collections:add",
            "wagtailadmin_collections:edit",
            "wagtailadmin_collections:set_privacy",
            "wagtailadmin_workflows:add",
            "wagtailadmin_workflows:add_task",
            "wagtailadmin_workflows:edit",
            "wagtailadmin_workflows:edit_task",
            "wagtailsites:add",
            "wagtailsites:edit",
            "wagtailsnippets_members_equalitybenchmark:add",
            "wagtailsnippets_members_equalitybenchmark:edit",
            "wagtailusers_groups:add",
            "wagtailusers_groups:edit",
        ],
    ),
    Rule(
        get="ok ok ok ok ok ok ok",
        post="ok ok ok ok ok ok ok",
        names=[
            "account_login",
            "account_reset_password",
            "account_reset_password_from_key",
            "account_signup",
            "home:contact",
            "members:account_deleted",
            # Checking a certificate its holder lets people check: anyone, no sign-in.
            "training:certificate_check",
            "training:certificate_check_start",
            "wagtailcore_authenticate_with_password",
            "wagtaildocs_authenticate_with_password",
            "wagtaildocs_serve",
        ],
    ),
    Rule(
        get="login ok denied denied denied denied denied",
        post="login ok denied denied denied denied denied",
        names=[
            "members:equality",
            "members:group_join",
            "members:profile_done",
            "opportunities:applications",
            "opportunities:apply",
            "reciprocity:expense_claim_new",
            "reciprocity:expenses",
            "reciprocity:statement",
            "reciprocity:statement_pdf",
            "reciprocity:statement_year",
            "training:book",
        ],
    ),
    # The expense claim journey: with no claim started, each step goes back to the start.
    Rule(
        get="login redirect denied denied denied denied denied",
        post="login redirect denied denied denied denied denied",
        names=[
            "reciprocity:expense_claim_cancel",
            "reciprocity:expense_claim_check",
            "reciprocity:expense_cost",
            "reciprocity:expense_cost_details",
            "reciprocity:expense_cost_new",
            "reciprocity:expense_cost_remove",
        ],
    ),
    # Someone else's sent claim: not found to a member, refused to anyone else.
    Rule(
        get="login missing denied denied denied denied denied",
        post="login missing denied denied denied denied denied",
        names=[
            "reciprocity:expense_claim_change",
            "reciprocity:expense_claim_withdraw",
        ],
    ),
    Rule(
        get="login missing missing missing missing missing missing",
        post="login missing missing missing missing missing missing",
        names=[
            "members:group_joined",
            "members:group_leave",
            "members:group_membership",
            "members:group_rules",
            "mfa_download_recovery_codes",
            "opportunities:application_detail",
            "opportunities:application_sent",
            "opportunities:application_withdraw",
            "training:booking_calendar",
            "training:booking_cancel",
            "training:booking_detail",
            "reciprocity:expense_claim",
            "training:certificate",
            "training:certificate_pdf",
        ],
    ),
    Rule(
        get="login denied denied denied mfa ok ok",
        post="login denied denied denied mfa redirect redirect",
        names=[
            "opportunities_application_decide",
            "training_booking_cancel_staff",
            "training_register",
            "wagtailadmin_pages:revisions_unschedule",
            "wagtailadmin_pages:unpublish",
            "wagtailadmin_pages:workflow_action",
            "wagtaildocs:delete",
            "wagtailimages:delete",
            "wagtailsnippets_members_region:delete",
            "wagtailsnippets_members_skill:delete",
            "wagtailsnippets_members_topic:delete",
            "wagtailusers_users:edit",
        ],
    ),
    Rule(
        get="login denied denied ok mfa ok ok",
        post="login denied denied ok mfa ok ok",
        names=[
            "wagtailadmin_account",
            "wagtailadmin_choose_page_anchor_link",
            "wagtailadmin_choose_page_email_link",
            "wagtailadmin_choose_page_phone_link",
            "wagtailadmin_pages:confirm_workflow_cancellation",
            "wagtailadmin_tag_autocomplete",
            "wagtailadmin_workflows:task_chosen",
            "wagtailembeds:chooser",
            "wagtailembeds:chooser_upload",
        ],
    ),
    Rule(
        get="login redirect redirect redirect redirect redirect redirect",
        post="login redirect redirect redirect redirect redirect redirect",
        names=[
            "account_confirm_login_code",
            "account_confirm_reauthentication_code",
            "account_set_password",
            "mfa_activate_totp",
            "mfa_authenticate",
            "mfa_generate_recovery_codes",
        ],
    ),
    Rule(
        get="login denied denied denied mfa ok ok",
        post="login denied denied denied mfa error error",
        names=[
            "wagtailadmin_pages:add",
            "wagtailadmin_pages:copy",
            "wagtailadmin_pages:delete",
            "wagtailsnippetchoosers_members_region:create",
            "wagtailsnippetchoosers_members_skill:create",
            "wagtailsnippetchoosers_members_topic:create",
        ],
    ),
    Rule(
        get="login ok ok ok ok ok ok",
        post="login ok ok ok ok ok ok",
        names=[
            "account_change_password",
            "account_reauthenticate",
            "account_request_reauthentication_code",
            "members:account",
            "members:account_name",
            "members:your_data",
        ],
    ),
    Rule(
        get="ok ok ok ok ok ok ok",
        post="method method method method method method method",
        names=[
            "account_inactive",
            "account_reset_password_done",
            "account_reset_password_from_key_done",
            "healthz",
        ],
    ),
    Rule(
        get="login denied denied method mfa method method",
        post="login denied denied denied mfa ok ok",
        names=[
            "wagtailadmin_pages:set_page_position",
            "wagtaildocs:delete_multiple",
            "wagtaildocs:edit_multiple",
            "wagtailimages:delete_multiple",
            "wagtailimages:edit_multiple",
        ],
    ),
    Rule(
        get="login denied denied denied mfa denied ok",
        post="login denied denied denied mfa denied redirect",
        names=[
            "wagtailadmin_workflows:disable",
            "wagtailadmin_workflows:disable_task",
            "wagtailsites:delete",
            "wagtailsnippets_members_equalitybenchmark:delete",
            "wagtailusers_groups:delete",
        ],
    ),
    Rule(
        get="login ok denied denied denied denied denied",
        post="login redirect denied denied denied denied denied",
        names=[
            "members:equality_check",
            "members:equality_delete",
            "members:equality_step",
            "members:profile",
            "members:profile_step",
            "training:wishes",
        ],
    ),
    Rule(
        get="login denied denied method mfa method method",
        post="login denied denied denied mfa denied redirect",
        names=[
            "outgoing_email:send_again",
            "wagtailadmin_workflows:enable",
            "wagtailadmin_workflows:enable_task",
            "wagtailadmin_workflows:remove",
        ],
    ),
    Rule(
        get="login denied denied missing mfa missing missing",
        post="login denied denied method mfa method method",
        names=[
            "wagtailadmin_api:documents:find",
            "wagtailadmin_api:images:find",
            "wagtailadmin_api:pages:find",
            "wagtailadmin_block_preview",
        ],
    ),
    Rule(
        get="missing denied denied missing mfa missing missing",
        post="missing denied denied missing mfa missing missing",
        names=[
            "wagtailadmin_password_reset",
            "wagtailadmin_password_reset_complete",
            "wagtailadmin_password_reset_confirm",
            "wagtailadmin_password_reset_done",
        ],
    ),
    Rule(
        get="login denied denied method mfa method method",
        post="login denied denied denied mfa redirect redirect",
        names=[
            "members_membership_decide",
            "wagtailadmin_pages:lock",
            "wagtailadmin_pages:unlock",
        ],
    ),
    Rule(
        get="login denied denied method mfa method method",
        post="login denied denied denied mfa missing missing",
        names=[
            "members_offline_renewed",
            "members_offline_rules_agreed",
            "members_researcher_decide",
        ],
    ),
    Rule(
        get="login denied ok denied denied denied denied",
        post="login denied ok denied denied denied denied",
        names=[
            "opportunities:request_access",
            "opportunities:request_detail",
            "opportunities:request_new",
            "opportunities:request_sent",
            "opportunities:requests",
        ],
    ),
    Rule(
        get="login denied denied login mfa login login",
        post="login denied denied login mfa login login",
        names=[
            "admin_login_redirect",
            "wagtailadmin_login",
        ],
    ),
    Rule(
        get="login denied redirect denied denied denied denied",
        post="login denied redirect denied denied denied denied",
        names=[
            "opportunities:request_check",
            "opportunities:request_step",
        ],
    ),
    Rule(
        get="login denied denied denied mfa redirect redirect",
        post="login denied denied denied mfa redirect redirect",
        names=[
            "opportunities_request_create_opportunity",
            "wagtailadmin_pages:add_subpage",
        ],
    ),
    Rule(
        get="login denied denied denied mfa denied ok",
        post="login denied denied denied mfa denied error",
        names=[
            "rate_cards:delete",
            "wagtailsnippetchoosers_members_equalitybenchmark:create",
        ],
    ),
    Rule(
        get="login denied denied missing mfa missing missing",
        post="login denied denied missing mfa missing missing",
        names=[
            "wagtailadmin_pages:convert_alias",
            "wagtailadmin_tag_model_autocomplete",
        ],
    ),
    Rule(
        get="login denied denied redirect mfa redirect redirect",
        post="login denied denied redirect mfa redirect redirect",
        names=[
            "wagtailadmin_pages:revisions_index",
            "wagtailusers_users:delete",
        ],
    ),
    Rule(
        get="login denied denied denied mfa denied redirect",
        post="login denied denied denied mfa denied redirect",
        names=[
            "wagtailadmin_workflows:select_task_type",
            # Organisation settings: admins only; without a site, to the default one.
            "admin/settings/<slug:app_name>/<slug:model_name>/",
        ],
    ),
    Rule(
        get="login denied denied denied mfa denied ok",
        post="login denied denied denied mfa denied ok",
        names=["admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/"],
    ),
    Rule(
        get="login denied denied denied mfa ok ok",
        post="login denied denied denied mfa bad bad",
        names=[
            "wagtaildocs:add_multiple",
            "wagtailimages:add_multiple",
        ],
    ),
    Rule(
        get="login denied denied denied mfa ok ok",
        post="login denied denied method mfa method method",
        names=[
            "wagtailadmin_pages:workflow_preview",
            "wagtaildocs_chooser:chosen",
            "wagtailimages_chooser:chosen",
        ],
    ),
    Rule(
        get="login denied denied denied mfa missing missing",
        post="login denied denied denied mfa method method",
        names=[
            "wagtailimages:url_generator",
            "wagtailimages:url_generator_output",
        ],
    ),
    Rule(
        get="redirect denied denied missing mfa missing missing",
        post="redirect denied denied missing mfa missing missing",
        names=[
            "admin/^.*/$",
        ],
    ),
    Rule(
        # The page for the emailed code: it opens only while a code is waiting
        # (tests/members/test_accounts_signup.py); with none, back to sign-in or to
        # the email addresses page.
        get="login redirect redirect redirect redirect redirect redirect",
        post="login redirect redirect redirect redirect redirect redirect",
        names=[
            "account_email_verification_sent",
        ],
    ),
    Rule(
        get="login ok ok ok ok ok ok",
        post="login redirect redirect redirect redirect redirect redirect",
        names=[
            "account_email",
        ],
    ),
    Rule(
        get="redirect ok ok ok ok ok ok",
        post="redirect redirect redirect redirect redirect redirect redirect",
        names=[
            "account_logout",
        ],
    ),
    Rule(
        get="login ok ok denied denied denied denied",
        post="login ok ok denied denied denied denied",
        names=[
            "members:account_delete",
        ],
    ),
    Rule(
        get="login redirect redirect redirect redirect redirect redirect",
        post="login ok ok ok ok ok ok",
        names=[
            "members:your_data_download",
        ],
    ),
    Rule(
        get="login missing missing redirect redirect redirect redirect",
        post="login missing missing redirect redirect redirect redirect",
        names=[
            "mfa_deactivate_totp",
        ],
    ),
    Rule(
        get="login ok ok ok ok ok ok",
        post="login method method method method method method",
        names=[
            "mfa_index",
        ],
    ),
    # Wagtail's own front-end sign-in (Django's bare form, no rate limit, no verification,
    # no second factor) is shadowed: everyone is sent to allauth's sign-in page.
    Rule(
        get="login login login login login login login",
        post="login login login login login login login",
        names=[
            "frontend_login_redirect",
            "wagtailcore_login",
        ],
    ),
    # Where you are signed in: each person sees and ends only their own sessions.
    Rule(
        get="login ok ok ok ok ok ok",
        post="login redirect redirect redirect redirect redirect redirect",
        names=[
            "usersessions_list",
        ],
    ),
    Rule(
        get="login redirect redirect ok ok ok ok",
        post="login redirect redirect ok ok ok ok",
        names=[
            "mfa_reauthenticate",
        ],
    ),
    Rule(
        get="login missing missing missing missing missing missing",
        post="login method method method method method method",
        names=[
            "mfa_view_recovery_codes",
        ],
    ),
    Rule(
        get="login redirect denied denied denied denied denied",
        post="login redirect denied denied denied denied denied",
        names=[
            "opportunities:apply_check",
        ],
    ),
    # Saying one finished a self-paced course meant for members: members only.
    Rule(
        get="login ok denied denied denied denied denied",
        post="login redirect denied denied denied denied denied",
        names=[
            "training:course_finished",
        ],
    ),
    Rule(
        get="login method method method method method method",
        post="login denied ok denied denied denied denied",
        names=[
            "opportunities:request_impact",
        ],
    ),
    # "Not for me" and its undo: a member's answer about an opportunity they may see.
    Rule(
        get="login method method method method method method",
        post="login redirect denied denied denied denied denied",
        names=[
            "opportunities:not_for_me",
            "opportunities:not_for_me_undo",
        ],
    ),
    Rule(
        get="login missing missing missing missing ok ok",
        post="login missing missing missing missing ok ok",
        names=[
            "reciprocity:receipt",
        ],
    ),
    Rule(
        get="login method method method method method method",
        post="login missing missing missing missing missing missing",
        names=[
            "opportunities:application_access_sharing",
            "training:certificate_verifiable",
        ],
    ),
    Rule(
        get="login denied denied denied mfa missing missing",
        post="login denied denied denied mfa missing missing",
        names=[
            "wagtail_bulk_action",
        ],
    ),
    # A group-only opportunity's calendar files answer as its page does (GET only).
    Rule(
        get="missing missing missing ok missing ok ok",
        post="method method method method method method method",
        names=[
            "opportunities:opportunity_calendar",
            "opportunities:session_calendar",
        ],
    ),
    Rule(
        get="missing missing missing ok missing ok ok",
        post="missing missing missing ok missing ok ok",
        names=[
            "wagtail_serve",
        ],
    ),
    Rule(
        get="login denied denied method mfa method method",
        post="login denied denied missing mfa 201 201",
        names=[
            "wagtailadmin_api:pages:action",
        ],
    ),
    Rule(
        get="login denied denied missing mfa ok ok",
        post="login denied denied method mfa method method",
        names=[
            "wagtailadmin_api:pages:detail",
        ],
    ),
    Rule(
        get="login denied denied ok mfa ok ok",
        post="login denied denied error mfa error error",
        names=[
            "wagtailadmin_choose_page_external_link",
        ],
    ),
    Rule(
        get="login denied denied missing mfa missing ok",
        post="login denied denied missing mfa missing redirect",
        names=[
            "wagtailadmin_collections:delete",
        ],
    ),
    Rule(
        get="login denied denied method mfa method method",
        post="login denied denied missing mfa ok ok",
        names=[
            "wagtailadmin_editing_sessions:ping",
        ],
    ),
    Rule(
        get="login denied denied method mfa method method",
        post="login denied denied ok mfa ok ok",
        names=[
            "wagtailadmin_editing_sessions:release",
        ],
    ),
    Rule(
        get="login denied denied error mfa error error",
        post="login denied denied error mfa error error",
        names=[
            "wagtailadmin_error_test",
        ],
    ),
    Rule(
        get="ok denied denied ok mfa ok ok",
        post="method denied denied method mfa method method",
        names=[
            "wagtailadmin_javascript_catalog",
        ],
    ),
    Rule(
        get="login denied denied method mfa method method",
        post="login denied denied login mfa login login",
        names=[
            "wagtailadmin_logout",
        ],
    ),
    Rule(
        get="login denied denied ok mfa redirect redirect",
        post="login denied denied ok mfa ok ok",
        names=[
            "wagtailadmin_pages:choose_parent",
        ],
    ),
    Rule(
        get="login denied denied ok mfa ok ok",
        post="login denied denied denied mfa denied denied",
        names=[
            "wagtailadmin_pages:move_confirm",
        ],
    ),
    Rule(
        get="ok denied denied ok mfa ok ok",
        post="ok denied denied ok mfa ok ok",
        names=[
            "wagtailadmin_sprite",
        ],
    ),
    Rule(
        get="login denied denied ok mfa ok ok",
        post="login denied denied bad mfa bad ok",
        names=[
            "wagtailadmin_workflows:task_chooser_create",
        ],
    ),
    # The multiple uploader's half-finished uploads: only the person who uploaded the
    # file may finish or delete it; anyone else, an admin too, is refused.
    Rule(
        get="login denied denied method mfa method method",
        post="login denied denied denied mfa ok denied",
        names=[
            "wagtaildocs:create_multiple_from_uploaded_document",
            "wagtaildocs:delete_upload_multiple",
            "wagtailimages:create_multiple_from_uploaded_image",
            "wagtailimages:delete_upload_multiple",
        ],
    ),
    Rule(
        get="login denied denied denied mfa denied missing",
        post="login denied denied denied mfa denied missing",
        names=[
            "wagtailsettings:preview_on_edit",
        ],
    ),
    # Group meetings, the staff screens (opportunities/admin/meetings.py): staff who run
    # meetings; an empty POST is a form with errors, or (register) nothing to save.
    Rule(
        get="login denied denied denied mfa ok ok",
        post="login denied denied denied mfa ok ok",
        names=[
            "opportunities_agenda_feedback",
            "opportunities_agenda_item_edit",
            "opportunities_agenda_item_new",
            "opportunities_agenda_slot_accept",
            "opportunities_group_meetings",
            "opportunities_meeting_admin",
            "opportunities_meeting_cancel",
            "opportunities_meeting_edit",
            "opportunities_meeting_new",
            "opportunities_meeting_notes",
            "opportunities_meeting_paper_new",
            "opportunities_meeting_series_new",
            "opportunities_meetings",
            "opportunities_notes_correction",
        ],
    ),
    Rule(
        get="login denied denied denied mfa ok ok",
        post="login denied denied denied mfa redirect redirect",
        names=["opportunities_meeting_register"],
    ),
    # Buttons (POST only): remove or move an agenda item, remove a paper.
    Rule(
        get="login denied denied denied mfa method method",
        post="login denied denied denied mfa redirect redirect",
        names=[
            "opportunities_agenda_item_move",
            "opportunities_agenda_item_remove",
            "opportunities_meeting_paper_remove",
        ],
    ),
    # End of group meetings, the staff screens.
    # Group meetings, the member's side (area "meetings"). The world's meeting is of a
    # group the world's member is not in; the world's researcher has an item on its
    # agenda (so sees it and its paper, and may not reply); staff who run meetings see
    # it (with the second factor) and do not reply either.
    Rule(
        get="login missing ok missing missing ok ok",
        post="login missing denied missing missing denied denied",
        names=[
            "opportunities:meeting",
        ],
    ),
    Rule(
        get="login missing ok missing missing ok ok",
        post="method method method method method method method",
        names=[
            "opportunities:meeting_calendar",
            "opportunities:paper",
        ],
    ),
    Rule(
        get="method method method method method method method",
        post="login missing denied missing missing denied denied",
        names=[
            "opportunities:meeting_notes_correction",
        ],
    ),
    Rule(
        get="login missing missing missing missing ok ok",
        post="method method method method method method method",
        names=[
            "opportunities:group_meetings",
        ],
    ),
]

BY_ROUTE = {"wagtailsettings:edit"}

# Path parameters that cannot name a real object here, and why.
UNFILLABLE: dict[str, str] = {}

# GET URLs no role may open with a 200, and why (they are not pages).
NEVER_200 = {
    # projects, the staff screens: buttons.
    "projects_team_lead": "POST only",
    "projects_team_sync": "POST only",
    # end projects, the staff screens
    # Group meetings, the staff screens: buttons on the meeting's screen.
    "opportunities_agenda_item_move": "POST only",
    "opportunities_agenda_item_remove": "POST only",
    "opportunities_meeting_paper_remove": "POST only",
    # End of group meetings, the staff screens.
    "account_email_verification_sent": "opens only while an emailed code is waiting",
    "frontend_login_redirect": "only sends people to allauth's sign-in page",
    "wagtailcore_login": "shadowed by frontend_login_redirect",
    "admin/^.*/$": "the admin's catch-all: 404 for everything it does not know",
    "wagtail_bulk_action": "a bulk action needs the chosen ids in its query string",
    "wagtailadmin_api:documents:find": "finds by query string only",
    "wagtailadmin_api:images:find": "finds by query string only",
    "wagtailadmin_api:pages:find": "finds by query string only",
    "wagtailadmin_api:pages:action": "POST only",
    "wagtailadmin_block_preview": "needs a block in its query string",
    "wagtailadmin_editing_sessions:ping": "POST only",
    "wagtailadmin_editing_sessions:release": "POST only",
    "wagtailadmin_error_test": "raises on purpose (Wagtail's test of the 500 page)",
    "wagtailadmin_login": "replaced: sign-in is allauth's",
    "admin_login_redirect": "sends everyone to allauth's sign-in",
    "wagtailadmin_logout": "POST only",
    "wagtailadmin_pages:add_subpage": "redirects straight to the page type to add",
    "wagtailadmin_pages:convert_alias": "the page is not an alias",
    "wagtailadmin_pages:lock": "POST only",
    "wagtailadmin_pages:unlock": "POST only",
    "wagtailadmin_pages:revisions_index": "redirects to the page's history",
    "wagtailadmin_pages:set_page_position": "POST only",
    "wagtailadmin_password_reset": "switched off: allauth resets passwords",
    "wagtailadmin_password_reset_complete": "switched off: allauth resets passwords",
    "wagtailadmin_password_reset_confirm": "switched off: allauth resets passwords",
    "wagtailadmin_password_reset_done": "switched off: allauth resets passwords",
    "wagtailadmin_tag_model_autocomplete": "documents have no tags field here",
    "wagtailadmin_workflows:enable": "POST only",
    "wagtailadmin_workflows:enable_task": "POST only",
    "wagtailadmin_workflows:remove": "POST only",
    "wagtailadmin_workflows:select_task_type": "redirects when there is one task type",
    "wagtaildocs:create_multiple_from_uploaded_document": "POST only",
    "wagtaildocs:delete_multiple": "POST only",
    "wagtaildocs:delete_upload_multiple": "POST only",
    "wagtaildocs:edit_multiple": "POST only",
    "wagtailimages:create_multiple_from_uploaded_image": "POST only",
    "wagtailimages:delete_multiple": "POST only",
    "wagtailimages:delete_upload_multiple": "POST only",
    "wagtailimages:edit_multiple": "POST only",
    "wagtailimages:url_generator": "dynamic image serving is not set up",
    "wagtailimages:url_generator_output": "dynamic image serving is not set up",
    "wagtailsettings:preview_on_edit": "settings have no preview",
    "admin/settings/<slug:app_name>/<slug:model_name>/": "redirects to the default site's",
    "members:group_joined": "the person has not joined",
    "members:group_leave": "the person has no membership to leave",
    "members:group_membership": "the person has no membership",
    "members:group_rules": "no new rules to agree",
    "members:your_data_download": "POST only",
    "mfa_download_recovery_codes": "no recovery codes made yet",
    "mfa_view_recovery_codes": "no recovery codes made yet",
    "mfa_deactivate_totp": "redirects to re-authenticate first",
    "mfa_activate_totp": "redirects to re-authenticate first",
    "mfa_authenticate": "only during a sign-in",
    "mfa_generate_recovery_codes": "redirects to re-authenticate first",
    "account_confirm_login_code": "only during a sign-in by code",
    "account_confirm_reauthentication_code": "only during a re-authentication by code",
    "account_set_password": "the person has a password: redirects to change it",
    "opportunities:application_access_sharing": "POST only, and not the person's application",
    "opportunities:application_detail": "not the person's application",
    "opportunities:application_sent": "not the person's application",
    "opportunities:application_withdraw": "not the person's application",
    "opportunities:apply_check": "needs an answer from the step before",
    "opportunities:request_check": "redirects to the first unanswered step",
    "opportunities:request_step": "redirects to the first unanswered step",
    "opportunities:request_impact": "POST only",
    "opportunities:not_for_me": "POST only",
    "opportunities:not_for_me_undo": "POST only",
    "opportunities_request_create_opportunity": "POST only (GET redirects)",
    # Group meetings, the member's side (area "meetings").
    "opportunities:meeting_notes_correction": "POST only, by those who came, while shared",
    "members_offline_renewed": "POST only",
    "members_offline_rules_agreed": "POST only",
    "members_researcher_decide": "POST only",
    "members_membership_decide": "POST only",
    "outgoing_email:send_again": "POST only",
    "reciprocity:expense_claim": "not the person's claim",
    "reciprocity:expense_claim_cancel": "POST only (GET goes back to the claims)",
    "reciprocity:expense_claim_change": "not the person's claim",
    "reciprocity:expense_claim_check": "needs a claim started on the first page",
    "reciprocity:expense_claim_withdraw": "not the person's claim",
    "reciprocity:expense_cost": "needs a claim started on the first page",
    "reciprocity:expense_cost_details": "needs a claim started on the first page",
    "reciprocity:expense_cost_new": "needs a claim started on the first page",
    "reciprocity:expense_cost_remove": "POST only, with a claim started",
    "training:certificate": "not the person's certificate",
    "training:certificate_pdf": "not the person's certificate",
    "training:certificate_verifiable": "POST only, and not the person's certificate",
    "wagtailusers_users:delete": "redirects: the person has records (erasure is the way)",
    "training:booking_calendar": "not the person's booking",
    "training:booking_cancel": "not the person's booking",
    "training:booking_detail": "not the person's booking",
}


def _key(name: str, route: str) -> str:
    # One name can have two routes (settings with and without a site): then the route.
    return route if name in BY_ROUTE or not name else name


def _rule_for(key: str) -> list:
    return [rule for rule in EXPECTED if key in rule.names]


def test_every_served_pattern_has_exactly_one_expectation():
    keys = {_key(name, route) for name, route in served_patterns()}
    missing = sorted(key for key in keys if not _rule_for(key) and key not in UNFILLABLE)
    doubled = sorted(key for key in keys if len(_rule_for(key)) > 1)
    stale = sorted(name for rule in EXPECTED for name in rule.names if name not in keys)
    assert missing == [], "URL patterns with no expected answers: add them to EXPECTED"
    assert doubled == []
    assert stale == [], "EXPECTED lists URLs no longer served"


def test_every_pattern_is_asked_about_a_real_object(observed):
    _, unfilled = observed
    assert sorted(name for name, _ in unfilled) == sorted(UNFILLABLE)


def test_every_role_gets_the_expected_answer(observed):
    answers, _ = observed
    wrong = []
    for (name, route, role, method), (got, url) in answers.items():
        rules = _rule_for(_key(name, route))
        if len(rules) != 1:
            continue  # reported by test_every_served_pattern_has_exactly_one_expectation
        (rule,) = rules
        want = dict(zip(ROLES, getattr(rule, method).split(), strict=True))[role]
        if got != want:
            wrong.append(f"{method.upper()} {url} as {role}: {got}, expected {want}")
    assert wrong == []


def test_every_page_opens_for_someone(observed):
    answers, _ = observed
    opened = {
        _key(name, route)
        for (name, route, _role, method), (got, _url) in answers.items()
        if method == "get" and got == "ok"
    }
    asked = {_key(name, route) for (name, route, _r, _m) in answers}
    never = sorted(asked - opened - set(NEVER_200))
    assert never == [], "no role opens these: fix the object they are asked about"
    assert sorted(opened & set(NEVER_200)) == []  # a reason that is no longer true


def test_without_the_second_factor_staff_reach_no_further_than_a_member(observed):
    """Finding 2, for every URL outside the admin: where a member is refused or finds
    nothing, so is a staff account whose session used only the password."""
    answers, _ = observed
    refused = {"login", "denied", "missing"}
    further = []
    for (name, route, role, method), (got, url) in answers.items():
        if role != "member" or url.startswith("/admin/") or got not in refused:
            continue
        password_only = answers[(name, route, "staff_password_only", method)][0]
        if password_only not in refused | {"redirect"}:
            further.append(f"{method.upper()} {url}: member {got}, password-only {password_only}")
    assert further == []


def test_the_figures(observed):
    answers, unfilled = observed
    patterns = {(name, route) for (name, route, _r, _m) in answers}
    # Quoted in the note: patterns x roles x methods asked.
    assert len(answers) == len(patterns) * len(ROLES) * 2
    assert len(patterns) + len(unfilled) == len(served_patterns())
    if os.environ.get("PERMISSION_MAP_DUMP"):
        with open(os.environ["PERMISSION_MAP_DUMP"], "w") as out:
            for (name, route, role, method), (got, url) in sorted(answers.items()):
                out.write(f"{name}|{route}|{url}|{role}|{method}|{got}\n")
