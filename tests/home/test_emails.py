import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from kombu.exceptions import OperationalError

from home import emails


def test_a_message_survives_the_trip_through_json():
    import json

    message = EmailMultiAlternatives(
        subject="Hello Zoë",
        body="plain",
        from_email="a@example.org",
        to=["b@example.org"],
        reply_to=["c@example.org"],
        headers={"X-Tag": "1"},
    )
    message.attach_alternative("<p>html</p>", "text/html")
    again = emails.message_from_dict(json.loads(json.dumps(emails.message_to_dict(message))))
    assert (again.subject, again.body, again.to, again.reply_to) == (
        "Hello Zoë",
        "plain",
        ["b@example.org"],
        ["c@example.org"],
    )
    assert again.alternatives[0][0] == "<p>html</p>"
    assert again.extra_headers == {"X-Tag": "1"}


@pytest.mark.django_db
def test_the_email_waits_for_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        emails.email_enqueue(message=EmailMultiAlternatives("s", "b", to=["x@example.org"]))
    assert len(callbacks) == 1  # waits for the commit
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_broker_outage_leaves_the_email_pending_for_the_sweep(
    monkeypatch, settings, django_capture_on_commit_callbacks, caplog
):
    from home import tasks
    from home.models import Notification

    settings.CELERY_TASK_ALWAYS_EAGER = False  # as with a broker configured

    def broker_down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(tasks.send_notification, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        emails.email_enqueue(message=EmailMultiAlternatives("s", "b", to=["x@example.org"]))
    assert mail.outbox == []
    assert Notification.objects.get().status == Notification.Status.PENDING
    assert "waits for the sweep" in caplog.text


@pytest.mark.django_db
def test_without_a_broker_a_failing_mail_server_does_not_break_the_page(
    monkeypatch, django_capture_on_commit_callbacks, caplog
):
    from home.models import Notification

    def smtp_down(self, *args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", smtp_down)
    with django_capture_on_commit_callbacks(execute=True):
        emails.email_enqueue(message=EmailMultiAlternatives("s", "b", to=["x@example.org"]))
    notification = Notification.objects.get()
    assert f"Notification {notification.pk} not sent" in caplog.text
    assert notification.status == Notification.Status.PENDING  # the sweep tries again
