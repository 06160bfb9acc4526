"""Completing a course by attending: one sitting of every required part, not one part
of two; another date of the same part is enough; optional and cancelled sessions do not
count; un-marking does not undo it."""

import pytest

from members.factories import MemberFactory
from training.factories import course_create, course_session_create
from training.hooks import course_completed
from training.models import Booking, Completion
from training.services.attendance import attendance_record

pytestmark = pytest.mark.django_db

ATTENDED, ABSENT = Booking.Attendance.ATTENDED, Booking.Attendance.ABSENT


@pytest.fixture
def course():
    return course_create(title="Induction")


@pytest.fixture
def two_sessions(course):
    """A course given in two parts."""
    return (
        course_session_create(course=course, days=-8, part=1),
        course_session_create(course=course, days=-1, part=2),
    )


def test_one_of_two_required_sessions_is_not_a_completion(staff, two_sessions, book):
    first, _second = two_sessions
    booking = book(first, MemberFactory())
    result = attendance_record(session=first, marks={booking.pk: ATTENDED}, by=staff)
    assert result.completed == []
    assert not Completion.objects.exists()


def test_attending_every_required_session_completes_the_course(staff, course, two_sessions, book):
    first, second = two_sessions
    person = MemberFactory()
    heard = []

    def hear(**kwargs):
        heard.append(kwargs["completion"])

    course_completed.connect(hear, dispatch_uid="test-heard")
    try:
        attendance_record(session=first, marks={book(first, person).pk: ATTENDED}, by=staff)
        result = attendance_record(
            session=second, marks={book(second, person).pk: ATTENDED}, by=staff
        )
    finally:
        course_completed.disconnect(dispatch_uid="test-heard")
    assert result.completed == [person]
    completion = Completion.objects.get(person=person, course=course)
    assert completion.status == Completion.Status.COMPLETED
    assert completion.how == Completion.How.SESSIONS
    assert completion.confirmed_by == staff
    from home.datetimes import local

    assert completion.completed_on == local(second.starts_at).date()
    assert heard == [completion]


def test_one_sitting_of_a_part_given_twice_completes_the_course(staff, course, book):
    # The induction runs on two dates: either will do (the demo data's two sittings).
    earlier = course_session_create(course=course, days=-8)
    course_session_create(course=course, days=-1)
    person = MemberFactory()
    result = attendance_record(
        session=earlier, marks={book(earlier, person).pk: ATTENDED}, by=staff
    )
    assert result.completed == [person]
    from home.datetimes import local

    assert Completion.objects.get(person=person).completed_on == local(earlier.starts_at).date()


def test_an_optional_or_cancelled_session_is_not_needed(staff, course, two_sessions, book):
    first, second = two_sessions
    second.is_required = False
    second.save()
    extra = course_session_create(course=course, days=-3, part=3)
    from training.services.sessions import session_cancel

    session_cancel(session=extra, by=staff, reason="No room")
    person = MemberFactory()
    result = attendance_record(session=first, marks={book(first, person).pk: ATTENDED}, by=staff)
    assert result.completed == [person]


def test_absent_is_not_attended(staff, two_sessions, book):
    first, second = two_sessions
    person = MemberFactory()
    attendance_record(session=first, marks={book(first, person).pk: ATTENDED}, by=staff)
    attendance_record(session=second, marks={book(second, person).pk: ABSENT}, by=staff)
    assert not Completion.objects.exists()


def test_un_marking_does_not_undo_a_completion(staff, course, two_sessions, book):
    first, second = two_sessions
    person = MemberFactory()
    attendance_record(session=first, marks={book(first, person).pk: ATTENDED}, by=staff)
    last = book(second, person)
    attendance_record(session=second, marks={last.pk: ATTENDED}, by=staff)
    attendance_record(session=second, marks={last.pk: ABSENT}, by=staff)
    assert Completion.objects.completed().filter(person=person, course=course).exists()


def test_the_screen_says_un_marking_keeps_a_completion(admin_login, staff, two_sessions):
    from django.urls import reverse

    response = admin_login(staff).get(reverse("training_register", args=[two_sessions[0].pk]))
    assert "does not undo a completion" in response.text


def test_cancelling_the_last_required_session_completes_those_who_attended_the_rest(
    staff, course, book
):
    """A cancelled required session must not block completion: people who attended
    every other required session have completed once it is called off."""
    from training.services.sessions import session_cancel

    held = course_session_create(course=course, days=-8, part=1)
    later = course_session_create(course=course, days=5, part=2)
    person, absent = MemberFactory(), MemberFactory()
    attendance_record(
        session=held,
        marks={book(held, person).pk: ATTENDED, book(held, absent).pk: ABSENT},
        by=staff,
    )
    book(later, person)
    assert not Completion.objects.exists()

    session_cancel(session=later, by=staff, reason="The trainer is ill")

    completion = Completion.objects.get(course=course)
    assert completion.person == person
    assert completion.status == Completion.Status.COMPLETED
    from home.datetimes import local

    assert completion.completed_on == local(held.starts_at).date()


def test_a_session_whose_register_is_taken_cannot_be_cancelled(staff, course, book):
    """Cancelling a session already held would leave paid attendance and completions
    behind bookings marked cancelled."""
    from training.services import TrainingError
    from training.services.sessions import session_cancel

    held = course_session_create(course=course, days=-1)
    booking = book(held, MemberFactory())
    attendance_record(session=held, marks={booking.pk: ATTENDED}, by=staff)
    with pytest.raises(TrainingError):
        session_cancel(session=held, by=staff, reason="Mistake")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED
