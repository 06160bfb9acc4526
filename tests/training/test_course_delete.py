"""A course people have completed is not deleted: their certificates point at it."""

import pytest
from django.urls import reverse

from members.factories import MemberFactory
from training.factories import course_create, course_session_create
from training.models import Completion, CoursePage

pytestmark = pytest.mark.django_db


def test_a_course_with_completions_is_kept_with_a_message(admin_login, admin_user):
    course = course_create(title="Welcome to the group")
    Completion.objects.create(
        person=MemberFactory(), course=course, status=Completion.Status.COMPLETED, how="staff"
    )
    client = admin_login(admin_user)
    response = client.post(reverse("wagtailadmin_pages:delete", args=[course.pk]), follow=True)
    assert response.status_code == 200
    assert CoursePage.objects.filter(pk=course.pk).exists()
    assert "completed it" in response.text


def test_a_course_nobody_completed_can_be_deleted(admin_login, admin_user):
    course = course_create(title="A draft idea")
    course_session_create(course=course)
    client = admin_login(admin_user)
    client.post(reverse("wagtailadmin_pages:delete", args=[course.pk]))
    assert not CoursePage.objects.filter(pk=course.pk).exists()


def test_the_bulk_delete_keeps_a_completed_course_too(admin_login, admin_user):
    course = course_create(title="Welcome to the group")
    Completion.objects.create(
        person=MemberFactory(), course=course, status=Completion.Status.COMPLETED, how="staff"
    )
    client = admin_login(admin_user)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "delete"))
    response = client.post(f"{url}?id={course.pk}", follow=True)
    assert response.status_code == 200
    assert CoursePage.objects.filter(pk=course.pk).exists()
    assert "completed it" in response.text


def test_a_course_with_people_booked_to_come_is_kept_until_its_sessions_are_cancelled(
    admin_login, admin_user
):
    from training.services.bookings import booking_make

    course = course_create(title="Welcome to the group")
    booking_make(session=course_session_create(course=course), person=MemberFactory())
    response = admin_login(admin_user).post(
        reverse("wagtailadmin_pages:delete", args=[course.pk]), follow=True
    )
    assert CoursePage.objects.filter(pk=course.pk).exists()
    assert "Cancel those sessions first" in response.text


def test_the_bulk_delete_never_sends_people_off_the_site(admin_login, admin_user):
    course = course_create(title="Welcome to the group")
    Completion.objects.create(
        person=MemberFactory(), course=course, status=Completion.Status.COMPLETED, how="staff"
    )
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "delete"))
    response = admin_login(admin_user).post(f"{url}?id={course.pk}&next=https://evil.example/")
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
