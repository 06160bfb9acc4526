"""Emails travel through the real Redis broker to a real worker.

Kept apart from eager-mode tests: the worker changes the app's configuration for
as long as it runs, and the fixture puts it back afterwards.
"""

import datetime
import threading
import time

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from config.celery import app
from home import background, tasks
from home.models import OutboxEmail
from home.outbox import email_enqueue
from tests.helpers import wait_for

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sending_threads(monkeypatch):
    """The threads that sent notifications: the worker's, never the test's own."""
    from home import outbox

    real = outbox.outbox_send
    threads = []

    def recorded(*, pk):
        threads.append(threading.current_thread())
        return real(pk=pk)

    monkeypatch.setattr(outbox, "outbox_send", recorded)
    return threads


def sent_with(subject: str) -> list:
    return [m for m in mail.outbox if m.subject == subject]


def test_an_email_committed_while_the_worker_runs_arrives_once(
    redis_worker, settings, sending_threads
):
    assert app.conf.broker_url.startswith("redis://")
    settings.CELERY_TASK_ALWAYS_EAGER = False  # what production with a broker has
    with transaction.atomic():
        email_enqueue(
            message=EmailMultiAlternatives(
                subject="Through the broker", body="Hello", to=["member@example.org"]
            )
        )
    assert wait_for(lambda: sent_with("Through the broker")), (
        "the worker did not send the email within 20 seconds"
    )
    notification = OutboxEmail.objects.get()
    assert wait_for(lambda: OutboxEmail.objects.get().status == OutboxEmail.Status.SENT)
    # The same task delivered again (a redelivery after a lost acknowledgement).
    tasks.send_notification.delay(notification.pk)
    time.sleep(2)  # give a duplicate, if sending were not idempotent, time to arrive
    assert [m.to for m in sent_with("Through the broker")] == [["member@example.org"]]
    assert sending_threads and threading.current_thread() not in sending_threads


def test_an_email_whose_hand_over_was_lost_is_sent_by_the_sweep_through_the_worker(
    redis_worker, settings, monkeypatch, sending_threads
):
    settings.CELERY_TASK_ALWAYS_EAGER = False

    def broker_down(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as outage:
        outage.setattr(tasks.send_notification, "delay", broker_down)
        email_enqueue(
            message=EmailMultiAlternatives(
                subject="After the outage", body="Hello", to=["member@example.org"]
            )
        )
    time.sleep(1)
    assert sent_with("After the outage") == []
    assert OutboxEmail.objects.get().status == OutboxEmail.Status.PENDING
    # The broker is back, and this process's pause after the failure is over.
    monkeypatch.setattr(background, "_down_until", 0.0)

    OutboxEmail.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=3))
    tasks.notifications_sweep.delay()  # as Celery beat does every five minutes
    assert wait_for(lambda: sent_with("After the outage")), "the sweep did not send the email"
    assert wait_for(lambda: OutboxEmail.objects.get().status == OutboxEmail.Status.SENT)
    tasks.notifications_sweep.delay()  # a second sweep finds nothing left to send
    time.sleep(2)
    assert len(sent_with("After the outage")) == 1
    assert sending_threads and threading.current_thread() not in sending_threads
