from celery import shared_task

from home.emails import message_from_dict


@shared_task(
    name="home.send_email",
    autoretry_for=(OSError,),  # SMTP refused or timed out: try again, later and later
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=10,
)
def send_email(payload: dict) -> int:
    """Send one email built by home.emails.message_to_dict. Returns messages sent."""
    return message_from_dict(payload).send()
