"""The project space, outside the admin: every page asks projects.selectors.access."""

from django.urls import path

from projects.views import (
    agreement,
    conversation,
    decisions,
    impact,
    projects,
    reflections,
    reports,
)

app_name = "projects"

urlpatterns = [
    # -- projects and team (foundation) --
    path("projects/", projects.project_list, name="list"),
    path("projects/<int:project_id>/", projects.project_detail, name="project"),
    # -- conversation and progress updates --
    path(
        "projects/<int:project_id>/conversation/",
        conversation.conversation,
        name="conversation",
    ),
    path(
        "projects/<int:project_id>/posts/<int:post_id>/hide/",
        conversation.post_hide,
        name="post_hide",
    ),
    path("projects/<int:project_id>/updates/new/", conversation.update_new, name="update_new"),
    path("projects/<int:project_id>/now/", conversation.now, name="now"),
    path("projects/<int:project_id>/settings/", conversation.my_settings, name="my_settings"),
    # -- end conversation and progress updates --
    # -- team agreement and decisions --
    path("projects/<int:project_id>/agreement/", agreement.agreement, name="agreement"),
    path(
        "projects/<int:project_id>/agreement/propose/",
        agreement.agreement_propose_view,
        name="agreement_propose",
    ),
    path("projects/<int:project_id>/decisions/", decisions.decision_list, name="decisions"),
    path(
        "projects/<int:project_id>/decisions/propose/",
        decisions.decision_propose_view,
        name="decision_propose",
    ),
    path(
        "projects/<int:project_id>/decisions/<int:decision_id>/",
        decisions.decision_detail,
        name="decision",
    ),
    path(
        "projects/<int:project_id>/decisions/<int:decision_id>/record/",
        decisions.decision_record_view,
        name="decision_record",
    ),
    # -- end team agreement and decisions --
    # -- reflections and check-ins --
    path("projects/<int:project_id>/stage/", reflections.stage_change, name="stage"),
    path(
        "projects/<int:project_id>/reflect/<int:invitation_id>/",
        reflections.reflect,
        name="reflect",
    ),
    path("projects/<int:project_id>/reflections/", reflections.reflection_list, name="reflections"),
    path("projects/<int:project_id>/check-ins/", reflections.check_ins, name="check_ins"),
    path("projects/<int:project_id>/confidence/", reflections.confidence, name="confidence"),
    # -- end reflections and check-ins --
    # -- impact and reports --
    path("projects/<int:project_id>/impact/", impact.impact, name="impact"),
    path("projects/<int:project_id>/report/", reports.report, name="report"),
    path("projects/<int:project_id>/report/edit/", reports.report_edit, name="report_edit"),
    path(
        "projects/<int:project_id>/report/export.html",
        reports.report_html,
        name="report_html",
    ),
    path("projects/<int:project_id>/report.pdf", reports.report_pdf, name="report_pdf"),
    # -- end of impact and reports --
]
