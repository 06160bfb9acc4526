import datetime
import re

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from kombu.exceptions import OperationalError

from home import outbox


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
    again = outbox.message_from_dict(json.loads(json.dumps(outbox.message_to_dict(message))))
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
        outbox.email_enqueue(message=EmailMultiAlternatives("s", "b", to=["x@example.org"]))
    assert len(callbacks) == 1  # waits for the commit
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_broker_outage_leaves_the_email_pending_for_the_sweep(
    monkeypatch, settings, django_capture_on_commit_callbacks, caplog
):
    from home import tasks
    from home.models import OutboxEmail

    settings.CELERY_TASK_ALWAYS_EAGER = False  # as with a broker configured

    def broker_down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(tasks.send_notification, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        outbox.email_enqueue(message=EmailMultiAlternatives("s", "b", to=["x@example.org"]))
    assert mail.outbox == []
    assert OutboxEmail.objects.get().status == OutboxEmail.Status.PENDING
    assert "waits for the sweep" in caplog.text


@pytest.mark.django_db
def test_without_a_broker_a_failing_mail_server_does_not_break_the_page(
    monkeypatch, django_capture_on_commit_callbacks, caplog
):
    from home.models import OutboxEmail

    def smtp_down(self, *args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", smtp_down)
    with django_capture_on_commit_callbacks(execute=True):
        outbox.email_enqueue(message=EmailMultiAlternatives("s", "b", to=["x@example.org"]))
    notification = OutboxEmail.objects.get()
    assert f"Notification {notification.pk} not sent" in caplog.text
    assert notification.status == OutboxEmail.Status.PENDING  # the sweep tries again


# --- Message-ID: a repeat that mail servers recognise --------------------------------

# RFC 5322 msg-id: "<" dot-atom-text "@" dot-atom-text ">" (the forms we make).
ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
DOT_ATOM = rf"{ATEXT}(?:\.{ATEXT})*"
MSG_ID = re.compile(rf"<{DOT_ATOM}@{DOT_ATOM}>")


def sent_message_ids() -> list[str]:
    return [m.message()["Message-ID"] for m in mail.outbox]


@pytest.mark.django_db
def test_a_notification_sent_again_after_a_worker_died_has_the_same_message_id(
    django_capture_on_commit_callbacks,
):
    from home.models import OutboxEmail

    with django_capture_on_commit_callbacks(execute=True):
        outbox.email_enqueue(message=EmailMultiAlternatives("s", "b", to=["x@example.org"]))
    # The worker that sent it died before recording so: the claim goes stale and the
    # sweep's hand-over sends it again.
    OutboxEmail.objects.update(
        status=OutboxEmail.Status.SENDING,
        claimed_at=timezone.now() - outbox.STALE_CLAIM - datetime.timedelta(seconds=1),
    )
    assert outbox.outbox_send(pk=OutboxEmail.objects.get().pk).outcome == "sent"
    first, second = sent_message_ids()
    assert first == second
    assert MSG_ID.fullmatch(first), first


@pytest.mark.django_db
def test_every_notification_has_a_message_id_of_its_own_on_the_senders_domain(
    settings, django_capture_on_commit_callbacks
):
    settings.DEFAULT_FROM_EMAIL = "Involvement team <involve@northfield.example.org>"
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            outbox.email_enqueue(message=EmailMultiAlternatives("s", "b", to=["x@example.org"]))
    one, two = sent_message_ids()
    assert one != two
    assert one.endswith("@northfield.example.org>") and two.endswith("@northfield.example.org>")
    assert all(MSG_ID.fullmatch(message_id) for message_id in (one, two))


@pytest.mark.django_db
def test_the_message_id_stays_valid_whatever_the_sender_looks_like():
    from home.models import OutboxEmail

    for sender in ["Zoë <zoe@bücher.example>", "no-address", "a@[127.0.0.1]", ""]:
        notification = OutboxEmail.objects.create(payload={"from_email": sender})
        assert MSG_ID.fullmatch(outbox.outbox_message_id(notification)), sender
