"""The email outbox: sending email off the request path, nothing lost, nothing doubled.

Every email goes through `email_enqueue`. It writes a row in the outbox (the
`OutboxEmail` model) in the caller's transaction and, once that commits, hands the
row's id to the Celery task `home.send_notification`. So:

- a rolled-back action leaves no row and sends nothing;
- a crash or a broker outage between the commit and the hand-over leaves the row
  pending, and `home.notifications_sweep` (Celery beat, every five minutes) sends it;
- sending first claims the row with a conditional UPDATE, so a task delivered twice,
  or a sweep racing a slow worker, sends once;
- a temporary mail-server failure puts the row back to pending and retries with
  back-off; a permanent one marks it failed, for an administrator to see in
  Admin → Settings → Outbox;
- every attempt at one email carries the same Message-ID header
  (`outbox_message_id`), so when a worker dies between the mail server taking
  the email and the row being marked sent, the second copy (see STALE_CLAIM) is one
  that mail servers and mail programs recognise as a repeat and drop.

Without a broker (CELERY_TASK_ALWAYS_EAGER, the development default) the email is
sent in-process, once, after the commit.

The row holds the whole message, attachments included (an .ics from home.calendar):
the worker sends what was queued, whatever has changed since.

The two Celery tasks live here with the work they do, because the hand-over queues one
and the other runs the sweep, which hands over: in a tasks module of their own they and
this module imported each other. home/tasks.py imports them, where Celery looks.
"""

import base64
import datetime
import logging
import re
import smtplib
from dataclasses import dataclass
from email.mime.base import MIMEBase
from email.utils import parseaddr

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.encoding import punycode

from home.background import task_enqueue
from home.models import OutboxEmail

logger = logging.getLogger(__name__)

# A host name as RFC 5322 allows on the right of a Message-ID (dot-atom-text, ASCII).
DOMAIN = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*")
# Worth another try later: the mail server was unreachable, busy or hung up. A refused
# recipient or a rejected login will not fix itself, so those fail at once.
TEMPORARY_SMTP_ERRORS = (
    ConnectionError,
    TimeoutError,
    smtplib.SMTPConnectError,
    smtplib.SMTPServerDisconnected,
)
# Ten tries, 30 s apart at first and doubling up to an hour: about three hours of a
# mail server being down before an email is marked failed.
MAX_ATTEMPTS = 10
RETRY_BACKOFF = 30
RETRY_BACKOFF_MAX = 3600
# A worker that claimed a row this long ago and never finished has died mid-send: the
# row may be claimed again. Why this long: a send that is slow but alive (each SMTP step
# may take EMAIL_TIMEOUT, 20 seconds, and a busy mail server several steps) must never be
# taken for a dead one, or every slow email would go twice. What it means: after a
# worker dies mid-send (killed, out of memory, the machine lost), that email goes out
# when the sweep next runs after the window, between 15 and 20 minutes late; and if the
# worker died after the mail server had taken it but before the row said so, it is sent
# twice, rarely, with the same Message-ID, so most mail servers and programs drop the
# repeat. A shorter window would deliver sooner and double slow sends; README "If a
# service hangs or a worker dies".
STALE_CLAIM = datetime.timedelta(minutes=15)
# A row still pending this long after it was written was not handed over (the broker
# was down, or the process died after the commit): the sweep sends it.
PENDING_GRACE = datetime.timedelta(minutes=2)
# After the sweep hands a pending row over, it leaves it alone this long before
# handing it over again (a worker that is down would otherwise collect duplicates).
SWEEP_REQUEUE_AFTER = datetime.timedelta(minutes=15)


def message_to_dict(message: EmailMessage) -> dict:
    """`message` as JSON-ready data for the outbox's row (message_from_dict reverses it).

    Attachments travel in the row too, so the worker sends exactly what was queued,
    even after the thing they describe has changed: text ones (an .ics) as text, so
    erasure and the personal-data checks can read them, others as base64. They must be
    added as (filename, content, mimetype), as `EmailMessage.attach` does: a ready-made
    MIME part cannot be carried, and is refused rather than silently dropped.
    """
    data = {
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
    if message.attachments:
        # Only when there are some: every other row's payload stays as it was.
        data["attachments"] = [attachment_to_dict(item) for item in message.attachments]
    return data


def attachment_to_dict(attachment) -> dict:
    if isinstance(attachment, MIMEBase):
        raise TypeError(
            "The outbox carries attachments added as (filename, content, mimetype); "
            "attach the content, not a MIME part"
        )
    filename, content, mimetype = attachment
    data = {"filename": filename, "mimetype": mimetype}
    if isinstance(content, str):
        data["content"] = content
    else:
        data["content_base64"] = base64.b64encode(bytes(content)).decode("ascii")
    return data


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
    for item in data.get("attachments", []):
        content = item["content"] if "content" in item else base64.b64decode(item["content_base64"])
        message.attach(item["filename"], content, item["mimetype"])
    message.content_subtype = data.get("content_subtype", "plain")
    return message


def outbox_message_id(email: OutboxEmail) -> str:
    """The Message-ID header of `email` (a row of the outbox): the same on every
    attempt to send it, different for every email (RFC 5322 msg-id, `<left@domain>`).

    Made from the row's id and creation time, which never change, so a row restored from
    a backup under a reused id gets another. Keyed with SECRET_KEY, so nobody can work
    out the next one and send a fake with it first (mail programs keep only the first
    message with a given Message-ID). The domain is the sender's.
    """
    token = salted_hmac(
        # The module's old name, kept: a new salt would give an email retried across
        # the upgrade a second Message-ID, and mail programs would keep both.
        "home.emails.notification_message_id",
        f"{email.pk}:{email.created_at.isoformat()}",
        algorithm="sha256",
    ).hexdigest()[:32]
    sender = parseaddr(email.payload.get("from_email") or settings.DEFAULT_FROM_EMAIL)[1]
    try:
        domain = punycode(sender.rpartition("@")[2].strip().lower())
    except UnicodeError:
        domain = ""
    if not DOMAIN.fullmatch(domain):
        domain = DNS_NAME.get_fqdn()  # what Django itself would have used
    return f"<{email.pk}.{token}@{domain}>"


def smtp_error_is_temporary(exc: BaseException) -> bool:
    """Would the same email go through if tried again later?"""
    if isinstance(exc, TEMPORARY_SMTP_ERRORS):
        return True
    if isinstance(exc, smtplib.SMTPResponseException):
        # 4xx replies mean "try again later" (busy, greylisting); 5xx mean no.
        return 400 <= exc.smtp_code < 500
    # Trouble below SMTP (no route to the host, a DNS lookup that failed): the network.
    return isinstance(exc, OSError) and not isinstance(exc, smtplib.SMTPException)


def retry_delay(attempts: int) -> int:
    """Seconds to wait after the `attempts`-th failed try."""
    return min(RETRY_BACKOFF * 2 ** max(attempts - 1, 0), RETRY_BACKOFF_MAX)


def email_enqueue(
    *, message: EmailMessage, key: str = "", forget_when_done: bool = False
) -> OutboxEmail | None:
    """Record `message` for sending and send it once the current transaction commits.

    With a `key`, a second call with the same key does nothing (and returns None): an
    action that runs twice still sends one email. Returns the new row of the outbox.
    With `forget_when_done`, the row (address, body, any error) is deleted as soon as
    the email is sent or has failed for good: for emails to people we must forget.
    """
    recipients = [*message.to, *message.cc, *message.bcc]
    # The bare address ("Ana <ana@example.org>" → "ana@example.org"), for erasure.
    first = (parseaddr(recipients[0])[1] or recipients[0]) if recipients else ""
    fields = {
        "payload": message_to_dict(message),
        "to_address": first[:254],
        "subject": str(message.subject)[:255],
        "forget_when_done": forget_when_done,
    }
    if key:
        email, created = OutboxEmail.objects.get_or_create(key=key, defaults=fields)
        if not created:
            return None
    else:
        email = OutboxEmail.objects.create(**fields)
    pk = email.pk
    transaction.on_commit(lambda: outbox_hand_over(pk=pk))
    return email


def outbox_hand_over(*, pk: int) -> bool:
    """Give the outbox's email `pk` to a worker (or, without a broker, send it now).

    False if the broker could not be reached: the row stays pending and the sweep
    sends it later. Never raises for a broker or mail-server failure, so the page
    that caused the email is not broken by it; a broker that hangs costs one try of
    about REDIS_TIMEOUT seconds, then none for a while (home/background.py).
    """
    if settings.CELERY_TASK_ALWAYS_EAGER:
        # No broker: send in-process, once. Celery's eager retries would run back to
        # back inside the request, up to ten SMTP timeouts long.
        outbox_send(pk=pk)
        return True
    if not task_enqueue(send_notification, pk):
        logger.warning("Notification %s waits for the sweep", pk)
        return False
    return True


@dataclass(frozen=True)
class SendResult:
    """What happened to one email: sent, skipped, retry (with a delay) or failed."""

    outcome: str
    retry_in: int | None = None


def outbox_send(*, pk: int) -> SendResult:
    """Claim the outbox's email `pk`, send it, and record the result.

    Idempotent: the claim is a conditional UPDATE (pending → sending, or a claim gone
    stale because its worker died), so only one caller sends; the others get
    "skipped", as does an email already sent, failed or erased.
    """
    now = timezone.now()
    claimed = (
        OutboxEmail.objects.filter(pk=pk)
        .filter(
            Q(status=OutboxEmail.Status.PENDING)
            | Q(status=OutboxEmail.Status.SENDING, claimed_at__lt=now - STALE_CLAIM)
        )
        .update(status=OutboxEmail.Status.SENDING, claimed_at=now)
    )
    if not claimed:
        return SendResult("skipped")
    email = OutboxEmail.objects.get(pk=pk)
    attempts = email.attempts + 1
    mine = OutboxEmail.objects.filter(pk=pk, status=OutboxEmail.Status.SENDING, claimed_at=now)
    forget = email.forget_when_done
    message = message_from_dict(email.payload)
    if not any(name.lower() == "message-id" for name in message.extra_headers):
        message.extra_headers["Message-ID"] = outbox_message_id(email)
    try:
        message.send()
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:500]
        # A refused recipient's error names the address: not in the log for people we
        # must forget.
        logged = type(exc).__name__ if forget else error
        if smtp_error_is_temporary(exc) and attempts < MAX_ATTEMPTS:
            delay = retry_delay(attempts)
            logger.warning("Notification %s not sent (%s); trying again in %ss", pk, logged, delay)
            mine.update(
                status=OutboxEmail.Status.PENDING,
                attempts=attempts,
                last_error=error,
                next_attempt_at=timezone.now() + datetime.timedelta(seconds=delay),
            )
            return SendResult("retry", retry_in=delay)
        if forget:
            logger.error("Could not send notification %s (%s); forgotten", pk, logged)
            mine.delete()
        else:
            logger.exception("Could not send notification %s", pk)
            mine.update(status=OutboxEmail.Status.FAILED, attempts=attempts, last_error=error)
        return SendResult("failed")
    if forget:
        # Sent: nothing about the person stays, not even the address it went to.
        mine.delete()
        return SendResult("sent")
    mine.update(
        status=OutboxEmail.Status.SENT,
        attempts=attempts,
        sent_at=timezone.now(),
        last_error="",
        next_attempt_at=None,
    )
    return SendResult("sent")


def outbox_send_again(*, email: OutboxEmail) -> bool:
    """Try a failed email again (an administrator fixed the address or the mail server).

    False, and nothing changes, unless it had failed: a pending or sent email is never
    sent twice this way. Its attempts start again from zero.
    """
    reset = OutboxEmail.objects.filter(pk=email.pk, status=OutboxEmail.Status.FAILED).update(
        status=OutboxEmail.Status.PENDING, attempts=0, next_attempt_at=None
    )
    if reset:
        pk = email.pk
        transaction.on_commit(lambda: outbox_hand_over(pk=pk))
    return bool(reset)


def outbox_sweep() -> dict:
    """Hand over emails left behind; delete sent ones past the retention period.

    Left behind: pending for longer than PENDING_GRACE (the broker was down at commit,
    or the process died before handing over) and not waiting for a retry, or claimed
    by a worker that died mid-send (STALE_CLAIM). Set-based: three queries whatever
    the number of rows, plus the hand-over of each (one message to the broker each).
    Run by Celery beat every five minutes; safe to run twice.
    """
    now = timezone.now()
    left_behind = list(
        OutboxEmail.objects.filter(
            Q(
                Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
                status=OutboxEmail.Status.PENDING,
                created_at__lte=now - PENDING_GRACE,
            )
            | Q(status=OutboxEmail.Status.SENDING, claimed_at__lt=now - STALE_CLAIM)
        )
        .order_by("created_at")
        .values_list("pk", flat=True)
    )
    handed_over = []
    for pk in left_behind:
        if not outbox_hand_over(pk=pk):
            break  # the broker is down: no use trying every row; the next sweep will
        handed_over.append(pk)
    if handed_over and not settings.CELERY_TASK_ALWAYS_EAGER:
        requeue_at = now + SWEEP_REQUEUE_AFTER
        OutboxEmail.objects.filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lt=requeue_at),
            pk__in=handed_over,
            status=OutboxEmail.Status.PENDING,
        ).update(next_attempt_at=requeue_at)
    purged = outbox_purge(now=now)
    return {"handed_over": len(handed_over), "left_behind": len(left_behind), "purged": purged}


def outbox_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete sent (and long-failed) emails older than NOTIFICATION_RETENTION_DAYS.

    They hold people's addresses and messages; past the retention period they are no
    longer needed to answer "did they get the email?". One DELETE statement.
    """
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.NOTIFICATION_RETENTION_DAYS)
    deleted, _ = OutboxEmail.objects.filter(
        Q(status=OutboxEmail.Status.SENT, sent_at__lt=cutoff)
        | Q(status=OutboxEmail.Status.FAILED, created_at__lt=cutoff)
    ).delete()
    return deleted


def outbox_forget_address(address: str) -> int:
    """Delete every email to `address` (any letter case), sent or not. For erasure.

    Returns the number deleted. Emails not yet sent are deleted too: a goodbye email
    queued before this call is never sent; one queued after it with `forget_when_done`
    is deleted as soon as it is sent or has failed for good.
    """
    if not address:
        return 0
    deleted, _ = OutboxEmail.objects.filter(to_address__iexact=address.strip()).delete()
    return deleted


# --- The Celery tasks (their names are the ones queued before this module was named) ---


# max_retries is a backstop only: the row's own attempt count decides when to give up.
@shared_task(name="home.send_notification", bind=True, max_retries=MAX_ATTEMPTS)
def send_notification(self, pk: int) -> str:
    """Send the outbox's email `pk` once, however often this task is delivered.

    After a temporary mail-server failure the row is back to pending and the task is
    retried with back-off; if that retry is lost, the sweep finds the row.
    """
    result = outbox_send(pk=pk)
    if result.retry_in is not None:
        raise self.retry(countdown=result.retry_in)
    return result.outcome


@shared_task(name="home.notifications_sweep")
def notifications_sweep() -> dict:
    """Every five minutes (Celery beat): send what was left behind, purge old rows."""
    return outbox_sweep()
