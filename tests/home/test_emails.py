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
def test_nothing_is_sent_if_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        emails.email_enqueue(message=EmailMultiAlternatives("s", "b", to=["x@example.org"]))
    assert len(callbacks) == 1  # waits for the commit
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_broker_outage_sends_the_email_directly(
    monkeypatch, settings, django_capture_on_commit_callbacks
):
    from home import tasks

    settings.CELERY_TASK_ALWAYS_EAGER = False  # as with a broker configured

    def broker_down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(tasks.send_email, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        emails.email_enqueue(message=EmailMultiAlternatives("s", "b", to=["x@example.org"]))
    assert [m.to for m in mail.outbox] == [["x@example.org"]]


@pytest.mark.django_db
def test_without_a_broker_a_failing_mail_server_does_not_break_the_page(
    monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def smtp_down(self, *args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", smtp_down)
    with django_capture_on_commit_callbacks(execute=True):
        emails.email_enqueue(message=EmailMultiAlternatives("s", "b", to=["x@example.org"]))
    assert "Could not send email to ['x@example.org']" in caplog.text
