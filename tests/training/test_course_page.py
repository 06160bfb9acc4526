"""A course's page: what it is, its sessions with places left, and the signed-in
person's own bookings. The joining link only for the people booked."""

import pytest
from django.utils import timezone

from members.factories import MemberFactory, ResearcherFactory
from members.models import Skill
from training.factories import course_create, course_session_create
from training.models import CourseFormat, CourseSession
from training.services.bookings import booking_make

pytestmark = pytest.mark.django_db
LINK = "https://meet.example.org/secret-room"


@pytest.fixture
def course(db):
    return course_create(
        title="How research works",
        outcomes="How a project runs",
        access_information="Captions on every video.",
        is_paid=True,
    )


@pytest.fixture
def online(course):
    return course_session_create(course=course, capacity=2, joining_link=LINK, days=9)


def page_of(client, course) -> str:
    return client.get(course.url).content.decode()


def test_the_page_says_what_the_course_is_and_who_it_is_for(client, course):
    skill = Skill.objects.first()
    induction = course_create(title="Induction")
    course.skills.set([skill])
    course.prerequisites.set([induction])
    course.save_revision().publish()
    page = page_of(client, course)
    for text in (
        "How research works",
        "Public members",
        "Online, live",
        "One session of 2 hours",
        "Attending is paid involvement",
        "How a project runs",
        "Captions on every video.",
        skill.name,
        f'href="{induction.url}">Induction</a>',
    ):
        assert text in page


def test_a_self_paced_course_gives_its_link_and_nothing_to_book(client):
    course = course_create(format=CourseFormat.SELF_PACED, link="https://learn.example.org/x")
    page = page_of(client, course)
    assert 'href="https://learn.example.org/x"' in page and "Book a place" not in page


def test_sessions_show_when_where_places_left_deadline_and_facilitator(client, course, member):
    in_person = course_session_create(
        course=course,
        mode=CourseSession.Mode.IN_PERSON,
        place="The Guildhall, Room 2",
        access_information="Step-free entrance",
        capacity=5,
        facilitator="Amara Okafor",
        booking_deadline=timezone.now() + timezone.timedelta(days=5),
        days=7,
    )
    booking_make(session=in_person, person=MemberFactory())
    client.force_login(member)
    page = page_of(client, course)
    for text in (
        in_person.when,
        "The Guildhall, Room 2",
        "Step-free entrance",
        "Amara Okafor",
        "4 places left",
        "Booking closes",
        f'href="/training/sessions/{in_person.pk}/book/"',
    ):
        assert text in page


def test_past_and_cancelled_sessions_are_not_shown(client, course):
    gone = course_session_create(course=course, days=-2)
    off = course_session_create(course=course, days=4, hour=10, cancelled_at=timezone.now())
    page = page_of(client, course)
    assert gone.when not in page and off.when not in page


def test_a_full_session_offers_the_waiting_list(client, course, online, member):
    booking_make(session=online, person=MemberFactory())
    booking_make(session=online, person=MemberFactory())
    client.force_login(member)
    page = page_of(client, course)
    assert "Full: you can join the waiting list" in page
    assert "Join the waiting list" in page


def test_the_joining_link_is_shown_only_to_people_booked_on_the_session(client, course, online):
    booked, waiting, other = MemberFactory(), MemberFactory(), MemberFactory()
    booking_make(session=online, person=booked)
    booking_make(session=online, person=MemberFactory())
    booking_make(session=online, person=waiting)
    assert LINK not in page_of(client, course)  # not signed in
    for person in (other, waiting):
        client.force_login(person)
        assert LINK not in page_of(client, course)
    client.force_login(booked)
    assert LINK in page_of(client, course)


def test_the_person_sees_their_booking_with_calendar_links_and_cancel(client, course, online):
    person = MemberFactory()
    booking = booking_make(session=online, person=person)
    client.force_login(person)
    page = page_of(client, course)
    assert "You are booked." in page
    assert f"/training/bookings/{booking.pk}/calendar.ics" in page
    assert "calendar.google.com" in page and "outlook.live.com" in page
    assert f"/training/bookings/{booking.pk}/cancel/" in page


def test_the_person_sees_their_number_on_the_waiting_list(client, course, online):
    for _ in range(2):
        booking_make(session=online, person=MemberFactory())
    first, person = MemberFactory(), MemberFactory()
    booking_make(session=online, person=first)
    booking_make(session=online, person=MemberFactory())
    booking_make(session=online, person=person)
    client.force_login(person)
    assert "You are number 3 on the waiting list." in page_of(client, course)


def test_people_the_course_is_not_for_are_told_and_not_offered_a_booking(client, course, online):
    client.force_login(ResearcherFactory())
    page = page_of(client, course)
    assert "This course is for: public members." in page and "Book a place" not in page


def test_visitors_are_asked_to_sign_in(client, course, online):
    page = page_of(client, course)
    assert "Sign in to book a place." in page and "Book a place<" not in page


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_course_page_query_count_does_not_grow(
    client, course, django_assert_max_num_queries, signed_in
):
    person = MemberFactory()
    if signed_in:
        client.force_login(person)

    def add_sessions(n):
        for day in range(n):
            session = course_session_create(course=course, days=day + 2, capacity=3)
            booking_make(session=session, person=person)
            for _ in range(2):
                booking_make(session=session, person=MemberFactory())

    add_sessions(2)
    client.get(course.url)
    with django_assert_max_num_queries(40) as few:
        client.get(course.url)
    add_sessions(18)
    with django_assert_max_num_queries(40) as many:
        page = client.get(course.url).content.decode()
    assert page.count("nhsuk-card__heading") == 20
    assert len(many.captured_queries) == len(few.captured_queries)


def test_visitors_cached_copy_shows_the_places_left_after_a_booking(
    client, course, online, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    assert "2 places left" in page_of(client, course)
    assert client.get(course.url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        booking_make(session=online, person=MemberFactory())
    response = client.get(course.url)
    assert response["X-Page-Cache"] == "miss"
    assert "1 place left" in response.content.decode()
    assert LINK not in response.content.decode()


def test_visitors_cached_listing_is_kept_per_query(client, course, online, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    index = course.get_parent()
    client.get(f"{index.url}?audience=members")
    assert client.get(f"{index.url}?audience=members")["X-Page-Cache"] == "hit"
    assert client.get(f"{index.url}?utm_source=x")["X-Page-Cache"] == "miss"
    assert client.get(f"{index.url}?utm_source=x")["X-Page-Cache"] == "miss"


def test_a_course_in_two_parts_says_so_and_names_each_session_s_part(client):
    course = course_create(title="Research in two evenings")
    course_session_create(course=course, days=5, part=1)
    course_session_create(course=course, days=12, part=2)
    response = client.get(course.url)
    assert "given in 2 parts: book one date for each part" in response.text
    assert "Part 2:" in response.text


def test_a_course_run_on_two_dates_is_not_in_parts(client):
    course = course_create(title="Welcome to the group")
    course_session_create(course=course, days=5)
    course_session_create(course=course, days=12)
    response = client.get(course.url)
    assert "parts" not in response.text and "Part 1:" not in response.text
