"""Places are never over-given, and the waiting list is in order, even when everyone
books at the same moment.

20 people book a session of 5 places at once, each in their own thread with their own
database connection. The row lock on the session makes them queue: exactly 5 get a
place and 15 are on the waiting list, numbered 1 to 15 in the order their bookings
committed. Needs PostgreSQL (SQLite has one writer at a time, so there is no race to
lose)."""

import threading

import pytest
from django.db import connection, transaction

from members.factories import MemberFactory
from training.factories import course_create, course_session_create
from training.models import Booking
from training.services.bookings import booking_make

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_twenty_at_once_for_five_places_give_five_places_and_fifteen_waiting_in_order(
    baseline,
):
    places, people = 5, 20
    session = course_session_create(course=course_create(), capacity=places)
    members = [MemberFactory() for _ in range(people)]
    barrier = threading.Barrier(people)
    # The commit order is read from the bookings' own times, not from a list the threads
    # append to after committing: between a thread's commit and its append another
    # thread can commit and append first, so such a list's order proves nothing.
    # booked_at is taken once the thread holds the session's row lock, which it keeps
    # until it commits: the times are in commit order.
    errors = []

    def book(person):
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                booking_make(session=session, person=person)
        except Exception as error:  # noqa: BLE001 (any failure is reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(m,)) for m in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    bookings = Booking.objects.filter(session=session)
    assert bookings.filter(status="booked").count() == places
    waiting = list(bookings.filter(status="waiting").order_by("queue_number"))
    assert len(waiting) == people - places
    assert [b.queue_number for b in waiting] == list(range(1, people - places + 1))
    assert bookings.count() == people
    # In commit order: each booking is stamped once its thread holds the session's lock,
    # which it keeps until it commits, so the stamps' order is the commit order. The
    # waiting numbers follow it, and the places went to the first five.
    in_commit_order = list(bookings.order_by("booked_at"))
    assert len({b.booked_at for b in in_commit_order}) == people
    assert [b.status for b in in_commit_order] == ["booked"] * places + ["waiting"] * (
        people - places
    )
    assert [b.pk for b in in_commit_order[places:]] == [b.pk for b in waiting]
