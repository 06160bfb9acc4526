"""Sessions added, changed and cancelled: who is told, and their calendar entries
(the same UID, a higher SEQUENCE; METHOD:CANCEL when it is off)."""

import datetime

import pytest
from django.core import mail

from members.factories import MemberFactory
from training.factories import course_create, course_session_create
from training.models import Booking, CourseSession
from training.services import TrainingError
from training.services.sessions import session_cancel, session_create, session_update

pytestmark = pytest.mark.django_db


def calendar(message) -> tuple[str, dict]:
    """The method and the properties of the .ics attached to `message`."""
    (attachment,) = [a for a in message.attachments if a[2].startswith("text/calendar")]
    _name, text, mimetype = attachment
    unfolded = text.replace("\r\n ", "")
    props = {}
    for line in unfolded.split("\r\n"):
        if ":" in line:
            key, value = line.split(":", 1)
            props.setdefault(key.split(";")[0], value)
    return mimetype.split("method=")[1], props


@pytest.fixture
def course():
    return course_create(title="Research for beginners")


@pytest.fixture
def people():
    return {
        "booked": MemberFactory(email="booked@example.org", name="Aoife Byrne"),
        "waiting": MemberFactory(email="waiting@example.org", name="Kwame Mensah"),
        "no_email": MemberFactory(email=None, name="Joan Price", verified=False),
    }


def book(session, person, status=Booking.Status.BOOKED, **fields):
    queue = None
    if status == Booking.Status.WAITING:
        queue = (session.bookings.filter(queue_number__isnull=False).count() or 0) + 1
    return Booking.objects.create(
        session=session, person=person, status=status, queue_number=queue, **fields
    )


@pytest.fixture
def session(course, people):
    session = course_session_create(course=course, capacity=2)
    book(session, people["booked"], access_needs="Needs a hearing loop")
    book(session, people["no_email"])
    book(session, people["waiting"], status=Booking.Status.WAITING)
    return session


def by_address():
    return {message.to[0]: message for message in mail.outbox}


def test_a_new_session_is_made_and_tells_nobody(course, staff, django_capture_on_commit_callbacks):
    start = datetime.datetime(2030, 3, 5, 18, tzinfo=datetime.UTC)
    with django_capture_on_commit_callbacks(execute=True):
        session = session_create(
            course=course,
            by=staff,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            mode=CourseSession.Mode.IN_PERSON,
            place="Room 4, Civic Centre",
            capacity=10,
        )
    assert session.course == course and session.created_by == staff
    assert mail.outbox == []


def test_a_new_in_person_session_needs_a_place(course, staff):
    from django.core.exceptions import ValidationError

    start = datetime.datetime(2030, 3, 5, 18, tzinfo=datetime.UTC)
    with pytest.raises(ValidationError):
        session_create(
            course=course,
            by=staff,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            mode=CourseSession.Mode.IN_PERSON,
        )


def test_moving_a_session_emails_the_booked_an_updated_calendar_entry_with_the_same_uid(
    session, people, staff, django_capture_on_commit_callbacks
):
    booking = session.bookings.get(person=people["booked"])
    before = booking.calendar_event(url="")
    with django_capture_on_commit_callbacks(execute=True):
        news = session_update(
            session=session,
            by=staff,
            starts_at=session.starts_at + datetime.timedelta(days=1),
            ends_at=session.ends_at + datetime.timedelta(days=1),
        )
    session.refresh_from_db()
    assert session.sequence == 1
    sent = by_address()
    method, props = calendar(sent["booked@example.org"])
    assert method == "REQUEST"
    assert props["UID"] == before.uid
    assert int(props["SEQUENCE"]) > before.sequence
    assert "When: now" in sent["booked@example.org"].body
    # The waiting list hears, without a calendar file.
    assert sent["waiting@example.org"].attachments == []
    assert "waiting list" in sent["waiting@example.org"].body
    # Nobody is told anyone's access needs.
    assert all("hearing loop" not in m.body for m in mail.outbox)
    # The person without email is listed for staff to phone or write to.
    assert news.not_emailed == [people["no_email"]]
    assert news.emailed == 2


def test_a_new_joining_link_goes_to_the_booked_only(
    session, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        session_update(session=session, by=staff, joining_link="https://meet.example.org/new")
    sent = by_address()
    assert "https://meet.example.org/new" in sent["booked@example.org"].body
    assert "waiting@example.org" not in sent  # nothing that concerns them changed


def test_a_change_nobody_is_told_about_leaves_the_sequence(
    session, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        news = session_update(session=session, by=staff, facilitator="Priya Shah")
    session.refresh_from_db()
    assert session.sequence == 0 and session.facilitator == "Priya Shah"
    assert news.changes == [] and mail.outbox == []


def test_fewer_places_than_people_booked_is_refused(session, staff):
    with pytest.raises(TrainingError, match="at least 2 places"):
        session_update(session=session, by=staff, capacity=1)
    session.refresh_from_db()
    assert session.capacity == 2


def test_cancelling_emails_a_calendar_cancellation_and_the_reason(
    session, people, staff, django_capture_on_commit_callbacks
):
    booking = session.bookings.get(person=people["booked"])
    uid = booking.calendar_event(url="").uid
    with django_capture_on_commit_callbacks(execute=True):
        news = session_cancel(session=session, by=staff, reason="The trainer is unwell.")
    sent = by_address()
    method, props = calendar(sent["booked@example.org"])
    assert method == "CANCEL"
    assert props["UID"] == uid
    assert props["SEQUENCE"] == "1"
    assert props["STATUS"] == "CANCELLED"
    assert "The trainer is unwell." in sent["booked@example.org"].body
    assert sent["waiting@example.org"].attachments == []
    assert "The trainer is unwell." in sent["waiting@example.org"].body
    assert news.not_emailed == [people["no_email"]]
    session.refresh_from_db()
    assert session.is_cancelled and session.cancelled_reason == "The trainer is unwell."
    # The bookings go with it, and still say who had a place and who was waiting.
    assert set(session.bookings.values_list("status", flat=True)) == {Booking.Status.CANCELLED}
    assert session.bookings.get(person=people["waiting"]).queue_number == 1


def test_a_cancelled_session_cannot_be_cancelled_or_changed_again(session, staff):
    session_cancel(session=session, by=staff, reason="Room flooded")
    with pytest.raises(TrainingError):
        session_cancel(session=session, by=staff, reason="Again")
    with pytest.raises(TrainingError):
        session_update(session=session, by=staff, facilitator="Someone")


def test_cancelling_needs_a_reason(session, staff):
    with pytest.raises(TrainingError):
        session_cancel(session=session, by=staff, reason="   ")


def test_each_email_is_sent_once_even_if_the_same_change_is_retold(
    session, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        session_update(session=session, by=staff, place="", facilitator="A")
        session_update(
            session=session,
            by=staff,
            starts_at=session.starts_at + datetime.timedelta(hours=1),
            ends_at=session.ends_at + datetime.timedelta(hours=1),
        )
    assert len([m for m in mail.outbox if m.to == ["booked@example.org"]]) == 1


def test_more_places_go_to_the_longest_waiting_with_an_email(
    session, staff, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        session_update(session=session, by=staff, capacity=3)
    waiting = Booking.objects.get(person=people["waiting"])
    assert waiting.status == Booking.Status.BOOKED
    assert waiting.place_given_at is not None
    method, _props = calendar(by_address()["waiting@example.org"])
    assert method == "REQUEST"


def test_a_session_whose_register_is_taken_cannot_move(course, staff, people):
    held = course_session_create(course=course, days=-1)
    book(held, people["booked"], attendance=Booking.Attendance.ATTENDED)
    with pytest.raises(TrainingError, match="register for this session has been taken"):
        session_update(
            session=held, by=staff, starts_at=held.starts_at - datetime.timedelta(hours=1)
        )
    session_update(session=held, by=staff, facilitator="Dr Amara Okafor")  # other changes: fine
