"""The demo data (`manage.py load_demo_data`) has an induction with two sessions (one
nearly full), a course for researchers and a self-paced course, names the inductions,
links the home page's promise of training to the listing, and is safe to load twice."""

import pytest
from django.core.management import call_command

from home.models import HomePage
from training.models import Booking, CourseFormat, CoursePage, TrainingIndexPage, TrainingSettings

pytestmark = pytest.mark.django_db


def test_the_demo_data_has_the_courses_and_the_inductions(db):
    call_command("load_demo_data")
    call_command("load_demo_data")  # safe to run again: nothing doubled
    index = TrainingIndexPage.objects.get()
    assert index.live
    courses = {course.slug: course for course in CoursePage.objects.live()}
    assert len(courses) == 3

    induction = courses["welcome-to-the-reference-group"]
    sessions = list(induction.sessions.all())
    assert len(sessions) == 2
    nearly_full = sessions[0]
    assert nearly_full.capacity == 12
    booked = Booking.objects.booked().filter(session=nearly_full)
    assert booked.count() == 11
    assert not booked.filter(person__email="member@example.org").exists()  # theirs to book
    assert all(b.queue_number is None for b in booked)
    assert not sessions[1].bookings.exists()

    researchers = courses["working-with-the-public-in-research"]
    assert researchers.for_researchers and not researchers.for_members
    assert researchers.sessions.count() == 1

    self_paced = courses["reading-a-research-paper"]
    assert self_paced.format == CourseFormat.SELF_PACED and self_paced.link
    assert self_paced.skills.exists()

    settings = TrainingSettings.objects.get()
    assert settings.member_induction_id == induction.pk
    assert settings.researcher_induction_id == researchers.pk


def test_the_home_page_promise_of_training_links_to_the_listing(client, db):
    call_command("load_demo_data")
    call_command("load_demo_data")
    index = TrainingIndexPage.objects.get()
    body = str(HomePage.objects.get().body)
    assert body.count(f'href="{index.url}"') == 1
    page = client.get("/").content.decode()
    assert f'<a href="{index.url}">training</a>, and a record of the skills you gain' in page
