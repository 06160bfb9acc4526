"""Admin → Training: the courses with their sessions and numbers, the sessions to
come, and the session screens (add, change, cancel) with who may use them."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from members.factories import MemberFactory, ResearcherFactory
from tests.training.helpers import staff_without_permissions
from training.factories import course_create, course_session_create
from training.models import Booking, CourseSession

pytestmark = pytest.mark.django_db


def courses_with_sessions(count: int, book, start: int = 0):
    for n in range(start, start + count):
        course = course_create(title=f"Course {n:02d}")
        for days in (-3, 7):
            session = course_session_create(course=course, days=days)
            book(session, MemberFactory(), attendance="attended" if days < 0 else "")
            book(session, MemberFactory(), status=Booking.Status.WAITING, queue_number=1)


def test_the_courses_list_shows_each_course_with_its_numbers(admin_login, staff, book):
    course = course_create(title="Speaking up in meetings")
    session = course_session_create(course=course, days=-2, capacity=5)
    book(session, MemberFactory(), attendance="attended")
    book(session, MemberFactory())
    book(session, MemberFactory(), status=Booking.Status.WAITING, queue_number=1)
    book(session, MemberFactory(), status=Booking.Status.CANCELLED)
    response = admin_login(staff).get(reverse("training_courses"))
    assert response.status_code == 200
    cells = [c.strip() for c in response.text.split("<td>")]
    assert "Speaking up in meetings" in response.text
    # Places 5, booked 2, waiting 1, attended 1.
    assert any(c.startswith("5</td>") for c in cells)
    assert [c[:1] for c in cells if c[:2] in ("2<", "1<")][:3] == ["2", "1", "1"]
    assert reverse("wagtailadmin_pages:edit", args=[course.pk]) in response.text
    assert reverse("training_register", args=[session.pk]) in response.text
    assert reverse("training_session_add", args=[course.pk]) in response.text


@pytest.mark.parametrize("url_name", ["training_courses", "training_sessions"])
def test_the_lists_cost_the_same_queries_for_2_and_30_courses(
    url_name, admin_login, staff, book, django_assert_max_num_queries
):
    client = admin_login(staff)
    courses_with_sessions(2, book)
    client.get(reverse(url_name))
    with django_assert_max_num_queries(40) as few:
        assert client.get(reverse(url_name)).status_code == 200
    courses_with_sessions(28, book, start=2)
    with django_assert_max_num_queries(40) as many:
        response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert "Course 19" in response.text  # 20 courses to a page, by title
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize("factory", [MemberFactory, ResearcherFactory])
@pytest.mark.parametrize("url_name", ["training_courses", "training_sessions"])
def test_members_and_researchers_are_refused(client, factory, url_name):
    client.force_login(factory())
    assert client.get(reverse(url_name)).status_code == 403
    assert client.post(reverse(url_name)).status_code == 403


@pytest.mark.parametrize("url_name", ["training_courses", "training_sessions"])
def test_staff_without_the_permission_are_refused(admin_login, url_name):
    client = admin_login(staff_without_permissions())
    assert client.get(reverse(url_name)).status_code == 403
    assert client.post(reverse(url_name)).status_code == 403


def test_staff_add_a_session(admin_login, staff):
    course = course_create(title="Data and you")
    response = admin_login(staff).post(
        reverse("training_session_add", args=[course.pk]),
        {
            "starts_at": "2030-01-15T18:00",
            "ends_at": "2030-01-15T20:00",
            "mode": "in_person",
            "place": "Room 2, Central Library",
            "capacity": "10",
            "is_required": "on",
            "part": "1",
        },
    )
    assert response.status_code == 302
    session = CourseSession.objects.get(course=course)
    assert session.when == "Tuesday 15 January 2030, 6pm to 8pm"
    assert session.created_by == staff


def test_a_session_form_with_errors_keeps_the_input_and_says_error(admin_login, staff):
    course = course_create()
    response = admin_login(staff).post(
        reverse("training_session_add", args=[course.pk]),
        {
            "starts_at": "2030-01-15T18:00",
            "ends_at": "2030-01-15T17:00",
            "mode": "in_person",
            "place": "Room 9",
            "capacity": "10",
        },
    )
    assert response.status_code == 200
    assert "<title>Error:" in response.text.replace("\n", "")
    assert "Room 9" in response.text
    assert not CourseSession.objects.exists()


def test_moving_a_session_lists_who_to_phone(
    admin_login, staff, book, django_capture_on_commit_callbacks
):
    session = course_session_create(course=course_create(), days=10)
    book(session, MemberFactory(email="ana@example.org"))
    book(session, MemberFactory(email=None, verified=False, name="Joan Price"))
    from home.datetimes import local

    start = local(session.starts_at + datetime.timedelta(days=1))
    end = local(session.ends_at + datetime.timedelta(days=1))
    client = admin_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("training_session_edit", args=[session.pk]),
            {
                "starts_at": f"{start:%Y-%m-%dT%H:%M}",
                "ends_at": f"{end:%Y-%m-%dT%H:%M}",
                "mode": "online",
                "joining_link": session.joining_link,
                "capacity": "12",
                "is_required": "on",
                "part": "1",
            },
        )
    assert response.status_code == 200
    assert "Joan Price" in response.text and "phone or post" in response.text
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]


def test_fewer_places_than_booked_is_refused_on_the_form(admin_login, staff, book):
    session = course_session_create(course=course_create(), days=10, capacity=3)
    book(session, MemberFactory())
    book(session, MemberFactory())
    from home.datetimes import local

    response = admin_login(staff).post(
        reverse("training_session_edit", args=[session.pk]),
        {
            "starts_at": f"{local(session.starts_at):%Y-%m-%dT%H:%M}",
            "ends_at": f"{local(session.ends_at):%Y-%m-%dT%H:%M}",
            "mode": "online",
            "joining_link": session.joining_link,
            "capacity": "1",
            "part": "1",
        },
    )
    assert response.status_code == 200
    assert "at least 2 places" in response.text
    session.refresh_from_db()
    assert session.capacity == 3


def test_staff_cancel_a_session_with_a_reason(admin_login, staff, book):
    session = course_session_create(course=course_create(), days=10)
    book(session, MemberFactory(email="ana@example.org"))
    client = admin_login(staff)
    assert client.get(reverse("training_session_cancel", args=[session.pk])).status_code == 200
    response = client.post(
        reverse("training_session_cancel", args=[session.pk]), {"reason": "The venue closed."}
    )
    assert response.status_code == 200
    assert "1 person has been emailed" in response.text
    session.refresh_from_db()
    assert session.is_cancelled


def test_staff_without_the_permission_cannot_change_sessions(admin_login):
    from django.contrib.auth.models import Group, Permission

    from members.factories import UserFactory

    session = course_session_create(course=course_create(), days=10)
    bare = Group.objects.create(name="Admin only")
    bare.permissions.add(Permission.objects.get(codename="access_admin"))
    user = UserFactory()
    user.groups.add(bare)
    client = admin_login(user)
    for url in (
        reverse("training_courses"),
        reverse("training_sessions"),
        reverse("training_session_add", args=[session.course_id]),
        reverse("training_session_edit", args=[session.pk]),
        reverse("training_session_cancel", args=[session.pk]),
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, {"reason": "x"}).status_code == 403
    session.refresh_from_db()
    assert not session.is_cancelled


def test_the_training_menu_is_shown_to_staff(admin_login, staff):
    response = admin_login(staff).get(reverse("wagtailadmin_home"))
    assert reverse("training_courses") in response.text


def test_a_cancelled_session_cannot_be_changed_on_screen(admin_login, staff):
    from training.services.sessions import session_cancel

    session = course_session_create(course=course_create(), days=10)
    session_cancel(session=session, by=staff, reason="No room")
    client = admin_login(staff)
    for name in ("training_session_edit", "training_session_cancel"):
        response = client.post(reverse(name, args=[session.pk]), {"reason": "Again"})
        assert response.status_code == 302
    session.refresh_from_db()
    assert session.cancelled_reason == "No room"


def test_sessions_to_come_offer_booking_for_someone_and_past_ones_do_not(admin_login, staff):
    course = course_create(title="Speaking up in meetings")
    coming = course_session_create(course=course, days=7)
    held = course_session_create(course=course, days=-2)
    response = admin_login(staff).get(reverse("training_courses"))
    assert reverse("training_booking_assisted", args=[coming.pk]) in response.text
    assert reverse("training_booking_assisted", args=[held.pk]) not in response.text
