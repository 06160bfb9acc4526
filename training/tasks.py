"""The training app's Celery tasks (beat: config/settings/base.py)."""

from celery import shared_task


@shared_task(name="training.reminders_send")
def training_reminders_send() -> dict:
    """Remind everyone booked on a session two days before it, once. Idempotent."""
    from training.services.reminders import training_reminders_send as send

    result = send()
    return {
        "sent": result.sent,
        "already_sent": result.already_sent,
        "no_email": len(result.no_email),
    }
