from celery import shared_task

from opportunities.services import opportunities_close_past_deadline


@shared_task(name="opportunities.close_past_deadline")
def close_past_deadline() -> int:
    """Close opportunities whose closing date has passed. Idempotent (one UPDATE)."""
    return opportunities_close_past_deadline()
