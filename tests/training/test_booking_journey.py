"""Booking through the pages: the question (pre-filled from the profile), check your
answers, the confirmation; cancelling; the calendar file; staff's assisted route. And
who is refused."""

import pytest
from django.core import mail

from members.factories import MemberFactory, ResearcherFactory, StaffFactory
from members.models import MemberProfile
from training.factories import course_create, course_session_create
from training.models import Booking
from training.services.bookings import booking_make

pytestmark = pytest.mark.django_db
NEEDS = "Papers in large print, please"


@pytest.fixture
def session(db):
    return course_session_create(course=course_create(title="Induction"), capacity=1)


def book_url(session):
    return f"/training/sessions/{session.pk}/book/"


def test_the_question_starts_from_the_profile_s_access_needs(client, member, session):
    MemberProfile.objects.update_or_create(
        user=member, defaults={"access_step_free": True, "access_needs": NEEDS}
    )
    client.force_login(member)
    page = client.get(book_url(session)).content.decode()
    assert "Step-free access" in page and NEEDS in page
    assert session.when in page


def test_book_check_and_confirm(client, member, session, django_capture_on_commit_callbacks):
    client.force_login(member)
    check = client.post(book_url(session), {"access_needs": NEEDS})
    body = check.content.decode()
    assert check.status_code == 200 and "Check your booking" in body
    assert f'name="access_needs" value="{NEEDS}"' in body
    assert not Booking.objects.exists()
    # Health data is never kept in the session between the pages.
    assert NEEDS not in str(dict(client.session.items()))

    changed = client.post(book_url(session), {"access_needs": NEEDS, "change": "access_needs"})
    assert "Book a place" in changed.content.decode() and NEEDS in changed.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(book_url(session), {"access_needs": NEEDS, "confirm": "yes"})
    booking = Booking.objects.get()
    assert done["Location"] == f"/training/bookings/{booking.pk}/"
    assert booking.access_needs == NEEDS and booking.status == "booked"
    assert len(mail.outbox) == 1
    confirmation = client.get(done["Location"]).content.decode()
    assert "You are booked" in confirmation and "calendar.google.com" in confirmation
    assert f"/training/bookings/{booking.pk}/calendar.ics" in confirmation


def test_a_full_session_puts_the_person_on_the_waiting_list(client, member, session):
    booking_make(session=session, person=MemberFactory())
    client.force_login(member)
    assert "Join the waiting list" in client.get(book_url(session)).content.decode()
    done = client.post(book_url(session), {"access_needs": "", "confirm": "yes"})
    page = client.get(done["Location"]).content.decode()
    assert "You are number 1 on the waiting list." in page
    assert "calendar.ics" not in page


def test_an_answer_too_long_comes_back_with_an_error_and_the_input_kept(client, member, session):
    client.force_login(member)
    response = client.post(book_url(session), {"access_needs": "x" * 2001, "confirm": "yes"})
    body = response.content.decode()
    assert "<title>Error:" in body and "x" * 2001 in body
    assert not Booking.objects.exists()


def test_booking_twice_goes_to_the_booking(client, member, session):
    booking = booking_make(session=session, person=member)
    client.force_login(member)
    response = client.get(book_url(session))
    assert response["Location"] == f"/training/bookings/{booking.pk}/"


@pytest.mark.parametrize("factory", [ResearcherFactory, StaffFactory])
def test_people_the_course_is_not_for_are_refused(client, session, factory):
    client.force_login(factory())
    assert client.get(book_url(session)).status_code == 403
    assert client.post(book_url(session), {"confirm": "yes"}).status_code == 403
    assert not Booking.objects.exists()


def test_visitors_are_sent_to_sign_in(client, session):
    assert client.get(book_url(session))["Location"].startswith("/accounts/login/")


def test_someone_else_s_booking_is_not_found(client, member, session):
    booking = booking_make(session=session, person=MemberFactory())
    client.force_login(member)
    for suffix in ("", "cancel/", "calendar.ics"):
        assert client.get(f"/training/bookings/{booking.pk}/{suffix}").status_code == 404
    assert client.post(f"/training/bookings/{booking.pk}/cancel/").status_code == 404
    booking.refresh_from_db()
    assert booking.status == "booked"


def test_the_calendar_file_is_the_person_s_booking(client, member, session):
    booking = booking_make(session=session, person=member)
    client.force_login(member)
    response = client.get(f"/training/bookings/{booking.pk}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert f"UID:training-booking-{booking.pk}@" in response.content.decode()


def test_cancel_asks_first_then_cancels_on_post(client, member, session):
    booking = booking_make(session=session, person=member)
    client.force_login(member)
    url = f"/training/bookings/{booking.pk}/cancel/"
    assert "Are you sure you want to cancel your booking?" in client.get(url).content.decode()
    booking.refresh_from_db()
    assert booking.status == "booked"
    response = client.post(url)
    assert response["Location"] == session.course.url
    booking.refresh_from_db()
    assert booking.status == "cancelled"


# --- The assisted route -----------------------------------------------------------------


def assisted_url(session):
    return f"/admin/training/sessions/{session.pk}/book/"


def test_staff_book_a_place_for_someone_without_email(admin_login, staff, session):
    client = admin_login(staff)
    offline = MemberFactory(email="", name="Bernadette Ní Bhriain")
    MemberFactory(email="has@example.org", name="Has Email")
    page = client.get(assisted_url(session)).content.decode()
    assert "Bernadette Ní Bhriain" in page and "Has Email" not in page
    response = client.post(
        assisted_url(session), {"person": offline.pk, "access_needs": "A hearing loop"}, follow=True
    )
    assert "tell them by phone or post" in response.content.decode()
    booking = Booking.objects.get()
    assert (booking.person, booking.booked_by, booking.status) == (offline, staff, "booked")
    assert booking.access_needs == "A hearing loop"
    assert mail.outbox == []


def test_staff_are_told_when_the_person_cannot_be_booked(admin_login, staff, session):
    client = admin_login(staff)
    offline = MemberFactory(email="")
    booking_make(session=session, person=offline)
    response = client.post(assisted_url(session), {"person": offline.pk})
    assert "already booked" in response.content.decode()


def test_the_assisted_route_needs_the_permission(admin_login, session):
    from django.contrib.auth.models import Group, Permission

    bare = Group.objects.create(name="Admin only")
    bare.permissions.add(Permission.objects.get(codename="access_admin"))
    from members.factories import UserFactory

    client = admin_login(UserFactory(roles=[bare.name]))
    assert client.get(assisted_url(session)).status_code == 403


def test_a_booking_of_a_cancelled_session_says_the_session_was_called_off_and_why(
    client, member, session
):
    """The cancellation email links to the booking's page: it says what the email said."""
    from training.services.sessions import session_cancel

    booking = booking_make(session=session, person=member)
    session_cancel(session=session, by=StaffFactory(), reason="The trainer is ill")
    client.force_login(member)
    page = client.get(f"/training/bookings/{booking.pk}/").content.decode()
    assert "This session has been cancelled" in page
    assert "The trainer is ill" in page


def test_a_booking_s_page_after_the_session_offers_no_cancelling_or_reminder(client):
    person = MemberFactory()
    session = course_session_create(course=course_create(), days=-1)
    booking = Booking.objects.create(session=session, person=person, status="booked")
    client.force_login(person)
    response = client.get(f"/training/bookings/{booking.pk}/")
    assert "This session has taken place." in response.text
    assert "remind you" not in response.text
    assert f"/training/bookings/{booking.pk}/cancel/" not in response.text
