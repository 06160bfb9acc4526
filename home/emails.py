"""Sending email off the request path, without losing it.

Every email goes through `email_enqueue`: it is handed to Celery once the
surrounding transaction commits (so a rolled-back action sends nothing). If the
broker cannot be reached the email is sent at once instead, so an outage delays
nothing and loses nothing. (A durable outbox table for notifications that follow
state changes is planned with the recruitment work; see DESIGN.md "Nothing lost".)
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def message_to_dict(message: EmailMessage) -> dict:
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [content, mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "content_subtype": message.content_subtype,
    }


def message_from_dict(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data.get("cc") or None,
        bcc=data.get("bcc") or None,
        reply_to=data.get("reply_to") or None,
        headers=data.get("headers") or None,
    )
    for content, mimetype in data.get("alternatives", []):
        message.attach_alternative(content, mimetype)
    message.content_subtype = data.get("content_subtype", "plain")
    return message


def _send_directly(payload: dict) -> None:
    try:
        message_from_dict(payload).send()
    except OSError:
        # The action that asked for the email has already been saved; a 500 page now
        # would only make the person try again. The log says what was not sent.
        logger.exception("Could not send email to %s", payload["to"])


def _enqueue_now(payload: dict) -> None:
    from home.tasks import send_email

    if settings.CELERY_TASK_ALWAYS_EAGER:
        # No broker: send in-process, once. Celery's eager retries would run back to
        # back inside the request, up to ten SMTP timeouts long.
        _send_directly(payload)
        return
    try:
        send_email.delay(payload)
    except OperationalError:
        logger.warning("Broker unreachable: sending email to %s directly", payload["to"])
        _send_directly(payload)


def email_enqueue(*, message: EmailMessage) -> None:
    """Send `message` from a Celery worker after the current transaction commits."""
    payload = message_to_dict(message)
    transaction.on_commit(lambda: _enqueue_now(payload))
