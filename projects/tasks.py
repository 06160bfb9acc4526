"""The projects app's Celery tasks (beat: config/settings/base.py). Each area keeps
its tasks in its own block."""

from celery import shared_task

# -- impact and reports --


@shared_task(name="projects.impact_reminders_send")
def impact_reminders_send() -> int:
    """Remind researchers and project staff, once per activity, when members have heard
    no "you said, we did" in time. Idempotent (ImpactReminder, outbox keys)."""
    from projects.services.impact import impact_reminders_send as send

    return send()


# -- end of impact and reports --
