"""The public course listing: filters, search, pages and helpful empty states."""

import pytest
from django.utils import timezone

from members.models import Skill
from training.factories import course_create, course_session_create
from training.models import CourseFormat
from training.services.courses import training_index_get_or_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(db):
    return training_index_get_or_create()


def listing(client, index, query=""):
    return client.get(f"{index.url}?{query}").content.decode()


def test_each_course_says_who_it_is_for_its_format_time_payment_and_next_session(client, index):
    course = course_create(
        title="Working with researchers",
        for_researchers=True,
        format=CourseFormat.IN_PERSON,
        time_needed="Two sessions of 2 hours",
        is_paid=True,
    )
    later = course_session_create(course=course, days=20)
    soon = course_session_create(course=course, days=10, place="Room 1")
    page = listing(client, index)
    assert "1 course" in page and "Working with researchers" in page
    assert "For: public members, researchers" in page
    assert "In person · Two sessions of 2 hours" in page
    assert "Paid: attending counts as paid involvement" in page
    assert f"Next session: {soon.when}" in page and later.when not in page
    assert "(and 1 more date)" in page


def test_cancelled_and_past_sessions_are_not_the_next_session(client, index):
    course = course_create(title="Induction")
    course_session_create(course=course, days=3, cancelled_at=timezone.now())
    course_session_create(course=course, days=-3)
    page = listing(client, index)
    assert "No sessions booked in yet" in page


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("audience=researchers", "For researchers", "For members"),
        ("audience=staff", "For staff", "For members"),
        ("format=reading", "For staff", "For members"),
        ("upcoming=on", "For members", "For researchers"),
        ("q=plain+english", "For researchers", "For members"),
    ],
)
def test_filters_narrow_the_list(client, index, query, shown, hidden):
    members = course_create(title="For members")
    course_session_create(course=members)
    course_create(
        title="For researchers",
        for_members=False,
        for_researchers=True,
        summary="Writing in plain English for the public.",
    )
    course_create(title="For staff", for_members=False, for_staff=True, format=CourseFormat.READING)
    page = listing(client, index, query)
    assert shown in page and hidden not in page


def test_the_skill_filter_finds_courses_that_give_it(client, index):
    skill = Skill.objects.first()
    course_create(title="Gives the skill", skills=[skill])
    course_create(title="Gives nothing")
    page = listing(client, index, f"skill={skill.pk}")
    assert "Gives the skill" in page and "Gives nothing" not in page


def test_unpublished_courses_are_not_listed(client, index):
    course_create(title="Draft course", publish=False)
    assert "Draft course" not in listing(client, index)


def test_with_no_courses_at_all_the_page_says_so(client, index):
    page = listing(client, index)
    assert "There are no courses yet" in page and "Clear the filters" not in page


def test_with_no_course_matching_the_filters_it_offers_to_clear_them(client, index):
    course_create(title="For members")
    page = listing(client, index, "audience=staff")
    assert "No courses match these filters." in page
    assert f'href="{index.url}">Clear the filters' in page


def test_results_come_in_pages_of_20_keeping_the_filters(client, index):
    for n in range(25):
        course_create(title=f"Course {n:02d}", for_researchers=True)
    page = listing(client, index, "audience=researchers")
    assert "25 courses" in page and "Page 1 of 2" in page
    assert "audience=researchers&amp;page=2" in page
    assert "Page 2 of 2" in listing(client, index, "audience=researchers&page=2")


def test_a_value_the_filters_do_not_offer_is_an_error_not_a_crash(client, index):
    response = client.get(f"{index.url}?format=nonsense")
    assert response.status_code == 200
    assert "<title>Error:" in response.content.decode()


@pytest.mark.parametrize("query", ["", "upcoming=on", "audience=members&q=course"])
def test_the_listing_query_count_does_not_grow(
    client, index, member, django_assert_max_num_queries, query
):
    """Whatever the number of courses and of their sessions, signed in or not."""
    for _ in range(3):
        course_session_create(course=course_create())
    url = f"{index.url}?{query}"
    for who in (None, member):
        if who:
            client.force_login(who)
        client.get(url)  # warm caches
        with django_assert_max_num_queries(30) as few:
            assert "Course 1" in client.get(url).content.decode()
        for n in range(30):
            course = course_create()
            for days in range(1, 2 + n % 4):
                course_session_create(course=course, days=days)
        with django_assert_max_num_queries(30) as many:
            client.get(url)
        assert len(many.captured_queries) == len(few.captured_queries)
