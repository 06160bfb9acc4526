"""Review of issue 15 (security and privacy): who may reach a private course's booking
and declaration, where an online session's joining link goes, and what cached pages
may hold."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from members.factories import MemberFactory
from training.factories import course_create, course_session_create
from training.models import Booking, Completion, CourseFormat
from training.services.bookings import booking_make

pytestmark = pytest.mark.django_db
LINK = "https://meet.example.org/secret-room"


def restrict_to_a_group(page) -> Group:
    group = Group.objects.create(name="Steering group")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    return group


def test_a_private_course_cannot_be_booked_through_its_session_id(client, member):
    course = course_create(title="Steering group induction")
    session = course_session_create(course=course)
    group = restrict_to_a_group(course)
    client.force_login(member)
    assert client.get(course.url).status_code != 200  # Wagtail keeps the page from them
    url = f"/training/sessions/{session.pk}/book/"
    response = client.get(url)
    assert response.status_code == 404
    assert "Steering group induction" not in response.content.decode()
    response = client.post(url, {"access_needs": "", "confirm": "1"})
    assert response.status_code == 404
    assert not Booking.objects.filter(session=session).exists()
    # Someone the page is for books as usual.
    member.groups.add(group)
    assert client.get(url).status_code == 200


def test_a_private_self_paced_course_cannot_be_declared_finished(client, member):
    course = course_create(title="Private reading", format=CourseFormat.READING)
    restrict_to_a_group(course)
    client.force_login(member)
    url = f"/training/courses/{course.pk}/finished/"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not Completion.objects.filter(course=course).exists()


def test_a_booked_person_s_page_is_never_served_from_the_cache_to_anyone_else(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    course = course_create()
    session = course_session_create(course=course, joining_link=LINK)
    booked = MemberFactory()
    with django_capture_on_commit_callbacks(execute=True):
        booking_make(session=session, person=booked)
    client.force_login(booked)
    response = client.get(course.url)
    assert LINK in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    for index in (course.get_parent(),):
        assert "no-store" in client.get(index.url)["Cache-Control"]
    client.logout()
    client.cookies.clear()
    for _ in range(2):  # stored, then from the cache
        assert LINK not in client.get(course.url).content.decode()
        assert LINK not in client.get(course.get_parent().url).content.decode()
    client.force_login(MemberFactory())
    assert LINK not in client.get(course.url).content.decode()


def test_leaving_a_waiting_list_moves_up_the_cached_pages_of_those_behind(
    client, settings, django_capture_on_commit_callbacks
):
    from home import page_cache
    from home.demo_content import demo_pages_create
    from training.services.bookings import booking_cancel

    demo_pages_create()
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    session = course_session_create(course=course_create(title="Chairing meetings"), capacity=1)
    first, behind = MemberFactory(), MemberFactory()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            booking_make(session=session, person=MemberFactory())
            leaving = booking_make(session=session, person=first)
            booking_make(session=session, person=behind)
        client.force_login(behind)
        for _ in range(2):  # made, then kept
            assert (
                "You are number 2 on the waiting list." in client.get("/account/").content.decode()
            )
        with django_capture_on_commit_callbacks(execute=True):
            booking_cancel(booking=leaving)
        assert "You are number 1 on the waiting list." in client.get("/account/").content.decode()
    finally:
        page_cache._paused_until = 0.0
        page_cache._bump_pending = False


def test_the_public_check_never_shows_an_email_address_for_a_name(client):
    from tests.training.completion_helpers import completed
    from training.services.certificates import certificate_verifiable_set

    person = MemberFactory(name="", email="private.person@example.org")
    completion = completed(person)
    certificate_verifiable_set(completion=completion, person=person, verifiable=True)
    page = client.get(f"/certificates/{completion.certificate_code}/").content.decode()
    assert "This certificate is genuine" in page
    assert "private.person@example.org" not in page


def test_training_settings_are_for_administrators_with_their_second_factor(
    client, admin_login, staff, superuser, member
):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/training/trainingsettings/{site.pk}/"
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(superuser)  # no second factor in this session
    for response in (client.get(url), client.post(url, {})):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/2fa/")
    response = admin_login(staff).get(url)
    assert response.status_code in (302, 403) and "Training settings" not in response.text
    assert admin_login(superuser).get(url).status_code == 200
