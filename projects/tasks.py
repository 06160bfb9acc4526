"""Periodic and background jobs of the projects app. Each area adds its own tasks in
its own block."""

from celery import shared_task


# -- conversation and progress updates --
@shared_task(name="projects.conversation_digest_send")
def conversation_digest_send() -> int:
    """The daily email for team members who chose a digest of their projects'
    conversations. Idempotent: one per person per day, and each team row remembers up
    to when it was told."""
    from projects.services.conversation import digest_send

    return digest_send()


# -- end conversation and progress updates --
