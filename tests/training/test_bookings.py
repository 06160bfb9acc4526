"""Booking a session: places, the waiting list, cancelling and a freed place given."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from members.factories import MemberFactory, ResearcherFactory, StaffFactory
from training.factories import course_create, course_session_create
from training.models import Booking
from training.services import TrainingError
from training.services.bookings import booking_cancel, booking_make, booking_places_give

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(db):
    return course_create(title="How research works")


@pytest.fixture
def session(course):
    return course_session_create(course=course, capacity=2)


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run a service and send what it queued (the outbox sends after the commit)."""

    def run(action, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(**kwargs)

    return run


def calendar_of(message) -> str:
    (attachment,) = message.attachments
    return attachment[1]


def test_a_member_gets_a_place_while_there_is_one_and_an_email_with_the_calendar_entry(
    session, sent
):
    person = MemberFactory(email="ana@example.org")
    booking = sent(booking_make, session=session, person=person, access_needs=" A hearing loop ")
    assert booking.status == Booking.Status.BOOKED
    assert booking.queue_number is None
    assert booking.access_needs == "A hearing loop"
    (message,) = mail.outbox
    assert message.to == ["ana@example.org"]
    assert message.subject == "You are booked: How research works"
    assert session.when in message.body
    # Access needs are health data: never in an email.
    assert "hearing loop" not in message.body
    ics = calendar_of(message)
    assert "METHOD:REQUEST" in ics
    assert f"UID:training-booking-{booking.pk}@" in ics
    assert message.attachments[0][2].startswith("text/calendar")


def test_when_the_places_are_taken_people_join_the_waiting_list_in_turn(session, sent):
    for _ in range(2):
        sent(booking_make, session=session, person=MemberFactory())
    mail.outbox.clear()
    first = sent(booking_make, session=session, person=MemberFactory())
    second = sent(booking_make, session=session, person=MemberFactory())
    assert (first.status, first.queue_number) == (Booking.Status.WAITING, 1)
    assert (second.status, second.queue_number) == (Booking.Status.WAITING, 2)
    assert "You are number 2 on the waiting list." in mail.outbox[-1].body
    assert mail.outbox[-1].attachments == []  # no calendar entry for a waiting place


def test_nobody_books_the_same_session_twice(session, member):
    booking_make(session=session, person=member)
    with pytest.raises(TrainingError, match="already booked"):
        booking_make(session=session, person=member)
    assert Booking.objects.filter(person=member).count() == 1


def test_after_cancelling_a_person_may_book_again(session, member):
    booking = booking_make(session=session, person=member)
    booking_cancel(booking=booking)
    again = booking_make(session=session, person=member)
    assert again.pk != booking.pk and again.status == Booking.Status.BOOKED


@pytest.mark.parametrize(
    ("audience", "factory", "allowed"),
    [
        ({"for_members": True}, MemberFactory, True),
        ({"for_members": True}, ResearcherFactory, False),
        ({"for_members": False, "for_researchers": True}, ResearcherFactory, True),
        ({"for_members": False, "for_researchers": True}, MemberFactory, False),
        ({"for_members": False, "for_staff": True}, StaffFactory, True),
        ({"for_members": False, "for_staff": True}, MemberFactory, False),
    ],
)
def test_only_the_people_a_course_is_for_may_book_it(audience, factory, allowed):
    session = course_session_create(course=course_create(**audience))
    person = factory()
    if allowed:
        assert booking_make(session=session, person=person).status == Booking.Status.BOOKED
    else:
        with pytest.raises(TrainingError, match="This course is for"):
            booking_make(session=session, person=person)


def test_a_cancelled_session_is_refused(session, member):
    session.cancelled_at = timezone.now()
    session.save()
    with pytest.raises(TrainingError, match="cancelled"):
        booking_make(session=session, person=member)


def test_booking_closes_at_the_deadline(course, member):
    session = course_session_create(
        course=course, booking_deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(TrainingError, match="closed"):
        booking_make(session=session, person=member)


def test_a_session_that_has_started_is_refused(course, member):
    session = course_session_create(course=course, days=0, hour=0, hours=23)
    session.starts_at = timezone.now() - datetime.timedelta(minutes=5)
    session.ends_at = timezone.now() + datetime.timedelta(hours=1)
    session.save()
    with pytest.raises(TrainingError, match="started"):
        booking_make(session=session, person=member)


def test_an_unpublished_course_takes_no_bookings(member):
    session = course_session_create(course=course_create(publish=False))
    with pytest.raises(TrainingError, match="not taking bookings"):
        booking_make(session=session, person=member)


def test_cancelling_a_place_gives_it_to_the_longest_waiting_person_with_an_email(session, sent):
    holder = MemberFactory(email="holder@example.org")
    held = sent(booking_make, session=session, person=holder)
    sent(booking_make, session=session, person=MemberFactory())
    first = sent(booking_make, session=session, person=MemberFactory(email="first@example.org"))
    later = sent(booking_make, session=session, person=MemberFactory(email="later@example.org"))
    mail.outbox.clear()

    sent(booking_cancel, booking=held)

    held.refresh_from_db()
    first.refresh_from_db()
    later.refresh_from_db()
    assert held.status == Booking.Status.CANCELLED and held.sequence == 1
    assert first.status == Booking.Status.BOOKED and first.place_given_at is not None
    assert later.status == Booking.Status.WAITING
    cancelled, given = mail.outbox
    assert cancelled.to == ["holder@example.org"]
    assert "METHOD:CANCEL" in calendar_of(cancelled)
    assert f"UID:training-booking-{held.pk}@" in calendar_of(cancelled)
    assert "SEQUENCE:1" in calendar_of(cancelled)
    assert given.to == ["first@example.org"]
    assert given.subject == "You have a place: How research works"
    assert f"/training/bookings/{first.pk}/cancel/" in given.body
    assert "METHOD:REQUEST" in calendar_of(given)
    assert Booking.objects.filter(session=session, status="booked").count() == 2


def test_leaving_the_waiting_list_gives_nobody_a_place_and_sends_no_calendar(session, sent):
    for _ in range(2):
        sent(booking_make, session=session, person=MemberFactory())
    waiting = sent(booking_make, session=session, person=MemberFactory())
    mail.outbox.clear()
    sent(booking_cancel, booking=waiting)
    (message,) = mail.outbox
    assert message.attachments == []
    assert "no longer on the waiting list" in message.body
    assert Booking.objects.filter(session=session, status="booked").count() == 2


def test_a_booking_is_cancelled_once(session, member):
    booking = booking_make(session=session, person=member)
    booking_cancel(booking=booking)
    with pytest.raises(TrainingError, match="already cancelled"):
        booking_cancel(booking=booking)


def test_places_added_go_to_those_waiting_before_anyone_new(session, sent):
    for _ in range(2):
        sent(booking_make, session=session, person=MemberFactory())
    waiting = sent(booking_make, session=session, person=MemberFactory())
    session.capacity = 3
    session.save()
    newcomer = sent(booking_make, session=session, person=MemberFactory())
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.BOOKED
    assert newcomer.status == Booking.Status.WAITING and newcomer.queue_number == 2


def test_booking_places_give_fills_new_places_in_waiting_order(session):
    for _ in range(2):
        booking_make(session=session, person=MemberFactory())
    first, second, third = (booking_make(session=session, person=MemberFactory()) for _ in "abc")
    session.capacity = 4
    session.save()
    given = booking_places_give(session=session)
    assert [b.pk for b in given] == [first.pk, second.pk]
    third.refresh_from_db()
    assert third.status == Booking.Status.WAITING


def test_staff_book_for_someone_without_email_and_nobody_is_emailed(session, staff, sent):
    person = MemberFactory(email="")
    booking = sent(booking_make, session=session, person=person, by=staff)
    assert booking.booked_by == staff and booking.status == Booking.Status.BOOKED
    assert mail.outbox == []


def test_staff_do_not_book_themselves_by_the_assisted_route(staff):
    session = course_session_create(course=course_create(for_staff=True))
    with pytest.raises(TrainingError, match="your own record"):
        booking_make(session=session, person=staff, by=staff)


def test_a_booking_tells_cached_public_pages_and_the_person_s_pages(session, member, monkeypatch):
    from training.services import bookings

    public, people = [], []
    monkeypatch.setattr(bookings, "public_pages_changed", lambda: public.append(1))
    monkeypatch.setattr(bookings, "people_changed", lambda *ids: people.extend(ids))
    booking_make(session=session, person=member)
    assert public and member.pk in people


def test_erasing_an_account_gives_its_place_to_the_longest_waiting_person(course):
    from members.services.personal_data import account_erase

    session = course_session_create(course=course, capacity=1)
    leaving, waiting = MemberFactory(), MemberFactory()
    booking_make(session=session, person=leaving)
    booking_make(session=session, person=waiting)
    account_erase(user=leaving)
    assert Booking.objects.get(person=waiting).status == Booking.Status.BOOKED
