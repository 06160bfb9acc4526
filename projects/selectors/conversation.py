"""Reads for the conversation: the thread, the overview's latest posts, and a person's
"What happened next" (the progress updates of their projects)."""

from members.models import User
from projects.models import Post, Project, TeamMember


def thread(project: Project):
    """The project's posts, oldest first, with their authors (hidden ones too: the
    template shows each as hidden, with the reason, and only staff read the body)."""
    return (
        Post.objects.filter(project=project).select_related("author").order_by("created_at", "pk")
    )


def latest_posts(project: Project, *, count: int = 3) -> list[Post]:
    """The newest visible posts, newest first (one query)."""
    return list(
        Post.objects.filter(project=project, hidden_at=None)
        .select_related("author")
        .order_by("-created_at", "-pk")[:count]
    )


def updates_for(user: User, *, count: int = 5) -> list[Post]:
    """The newest visible progress updates of the projects the person is on the team
    of now, with their projects (one query)."""
    return list(
        Post.objects.filter(
            kind=Post.Kind.UPDATE,
            hidden_at=None,
            project__in=Project.objects.of(user).values("pk"),
        )
        .select_related("project", "author")
        .order_by("-created_at", "-pk")[:count]
    )


def own_posts(user: User):
    """What the person wrote, with its projects, for their data download."""
    return Post.objects.filter(author=user).select_related("project").order_by("created_at", "pk")


def own_team_rows(user: User):
    return TeamMember.objects.filter(person=user).select_related("project").order_by("joined_at")
