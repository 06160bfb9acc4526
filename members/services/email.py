"""The one way services email a person (queued after commit; none for people without an address)."""

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from home.models import OrganisationSettings
from home.outbox import email_enqueue
from members.models import User

logger = logging.getLogger(__name__)


def email_person(
    *,
    user: User,
    template: str,
    context: dict,
    reply_to: str = "",
    key: str = "",
    forget_when_done: bool = False,
    attach: Callable[[EmailMultiAlternatives], None] | None = None,
) -> bool:
    """Render `template`_subject.txt and `template`.txt and queue the email.

    Every email from this app invites a reply, which goes to `reply_to` or else to the
    organisation's contact address. False (nothing sent) for people without an email
    address: members registered by staff may be contacted only by phone or post.
    `key` makes it idempotent: a second email with the same key is never sent (and
    this returns False). `forget_when_done`: the outbox deletes it once sent or failed
    for good (home.outbox.email_enqueue), for people who asked us to forget them.
    `attach` adds to the message before it is queued, such as a calendar entry:
    `attach=lambda message: ics_attach(message=message, event=event)` (home.calendar).
    """
    if not user.email:
        logger.info("User %s has no email address: contact by phone or post", user.pk)
        return False
    organisation = OrganisationSettings.for_default_site()
    context = {"user": user, "site_url": settings.SITE_URL, "organisation": organisation, **context}
    reply_to = reply_to or organisation.contact_email
    message = EmailMultiAlternatives(
        # One line, whatever was typed into a title: a line break would be refused.
        subject=" ".join(render_to_string(f"{template}_subject.txt", context).split()),
        body=render_to_string(f"{template}.txt", context),
        to=[user.email],
        reply_to=[reply_to] if reply_to else None,
    )
    if attach is not None:
        attach(message)
    notification = email_enqueue(
        message=message,
        key=key,
        forget_when_done=forget_when_done,
    )
    return notification is not None
