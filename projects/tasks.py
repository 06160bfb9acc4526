"""The projects app's Celery tasks (beat: config/settings/base.py). Each area keeps
its tasks in its own block."""

from celery import shared_task

# -- staff screens: the yearly summary --


@shared_task(name="projects.summary_diversity_publish")
def summary_diversity_publish_task(start_year: int) -> str:
    """Publish, once and frozen, the equality figures of the people involved in a
    financial year that has ended (through members' publisher, audited with
    everything else)."""
    from projects.selectors.summary import SummaryYear
    from projects.services.summary import summary_diversity_publish

    publication = summary_diversity_publish(year=SummaryYear(start_year))
    return publication.key if publication else "not ended"


# -- impact and reports --


@shared_task(name="projects.impact_reminders_send")
def impact_reminders_send() -> int:
    """Remind researchers and project staff, once per activity, when members have heard
    no "you said, we did" in time. Idempotent (ImpactReminder, outbox keys)."""
    from projects.services.impact import impact_reminders_send as send

    return send()


# -- end of impact and reports --


# -- conversation and progress updates --
@shared_task(name="projects.conversation_digest_send")
def conversation_digest_send() -> int:
    """The daily email for team members who chose a digest of their projects'
    conversations. Idempotent: one per person per day, and each team row remembers up
    to when it was told."""
    from projects.services.conversation import digest_send

    return digest_send()


# -- end conversation and progress updates --
