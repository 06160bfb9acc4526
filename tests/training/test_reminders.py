"""Reminders two days before a session, to the people booked, once."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from members.factories import MemberFactory
from training.factories import course_create, course_session_create
from training.services.bookings import booking_cancel, booking_make
from training.tasks import training_reminders_send

pytestmark = pytest.mark.django_db


def soon(course, **fields):
    session = course_session_create(course=course, days=3, capacity=1, **fields)
    session.starts_at = timezone.now() + datetime.timedelta(hours=40)
    session.ends_at = session.starts_at + datetime.timedelta(hours=2)
    session.save()
    return session


def test_the_people_booked_are_reminded_once(django_capture_on_commit_callbacks):
    course = course_create(title="Induction")
    session = soon(course, joining_link="https://meet.example.org/room")
    booked = MemberFactory(email="booked@example.org")
    booking = booking_make(session=session, person=booked)
    booking_make(session=session, person=MemberFactory(email="waiting@example.org"))
    mail.outbox.clear()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            training_reminders_send()
    (message,) = mail.outbox
    assert message.to == ["booked@example.org"]
    assert message.subject.startswith("Reminder: Induction")
    assert session.when in message.body
    assert "https://meet.example.org/room" in message.body
    assert f"{settings.SITE_URL}/training/bookings/{booking.pk}/cancel/" in message.body


def test_nobody_is_reminded_of_a_session_far_off_cancelled_or_a_booking_cancelled(
    django_capture_on_commit_callbacks,
):
    course = course_create()
    far = course_session_create(course=course, days=10)
    booking_make(session=far, person=MemberFactory())
    off = soon(course)
    booking_make(session=off, person=MemberFactory())
    off.cancelled_at = timezone.now()
    off.save()
    left = soon(course)
    booking_cancel(booking=booking_make(session=left, person=MemberFactory()))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = training_reminders_send()
    assert mail.outbox == [] and result["sent"] == 0


def test_people_without_email_are_counted_for_staff_to_phone():
    session = soon(course_create())
    booking_make(session=session, person=MemberFactory(email=""))
    assert training_reminders_send()["no_email"] == 1


def test_the_task_runs_on_the_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["training-reminders"]
    assert entry["task"] == "training.reminders_send"
    from config.celery import app

    assert "training.reminders_send" in app.tasks
