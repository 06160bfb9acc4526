"""The project space, outside the admin: every page asks projects.selectors.access."""

from django.urls import path

from projects.views import conversation, projects

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
    # -- reflections and check-ins --
    # -- impact and reports --
]
