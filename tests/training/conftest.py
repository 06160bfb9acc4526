"""Shared pieces of the training tests: bookings made directly (the booking service is
tested on its own), and sessions already held."""

import pytest

from training.models import Booking


@pytest.fixture
def book():
    def make(session, person, status=Booking.Status.BOOKED, **fields):
        return Booking.objects.create(session=session, person=person, status=status, **fields)

    return make
