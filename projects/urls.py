"""The project space, outside the admin: every page asks projects.selectors.access."""

from django.urls import path

from projects.views import projects

app_name = "projects"

urlpatterns = [
    # -- projects and team (foundation) --
    path("projects/", projects.project_list, name="list"),
    path("projects/<int:project_id>/", projects.project_detail, name="project"),
    # -- conversation and progress updates --
    # -- team agreement and decisions --
    # -- reflections and check-ins --
    # -- impact and reports --
]
