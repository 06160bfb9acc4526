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
