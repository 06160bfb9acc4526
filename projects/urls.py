"""The project space, outside the admin: every page asks projects.selectors.access."""

from django.urls import path

from projects.views import impact, projects, reports

app_name = "projects"

urlpatterns = [
    # -- projects and team (foundation) --
    path("projects/", projects.project_list, name="list"),
    path("projects/<int:project_id>/", projects.project_detail, name="project"),
    # -- conversation and progress updates --
    # -- team agreement and decisions --
    # -- reflections and check-ins --
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
