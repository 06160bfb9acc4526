"""Training's settings screen (the inductions) and its start point on the home page."""

import pytest
from wagtail.models import Site

from home import page_cache
from tests.training.helpers import training_settings_set
from training.factories import course_create
from training.models import CoursePage, TrainingSettings
from training.services.courses import training_index_get_or_create

pytestmark = pytest.mark.django_db


def settings_url() -> str:
    site = Site.objects.get(is_default_site=True)
    return f"/admin/settings/training/trainingsettings/{site.pk}/"


def test_the_settings_screen_is_in_settings_and_its_choosers_offer_only_courses(
    admin_login, superuser
):
    client = admin_login(superuser)
    assert "/admin/settings/training/trainingsettings/" in client.get("/admin/").content.decode()
    page = client.get(settings_url()).content.decode()
    assert "Induction course for members" in page and "Course for researchers" in page
    # Both page choosers are limited to courses.
    assert page.count("training.coursepage") >= 2
    field = TrainingSettings._meta.get_field("member_induction")
    assert field.related_model is CoursePage


def test_an_admin_names_the_inductions(admin_login, superuser):
    course = course_create(title="Welcome to the reference group")
    researchers = course_create(title="Working with the public", for_researchers=True)
    client = admin_login(superuser)
    response = client.post(
        settings_url(),
        {
            "member_induction": course.pk,
            "researcher_induction": researchers.pk,
            "researcher_rule": "required",
            "researcher_when": "after",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = TrainingSettings.objects.get()
    assert saved.member_induction_id == course.pk
    assert saved.researcher_rule == "required" and saved.researcher_when == "after"


def test_involvement_staff_cannot_change_the_settings(admin_login, staff):
    # Wagtail's own settings screen refuses the way Wagtail does: back to the dashboard.
    course = course_create(title="Welcome to the reference group")
    client = admin_login(staff)
    response = client.get(settings_url())
    assert response.status_code == 302 and response["Location"] == "/admin/"
    response = client.post(settings_url(), {"member_induction": course.pk})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert (
        TrainingSettings.for_site(Site.objects.get(is_default_site=True)).member_induction is None
    )


def test_saving_the_settings_makes_cached_public_pages_stale(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        training_settings_set(member_induction=course_create())
    assert page_cache._bump_generation in callbacks


def test_the_home_page_offers_training_once_its_listing_is_published(client):
    assert "Find a course" not in client.get("/").content.decode()
    index = training_index_get_or_create()
    page = client.get("/").content.decode()
    assert "Find a course" in page
    assert f'href="{index.url}"' in page
    index.unpublish()
    assert "Find a course" not in client.get("/").content.decode()


def test_the_main_navigation_has_training(client):
    training_index_get_or_create()
    page = client.get("/").content.decode()
    nav = page.split('<nav class="nhsuk-header__navigation', 1)[-1].split("</nav>", 1)[0]
    assert "Training" in nav
