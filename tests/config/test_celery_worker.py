"""A task travels through the real Redis broker to a real worker.

Kept apart from eager-mode tests: the worker changes the app's configuration for
as long as it runs, and the fixture puts it back afterwards.
"""

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from config.celery import app
from home.emails import email_enqueue
from tests.helpers import wait_for

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_an_email_is_sent_by_a_worker_through_redis(redis_worker, settings, monkeypatch):
    assert app.conf.broker_url.startswith("redis://")
    settings.CELERY_TASK_ALWAYS_EAGER = False  # what production with a broker has

    def no_fallback(*args, **kwargs):
        raise AssertionError("the email was sent in-process, not by the worker")

    monkeypatch.setattr("home.emails._send_directly", no_fallback)
    message = EmailMultiAlternatives(
        subject="Through the broker", body="Hello", to=["member@example.org"]
    )
    email_enqueue(message=message)  # outside a transaction: enqueued at once
    assert wait_for(lambda: any(m.subject == "Through the broker" for m in mail.outbox)), (
        "the worker did not send the email within 20 seconds"
    )
    assert mail.outbox[-1].to == ["member@example.org"]
