import smtplib

from celery import shared_task

from home.emails import message_from_dict

# Worth another try later: the mail server was unreachable, busy or hung up. A refused
# recipient or a rejected login will not fix itself, so those fail at once (and show
# in the worker's log).
TEMPORARY_SMTP_ERRORS = (
    ConnectionError,
    TimeoutError,
    smtplib.SMTPConnectError,
    smtplib.SMTPServerDisconnected,
)


@shared_task(
    name="home.send_email",
    autoretry_for=TEMPORARY_SMTP_ERRORS,
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=10,
)
def send_email(payload: dict) -> int:
    """Send one email built by home.emails.message_to_dict. Returns messages sent."""
    return message_from_dict(payload).send()
