"""Reminders sent once: "your session is on Tuesday" two days before, however often the
beat task that asks for them runs.

Who calls it: the Celery beat tasks of training (issue 15: sessions booked), group
meetings (issue 17: members who said they will come) and opportunity sessions (issue
14). Each task picks what starts soon with `reminder_window` and hands the people over:

    start_after, start_by = reminder_window(now=now)
    due = [
        Reminder(person=booking.person, about=f"training-session:{s.pk}",
                 starts_at=s.starts_at, ends_at=s.ends_at,
                 context={"title": s.course.title, "location": s.place, "url": …})
        for s in sessions.filter(starts_at__gt=start_after, starts_at__lte=start_by)
        for booking in s.bookings.booked()
    ]
    result = reminders_send(due=due)  # or template="training/email/reminder"
    # result.sent, .already_sent, .no_email (people to phone), .not_due

Why no table of its own: each reminder is queued through the outbox with an
idempotency key made of what it is about, when that starts and who it is for. The
outbox's keys are unique in the database (home_outbox_unique_key), and `email_enqueue`
does nothing for a key it has seen, so running the task twice, or two workers at
once, queues each reminder once. That holds while the row is kept: sent rows are kept
NOTIFICATION_RETENTION_DAYS (90), far longer than the window. Because the start is in
the key, an event that moves is reminded again for its new date.
"""

import datetime
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from home import datetimes
from home.models import OrganisationSettings, OutboxEmail
from home.outbox import email_enqueue

__all__ = [
    "REMINDER_NOTICE",
    "Reminder",
    "RemindersSent",
    "reminder_is_due",
    "reminder_key",
    "reminder_window",
    "reminders_send",
]

logger = logging.getLogger(__name__)

# "Two days before": a reminder is due once the start is this close, until it starts.
REMINDER_NOTICE = datetime.timedelta(hours=48)
KEY_LENGTH = 200  # OutboxEmail.key's max_length


class Person(Protocol):
    """Anyone with a primary key and an email address (None or blank when they have
    none): a members User, without home importing members."""

    pk: Any
    email: str | None


@dataclass(frozen=True)
class Reminder:
    """One person to remind about one thing.

    `about` names the thing, stable and short: "training-session:42", "meeting:7".
    `context` goes to the email's templates, with `user` (the person), `starts_at`,
    `ends_at`, `when` ("Tuesday 12 January 2027, 6pm to 8pm"), `organisation` and
    `site_url` added. The default template, home/email/reminder, also shows `title`,
    and if given `location`, `url` (its page) and `cancel_url` (how to say you cannot
    come).
    """

    person: Person
    about: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None = None
    context: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        # A naive start would be compared and keyed on the server's clock, not the UK's.
        if timezone.is_naive(self.starts_at) or (self.ends_at and timezone.is_naive(self.ends_at)):
            raise ValueError("A reminder's start and end must be aware date-times")


@dataclass
class RemindersSent:
    """What one run did. `no_email` lists the people (their pks) who have no email
    address: staff remind them by phone or post. Every run in the window lists them
    again; the caller decides how staff hear of them (say, on the run where the start
    is first within the notice)."""

    sent: int = 0
    already_sent: int = 0
    not_due: int = 0
    no_email: list = field(default_factory=list)


def reminder_window(
    *, now: datetime.datetime, notice: datetime.timedelta = REMINDER_NOTICE
) -> tuple[datetime.datetime, datetime.datetime]:
    """(after, by): things starting after `after` and by `by` are due a reminder.
    For a query: `starts_at__gt=after, starts_at__lte=by`."""
    return now, now + notice


def reminder_is_due(
    *,
    starts_at: datetime.datetime,
    now: datetime.datetime,
    notice: datetime.timedelta = REMINDER_NOTICE,
) -> bool:
    """Is a reminder due now? Yes once the start is `notice` away or less, until it
    starts; never after. The same rule as `reminder_window`."""
    after, by = reminder_window(now=now, notice=notice)
    return after < starts_at <= by


def reminder_key(reminder: Reminder) -> str:
    """The outbox key: one per thing, start and person, so one email each."""
    start = reminder.starts_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    key = f"reminder:{reminder.about}:{start}:{reminder.person.pk}"
    if len(key) > KEY_LENGTH:
        raise ValueError(f"`about` is too long for an outbox key: {reminder.about!r}")
    return key


def reminders_send(
    *,
    due: Iterable[Reminder],
    template: str = "home/email/reminder",
    now: datetime.datetime | None = None,
    notice: datetime.timedelta = REMINDER_NOTICE,
    reply_to: str = "",
) -> RemindersSent:
    """Queue one reminder email to each person in `due`, once ever.

    `template` names two templates, as every email's are: `template`_subject.txt and
    `template`.txt; the default one suits a session or a meeting (see Reminder).

    A reminder whose start is not within `notice` of `now` (it has started, or is
    still far off) is skipped: the caller's query and this rule may disagree by the
    seconds between them. A reminder already queued by an earlier run (or by another
    worker at the same time) is not queued again. Replies go to `reply_to`, or else
    the organisation's contact address.

    Each email is its own row, committed as it is queued: a run that stops half-way
    leaves the rest to the next run.
    """
    now = now or timezone.now()
    result = RemindersSent()
    organisation = OrganisationSettings.for_default_site()
    reply_to = reply_to or organisation.contact_email
    to_send: list[tuple[Reminder, str]] = []
    for reminder in due:
        if not reminder_is_due(starts_at=reminder.starts_at, now=now, notice=notice):
            result.not_due += 1
        elif not reminder.person.email:
            logger.info(
                "User %s has no email address: remind them by phone or post", reminder.person.pk
            )
            result.no_email.append(reminder.person.pk)
        else:
            to_send.append((reminder, reminder_key(reminder)))
    # A beat task that runs every hour meets each reminder about 48 times: one query
    # finds those already queued, so only new ones are rendered. email_enqueue's key
    # still decides, for a worker racing this one.
    keys = [key for _, key in to_send]
    seen = set()
    for chunk in range(0, len(keys), 500):  # within any database's limit on parameters
        seen.update(
            OutboxEmail.objects.filter(key__in=keys[chunk : chunk + 500]).values_list(
                "key", flat=True
            )
        )
    for reminder, key in to_send:
        if key in seen:
            result.already_sent += 1
            continue
        queued = email_enqueue(
            message=_message(reminder, template, organisation, reply_to), key=key
        )
        if queued is None:
            result.already_sent += 1
        else:
            result.sent += 1
            seen.add(key)  # the same person twice in one list: one email
    return result


def _message(
    reminder: Reminder, template: str, organisation: OrganisationSettings, reply_to: str
) -> EmailMultiAlternatives:
    context = {
        "site_url": settings.SITE_URL,
        "organisation": organisation,
        **reminder.context,
        "user": reminder.person,  # as in every other email's templates
        "starts_at": reminder.starts_at,
        "ends_at": reminder.ends_at,
        "when": (
            datetimes.format_range(reminder.starts_at, reminder.ends_at)
            if reminder.ends_at
            else datetimes.format_datetime(reminder.starts_at)
        ),
    }
    # A beat task has no request, so no language was chosen: the site's.
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    return EmailMultiAlternatives(
        # One line, whatever was typed into a title: a line break would be refused.
        subject=" ".join(subject.split()),
        body=body,
        to=[reminder.person.email],
        reply_to=[reply_to] if reply_to else None,
    )
