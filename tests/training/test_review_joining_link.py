"""Review of issue 15: an online session's joining link goes only to people booked on
it, so a calendar entry that takes a booking away (the booking or the session
cancelled) carries the course's page instead."""

import pytest
from django.core import mail

from members.factories import MemberFactory
from training.factories import course_create, course_session_create
from training.services.bookings import booking_cancel, booking_make
from training.services.sessions import session_cancel

pytestmark = pytest.mark.django_db
LINK = "https://meet.example.org/secret-room"


def _calendar_text(message) -> str:
    (attachment,) = [a for a in message.attachments if a[2].startswith("text/calendar")]
    return attachment[1].replace("\r\n ", "")


def test_a_cancelled_session_s_calendar_update_does_not_carry_the_joining_link(
    staff, django_capture_on_commit_callbacks
):
    session = course_session_create(course=course_create(), joining_link=LINK)
    person = MemberFactory(email="booked@example.org")
    booking_make(session=session, person=person)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=session, by=staff, reason="The trainer is unwell.")
    (message,) = [m for m in mail.outbox if m.to == ["booked@example.org"]]
    assert "METHOD:CANCEL" in _calendar_text(message)
    assert LINK not in _calendar_text(message) and LINK not in message.body


def test_a_cancelled_booking_s_calendar_update_does_not_carry_the_joining_link(
    django_capture_on_commit_callbacks,
):
    session = course_session_create(course=course_create(), joining_link=LINK)
    person = MemberFactory(email="booked@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        booking = booking_make(session=session, person=person)
    assert LINK in _calendar_text(mail.outbox[-1])  # booked: they have it
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking=booking)
    (message,) = mail.outbox
    assert "METHOD:CANCEL" in _calendar_text(message)
    assert LINK not in _calendar_text(message) and LINK not in message.body
