"""The project space, outside the admin: every page asks projects.selectors.access."""

from django.urls import path

from projects.views import agreement, decisions, projects

app_name = "projects"

urlpatterns = [
    # -- projects and team (foundation) --
    path("projects/", projects.project_list, name="list"),
    path("projects/<int:project_id>/", projects.project_detail, name="project"),
    # -- conversation and progress updates --
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
    # -- impact and reports --
]
