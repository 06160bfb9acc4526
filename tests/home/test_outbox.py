"""The email outbox: nothing lost, nothing doubled (DESIGN.md, "Nothing lost").

Eager mode (no broker) throughout, except where a test stands in for the broker by
recording what would have been queued. tests/config/test_celery_worker.py does the
same through a real Redis broker and worker.
"""

import datetime
import smtplib
import threading

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from home import background, outbox, tasks
from home.models import OutboxEmail

Status = OutboxEmail.Status
URL = "/admin/outgoing-email/"


def message(to="member@example.org", subject="Your request") -> EmailMultiAlternatives:
    return EmailMultiAlternatives(subject=subject, body="Hello", to=[to])


def pending(to="member@example.org", subject="Your request", **fields) -> OutboxEmail:
    """A row as email_enqueue writes it, whose hand-over never happened."""
    return OutboxEmail.objects.create(
        payload=outbox.message_to_dict(message(to, subject)),
        to_address=to,
        subject=subject,
        **fields,
    )


def ago(**delta) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


@pytest.fixture
def queued(monkeypatch, settings):
    """A broker that is up: hand-overs are recorded, for the test to run as a worker would."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    handed_over: list[int] = []
    monkeypatch.setattr(tasks.send_notification, "delay", handed_over.append)
    return handed_over


@pytest.fixture
def broker_down(monkeypatch, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(tasks.send_notification, "delay", refuse)


@pytest.fixture
def smtp_raises(monkeypatch):
    def install(exc):
        def send_messages(self, messages):
            raise exc

        monkeypatch.setattr(
            "django.core.mail.backends.locmem.EmailBackend.send_messages", send_messages
        )

    return install


# --- Writing ----------------------------------------------------------------------


@pytest.mark.django_db
def test_an_email_is_recorded_and_sent_once_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        outbox.email_enqueue(message=message(to="Ana Núñez <Ana@Example.org>", subject="Hi"))
        assert mail.outbox == []  # not before the commit
    notification = OutboxEmail.objects.get()
    assert (notification.to_address, notification.subject) == ("Ana@Example.org", "Hi")
    assert (notification.status, notification.attempts) == (Status.SENT, 1)
    assert notification.sent_at is not None
    assert [m.to for m in mail.outbox] == [["Ana Núñez <Ana@Example.org>"]]


@pytest.mark.django_db
def test_a_rolled_back_transaction_writes_and_sends_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        outbox.email_enqueue(message=message())
        raise RuntimeError("the action failed")
    assert callbacks == []
    assert OutboxEmail.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_same_key_twice_makes_one_row_and_one_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = outbox.email_enqueue(message=message(), key="renewal:41")
        again = outbox.email_enqueue(message=message(subject="Different"), key="renewal:41")
    assert first is not None and again is None
    assert OutboxEmail.objects.count() == 1
    assert [m.subject for m in mail.outbox] == ["Your request"]


@pytest.mark.django_db
def test_emails_without_a_key_are_never_merged(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outbox.email_enqueue(message=message())
        outbox.email_enqueue(message=message())
    assert OutboxEmail.objects.count() == 2
    assert len(mail.outbox) == 2


# --- Sending ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_redelivered_task_sends_once():
    notification = pending()
    assert tasks.send_notification(notification.pk) == "sent"
    assert tasks.send_notification(notification.pk) == "skipped"
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Status.SENT, 1)


@pytest.mark.django_db
def test_a_row_another_worker_is_sending_is_left_alone():
    notification = pending(status=Status.SENDING, claimed_at=ago(minutes=1))
    assert tasks.send_notification(notification.pk) == "skipped"
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_row_whose_worker_died_mid_send_is_claimed_again():
    notification = pending(status=Status.SENDING, claimed_at=ago(minutes=20))
    assert tasks.send_notification(notification.pk) == "sent"
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_an_erased_notification_is_not_sent():
    notification = pending()
    notification.delete()
    assert tasks.send_notification(notification.pk) == "skipped"
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_temporary_smtp_failure_puts_the_email_back_to_pending(smtp_raises):
    notification = pending()
    smtp_raises(smtplib.SMTPServerDisconnected("Connection unexpectedly closed"))
    result = outbox.outbox_send(pk=notification.pk)
    assert result == outbox.SendResult("retry", retry_in=30)
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Status.PENDING, 1)
    assert notification.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert notification.next_attempt_at > timezone.now()


@pytest.mark.django_db
def test_the_task_retries_after_a_temporary_failure_and_later_sends(smtp_raises, monkeypatch):
    notification = pending()
    smtp_raises(ConnectionRefusedError("no mail server"))
    with pytest.raises(Retry):
        tasks.send_notification(notification.pk)
    monkeypatch.undo()  # the mail server is back
    assert tasks.send_notification(notification.pk) == "sent"
    notification.refresh_from_db()
    assert (notification.status, notification.attempts, notification.last_error) == (
        Status.SENT,
        2,
        "",
    )
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_after_the_last_attempt_a_temporary_failure_is_final(smtp_raises):
    notification = pending(attempts=outbox.MAX_ATTEMPTS - 1)
    smtp_raises(TimeoutError("timed out"))
    assert outbox.outbox_send(pk=notification.pk) == outbox.SendResult("failed")
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Status.FAILED, outbox.MAX_ATTEMPTS)


@pytest.mark.django_db
def test_a_permanent_smtp_failure_marks_the_email_failed(smtp_raises):
    notification = pending()
    smtp_raises(smtplib.SMTPRecipientsRefused({"member@example.org": (550, b"No such user")}))
    assert tasks.send_notification(notification.pk) == "failed"
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Status.FAILED, 1)
    assert notification.last_error.startswith("SMTPRecipientsRefused")
    assert tasks.send_notification(notification.pk) == "skipped"  # and stays failed


@pytest.mark.django_db
def test_an_email_to_forget_is_deleted_once_sent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = outbox.email_enqueue(message=message(), forget_when_done=True)
    assert len(mail.outbox) == 1
    assert not OutboxEmail.objects.filter(pk=notification.pk).exists()


@pytest.mark.django_db
def test_an_email_to_forget_waits_while_retrying_and_goes_when_it_fails_for_good(
    smtp_raises, caplog
):
    notification = pending(forget_when_done=True)
    smtp_raises(smtplib.SMTPServerDisconnected("Connection unexpectedly closed"))
    assert outbox.outbox_send(pk=notification.pk).outcome == "retry"
    assert OutboxEmail.objects.get(pk=notification.pk).status == Status.PENDING
    OutboxEmail.objects.filter(pk=notification.pk).update(next_attempt_at=None)
    smtp_raises(smtplib.SMTPRecipientsRefused({"member@example.org": (550, b"No such user")}))
    assert outbox.outbox_send(pk=notification.pk).outcome == "failed"
    assert not OutboxEmail.objects.filter(pk=notification.pk).exists()
    assert "member@example.org" not in caplog.text


@pytest.mark.django_db
def test_other_emails_stay_for_the_retention_period(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = outbox.email_enqueue(message=message())
    assert OutboxEmail.objects.get(pk=notification.pk).status == Status.SENT


@pytest.mark.parametrize(
    ("exc", "temporary"),
    [
        (ConnectionRefusedError(), True),
        (TimeoutError(), True),
        (smtplib.SMTPServerDisconnected(), True),
        (smtplib.SMTPConnectError(421, b"busy"), True),
        (OSError(101, "Network is unreachable"), True),
        (smtplib.SMTPDataError(451, b"greylisted, try later"), True),
        (smtplib.SMTPDataError(554, b"rejected"), False),
        (smtplib.SMTPAuthenticationError(535, b"bad login"), False),
        (smtplib.SMTPRecipientsRefused({}), False),
        (ValueError("bad header"), False),
    ],
)
def test_which_smtp_errors_are_worth_another_try(exc, temporary):
    assert outbox.smtp_error_is_temporary(exc) is temporary


def test_retries_back_off_up_to_an_hour():
    assert [outbox.retry_delay(n) for n in (1, 2, 3, 8, 9)] == [30, 60, 120, 3600, 3600]


# --- The sweep --------------------------------------------------------------------


@pytest.mark.django_db
def test_an_email_left_pending_by_a_broker_outage_is_sent_by_the_sweep(
    broker_down, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outbox.email_enqueue(message=message())
    notification = OutboxEmail.objects.get()
    assert notification.status == Status.PENDING
    assert mail.outbox == []

    handed_over: list[int] = []
    monkeypatch.setattr(tasks.send_notification, "delay", handed_over.append)  # broker back
    monkeypatch.setattr(background, "_down_until", 0.0)  # and the pause after it is over
    tasks.notifications_sweep()
    assert handed_over == []  # too soon: a hand-over may still be on its way

    OutboxEmail.objects.update(created_at=ago(minutes=3))
    assert tasks.notifications_sweep()["handed_over"] == 1
    assert handed_over == [notification.pk]
    for pk in handed_over:  # what the worker does with them
        tasks.send_notification(pk)
    assert [m.to for m in mail.outbox] == [["member@example.org"]]
    notification.refresh_from_db()
    assert notification.status == Status.SENT


@pytest.mark.django_db
def test_without_a_broker_the_sweep_sends_in_process():
    pending(created_at=ago(minutes=3))
    assert tasks.notifications_sweep()["handed_over"] == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_sweep_with_nothing_to_do_sends_nothing(queued):
    pending(created_at=ago(seconds=30))  # just written: its own hand-over is on the way
    pending(status=Status.SENT, sent_at=ago(days=1), created_at=ago(days=1))
    pending(status=Status.FAILED, created_at=ago(days=1))
    pending(status=Status.SENDING, claimed_at=ago(minutes=1), created_at=ago(minutes=5))
    # waiting out a retry's back-off
    pending(created_at=ago(hours=1), attempts=3, next_attempt_at=timezone.now().replace(year=3000))
    result = tasks.notifications_sweep()
    assert result == {"handed_over": 0, "left_behind": 0, "purged": 0}
    assert queued == []
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_sweep_hands_over_a_row_whose_worker_died_mid_send(queued):
    notification = pending(status=Status.SENDING, claimed_at=ago(minutes=20))
    tasks.notifications_sweep()
    assert queued == [notification.pk]


@pytest.mark.django_db
def test_the_sweep_does_not_pile_up_duplicates_while_the_worker_is_away(queued):
    notification = pending(created_at=ago(minutes=3))
    tasks.notifications_sweep()
    tasks.notifications_sweep()  # five minutes later, the worker still down
    assert queued == [notification.pk]
    OutboxEmail.objects.update(next_attempt_at=ago(seconds=1))  # 15 minutes on
    tasks.notifications_sweep()
    assert queued == [notification.pk, notification.pk]


@pytest.mark.django_db
def test_the_sweep_stops_at_the_first_broker_failure(broker_down, caplog):
    for _ in range(3):
        pending(created_at=ago(minutes=3))
    result = tasks.notifications_sweep()
    assert (result["left_behind"], result["handed_over"]) == (3, 0)
    assert caplog.text.count("Broker unreachable") == 1
    assert OutboxEmail.objects.filter(status=Status.PENDING).count() == 3


@pytest.mark.django_db
def test_the_sweep_queries_do_not_grow_with_the_number_of_rows(
    queued, django_assert_max_num_queries
):
    def sweep_queries(rows: int) -> int:
        OutboxEmail.objects.all().delete()
        for _ in range(rows):
            pending(created_at=ago(minutes=3))
        queued.clear()
        # find them, mark them handed over, purge old ones
        with django_assert_max_num_queries(3) as queries:
            assert tasks.notifications_sweep()["handed_over"] == rows
        assert len(queued) == rows
        return len(queries)

    assert sweep_queries(2) == sweep_queries(20)


@pytest.mark.django_db
def test_sent_emails_past_the_retention_period_are_deleted(settings):
    settings.NOTIFICATION_RETENTION_DAYS = 90
    old = pending(status=Status.SENT, created_at=ago(days=100), sent_at=ago(days=100))
    recent = pending(status=Status.SENT, created_at=ago(days=80), sent_at=ago(days=80))
    old_failed = pending(status=Status.FAILED, created_at=ago(days=100))
    # never deleted unsent, however old: it still has to go
    old_pending = pending(created_at=ago(days=100), next_attempt_at=ago(days=-1))
    assert tasks.notifications_sweep()["purged"] == 2
    assert set(OutboxEmail.objects.values_list("pk", flat=True)) == {recent.pk, old_pending.pk}
    assert not OutboxEmail.objects.filter(pk__in=[old.pk, old_failed.pk]).exists()


@pytest.mark.django_db
def test_the_retention_period_is_a_setting(settings):
    settings.NOTIFICATION_RETENTION_DAYS = 7
    pending(status=Status.SENT, created_at=ago(days=8), sent_at=ago(days=8))
    assert outbox.outbox_purge() == 1


# --- Erasure ------------------------------------------------------------------------


@pytest.mark.django_db
def test_forgetting_an_address_deletes_its_emails_whatever_the_letter_case():
    pending(to="Ana@Example.org")
    pending(to="ana@example.org", status=Status.SENT, sent_at=timezone.now())
    kept = pending(to="bob@example.org")
    assert outbox.outbox_forget_address("ANA@example.ORG") == 2
    assert list(OutboxEmail.objects.all()) == [kept]
    assert outbox.outbox_forget_address("") == 0


# --- Concurrency (PostgreSQL) -------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_workers_racing_for_one_email_send_it_once():
    notification = pending()
    barrier = threading.Barrier(6)
    outcomes = []

    def worker():
        try:
            barrier.wait()
            outcomes.append(outbox.outbox_send(pk=notification.pk).outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["sent"] + ["skipped"] * 5
    assert len(mail.outbox) == 1


# --- The admin list -----------------------------------------------------------------


@pytest.mark.django_db
def test_administrators_see_the_outbox_and_filter_it_by_status(admin_login, superuser):
    pending(to="waiting@example.org", subject="Still to go")
    pending(
        to="failed@example.org",
        status=Status.FAILED,
        attempts=1,
        last_error="SMTPRecipientsRefused: no such user",
    )
    client = admin_login(superuser)
    html = client.get(URL).content.decode()
    for text in ("waiting@example.org", "Still to go", "failed@example.org", "no such user"):
        assert text in html
    assert "Outgoing email" in html
    filtered = client.get(URL, {"status": "failed"}).content.decode()
    assert "failed@example.org" in filtered and "waiting@example.org" not in filtered


@pytest.mark.django_db
def test_the_outbox_list_uses_a_fixed_number_of_queries(
    admin_login, superuser, django_assert_max_num_queries
):
    client = admin_login(superuser)
    for n in range(30):
        pending(to=f"p{n}@example.org")
    with django_assert_max_num_queries(25):
        assert client.get(URL).status_code == 200


@pytest.mark.django_db
def test_staff_cannot_see_the_outbox(admin_login, staff):
    pending(to="private@example.org")
    client = admin_login(staff)
    response = client.get(URL)
    assert response.status_code in (302, 403)
    assert "private@example.org" not in response.content.decode()
    assert URL not in client.get("/admin/").content.decode()  # not in the menu either


@pytest.mark.django_db
def test_the_outbox_cannot_add_edit_or_delete(admin_login, superuser):
    notification = pending()
    client = admin_login(superuser)
    for path in ("new/", f"edit/{notification.pk}/", f"delete/{notification.pk}/"):
        assert client.get(URL + path).status_code == 404
    assert client.post(URL + f"delete/{notification.pk}/").status_code == 404
    assert OutboxEmail.objects.filter(pk=notification.pk).exists()


@pytest.mark.django_db
def test_an_administrator_sends_a_failed_email_again(
    admin_login, superuser, django_capture_on_commit_callbacks
):
    failed = pending(status=Status.FAILED, attempts=1, last_error="SMTPDataError: 554")
    sent = pending(status=Status.SENT, sent_at=timezone.now())
    client = admin_login(superuser)
    assert "Send again" in client.get(URL).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL + f"{failed.pk}/send-again/")
        client.post(URL + f"{sent.pk}/send-again/")  # not failed: nothing happens
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.SENT, 1)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_staff_cannot_send_an_email_again(admin_login, staff):
    failed = pending(status=Status.FAILED)
    response = admin_login(staff).post(URL + f"{failed.pk}/send-again/")
    assert response.status_code in (302, 403)
    failed.refresh_from_db()
    assert failed.status == Status.FAILED
