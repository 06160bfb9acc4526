"""Staff cancel someone's booking for them (someone booked by phone, with no email and
no sign-in, cannot give the place up themselves): the freed place goes to the longest
waiting, the person is emailed if they have email, and the cancellation is logged."""

import html

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from members.factories import MemberFactory, ResearcherFactory
from tests.training.helpers import staff_without_permissions
from training.admin.bookings import BOOKING_CANCELLED_BY_STAFF
from training.factories import course_create, course_session_create
from training.models import Booking

pytestmark = pytest.mark.django_db

BOOKED, WAITING, CANCELLED = (
    Booking.Status.BOOKED,
    Booking.Status.WAITING,
    Booking.Status.CANCELLED,
)


@pytest.fixture
def session(db):
    return course_session_create(course=course_create(title="How research works"), capacity=1)


def cancel_url(booking):
    return reverse("training_booking_cancel_staff", args=[booking.pk])


def register_url(session):
    return reverse("training_register", args=[session.pk])


def test_staff_see_what_cancelling_does(admin_login, staff, session, book):
    booking = book(session, MemberFactory(name="Joan Price"))
    response = admin_login(staff).get(cancel_url(booking))
    assert response.status_code == 200
    assert "Joan Price" in response.text
    assert "Cancel the booking" in response.text
    booking.refresh_from_db()
    assert booking.status == BOOKED


def test_staff_cancel_someones_place_and_it_goes_to_the_longest_waiting(
    admin_login, staff, session, book, django_capture_on_commit_callbacks
):
    booking = book(session, MemberFactory(email="joan@example.org", name="Joan Price"))
    first = book(session, MemberFactory(email="first@example.org"), WAITING, queue_number=1)
    second = book(session, MemberFactory(), WAITING, queue_number=2)
    client = admin_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cancel_url(booking))
    assert response.status_code == 302
    assert response["Location"] == register_url(session)
    booking.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (booking.status, first.status, second.status) == (CANCELLED, BOOKED, WAITING)
    cancelled = next(m for m in mail.outbox if m.to == ["joan@example.org"])
    assert "The involvement team cancelled it for you." in cancelled.body
    assert any(m.to == ["first@example.org"] for m in mail.outbox)
    entry = ModelLogEntry.objects.get(action=BOOKING_CANCELLED_BY_STAFF)
    assert entry.user == staff and entry.object_id == str(booking.person_id)
    followed = client.get(response["Location"])
    shown = html.unescape(followed.text)
    assert "Joan Price's booking is cancelled. They have been emailed." in shown


def test_staff_take_someone_off_the_waiting_list_and_the_email_says_who_did(
    admin_login, staff, session, book, django_capture_on_commit_callbacks
):
    book(session, MemberFactory())
    waiting = book(session, MemberFactory(email="wait@example.org"), WAITING, queue_number=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_login(staff).post(cancel_url(waiting))
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == CANCELLED
    (message,) = mail.outbox
    assert "The involvement team took you off the list." in message.body
    # Not "You have left": they did not choose to.
    assert message.subject == "Taken off the waiting list: How research works"


def test_someone_without_email_is_to_be_told_by_phone_or_post(
    admin_login, staff, session, book, django_capture_on_commit_callbacks
):
    booking = book(session, MemberFactory(email=None, verified=False, name="Joan Price"))
    client = admin_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cancel_url(booking), follow=True)
    assert "Tell them by phone or post." in response.text
    assert mail.outbox == []


def test_staff_cannot_cancel_their_own_booking_here(admin_login, staff, session, book):
    staff.groups.add(*MemberFactory().groups.all())  # also a member
    own = book(session, staff)
    client = admin_login(staff)
    page = client.get(cancel_url(own))
    assert page.status_code == 200
    assert "your own" in page.text
    assert "Cancel the booking</button>" not in page.text
    response = client.post(cancel_url(own))
    assert response.status_code == 200
    assert "own record" in response.text
    own.refresh_from_db()
    assert own.status == BOOKED
    assert not ModelLogEntry.objects.filter(action=BOOKING_CANCELLED_BY_STAFF).exists()


def test_staff_without_the_permission_get_403(admin_login, session, book):
    booking = book(session, MemberFactory())
    client = admin_login(staff_without_permissions())
    assert client.get(cancel_url(booking)).status_code == 403
    assert client.post(cancel_url(booking)).status_code == 403
    booking.refresh_from_db()
    assert booking.status == BOOKED


@pytest.mark.parametrize("factory", [MemberFactory, ResearcherFactory])
def test_members_and_researchers_are_refused(client, factory, session, book):
    booking = book(session, MemberFactory())
    client.force_login(factory())
    assert client.get(cancel_url(booking)).status_code == 403
    assert client.post(cancel_url(booking)).status_code == 403
    booking.refresh_from_db()
    assert booking.status == BOOKED


def test_the_register_links_to_cancelling_each_booking_but_ones_own(
    admin_login, staff, session, book
):
    staff.groups.add(*MemberFactory().groups.all())
    other = book(session, MemberFactory(name="Joan Price"))
    waiting = book(session, MemberFactory(name="Ola Nowak"), WAITING, queue_number=1)
    own = book(session, staff, WAITING, queue_number=2)
    response = admin_login(staff).get(register_url(session))
    assert f'href="{cancel_url(other)}"' in response.text
    assert f'href="{cancel_url(waiting)}"' in response.text
    assert f'href="{cancel_url(own)}"' not in response.text
    assert "Ola Nowak" in response.text
    assert 'Cancel booking<span class="w-sr-only"> for Joan Price</span>' in response.text


def test_a_session_that_started_has_no_cancel_links(admin_login, staff, book):
    held = course_session_create(course=course_create(), days=-1)
    booking = book(held, MemberFactory())
    response = admin_login(staff).get(register_url(held))
    assert cancel_url(booking) not in response.text
