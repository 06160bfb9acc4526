"""Two registers of the same course saved at the same moment: someone who attended
both sessions has completed the course once both are saved.

Each register only sees the other's marks once it has committed, so each on its own
finds one of the two sessions attended. The completion check queues on the course's
row: the second to get there sees the first's marks. Needs PostgreSQL."""

import threading

import pytest
from django.db import connection

from members.factories import MemberFactory, StaffFactory
from training.factories import course_create, course_session_create
from training.models import Booking, Completion
from training.services import attendance

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_registers_saved_at_once_complete_the_course(baseline, monkeypatch):
    course = course_create(title="Induction", is_paid=False)
    first = course_session_create(course=course, days=-8, part=1)
    second = course_session_create(course=course, days=-1, part=2)
    person, staff = MemberFactory(), StaffFactory()
    bookings = {
        session: Booking.objects.create(session=session, person=person, status="booked")
        for session in (first, second)
    }
    # Both have marked their register (not yet committed) before either checks.
    barrier = threading.Barrier(2)
    real = attendance.completions_from_attendance

    def after_both_marked(**kwargs):
        barrier.wait(timeout=10)
        return real(**kwargs)

    monkeypatch.setattr(attendance, "completions_from_attendance", after_both_marked)
    errors = []

    def save(session):
        try:
            attendance.attendance_record(
                session=session, marks={bookings[session].pk: "attended"}, by=staff
            )
        except Exception as error:  # noqa: BLE001 (any failure is reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(s,)) for s in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert Completion.objects.completed().filter(person=person, course=course).count() == 1
