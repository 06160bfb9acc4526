"""Celery tasks for outgoing email. The work itself is in home.outbox."""

from celery import shared_task

from home import outbox


# max_retries is a backstop only: the row's own attempt count decides when to give up.
@shared_task(name="home.send_notification", bind=True, max_retries=outbox.MAX_ATTEMPTS)
def send_notification(self, pk: int) -> str:
    """Send notification `pk` once, however often this task is delivered.

    After a temporary mail-server failure the row is back to pending and the task is
    retried with back-off; if that retry is lost, the sweep finds the row.
    """
    result = outbox.notification_send(pk=pk)
    if result.retry_in is not None:
        raise self.retry(countdown=result.retry_in)
    return result.outcome


@shared_task(name="home.notifications_sweep")
def notifications_sweep() -> dict:
    """Every five minutes (Celery beat): send what was left behind, purge old rows."""
    return outbox.notifications_sweep()
