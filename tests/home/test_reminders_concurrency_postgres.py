"""Two beat workers reminding the same people at the same moment send each reminder once.

The outbox's unique key is the guard: both workers may find nothing queued, then both
try to queue; the database lets one row per key through. Needs PostgreSQL (SQLite has
one writer at a time, so there is no race to lose).
"""

import datetime
import threading
from dataclasses import dataclass

import pytest
from django.core import mail
from django.db import connection

from home.models import OrganisationSettings, OutboxEmail
from home.reminders import Reminder, reminders_send

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

NOW = datetime.datetime(2027, 1, 10, 18, 0, tzinfo=datetime.UTC)
START = NOW + datetime.timedelta(hours=47)


@dataclass(frozen=True)
class Person:
    pk: int
    email: str


def test_two_workers_at_once_send_each_reminder_once(baseline):
    OrganisationSettings.for_default_site()  # made once here, not raced for by the workers
    due = [
        Reminder(
            person=Person(pk, f"person{pk}@example.org"),
            about="training-session:42",
            starts_at=START,
            context={"title": "Induction"},
        )
        for pk in range(1, 21)
    ]
    barrier = threading.Barrier(2)
    results = []

    def worker():
        try:
            barrier.wait(timeout=10)
            results.append(reminders_send(due=due, now=NOW))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(results) == 2
    assert sum(result.sent for result in results) == 20
    assert sum(result.already_sent for result in results) == 20
    assert OutboxEmail.objects.filter(key__startswith="reminder:").count() == 20
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.person.email for p in due)
