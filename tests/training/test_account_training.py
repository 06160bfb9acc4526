"""'Your training' on the account page: booked, waiting, completed with certificates,
waiting for staff; a fixed number of queries however much; kept per person and
changed at once when a completion changes. Also the member record, the data download
and erasure."""

import pytest
from django.utils import timezone

from home import page_cache
from home.demo_content import demo_pages_create
from members.factories import MemberFactory
from members.hooks import personal_data_requested
from members.models import User
from tests.training.completion_helpers import completed, self_paced_course
from training.factories import course_create, course_session_create
from training.models import Booking, Completion
from training.services.completions import completion_declare, completion_revoke
from training.services.courses import training_index_get_or_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pages(db):
    demo_pages_create()
    training_index_get_or_create()


def book(person, session, status=Booking.Status.BOOKED, queue_number=None):
    return Booking.objects.create(
        session=session, person=person, status=status, queue_number=queue_number
    )


def account(client) -> str:
    response = client.get("/account/")
    assert response.status_code == 200
    return response.content.decode()


def test_an_empty_section_links_to_the_courses(client, member):
    client.force_login(member)
    page = account(client)
    assert "Your training" in page
    assert "You have not booked or completed any training yet." in page
    assert 'href="/training/"' in page


def test_the_section_lists_bookings_waiting_places_completions_and_declarations(client, member):
    course = course_create(title="Chairing meetings")
    session = course_session_create(course=course, days=10)
    full = course_session_create(course=course_create(title="Data basics"), days=12)
    book(member, session)
    book(MemberFactory(), full, Booking.Status.WAITING, queue_number=1)
    book(member, full, Booking.Status.WAITING, queue_number=2)
    done = completed(member, title="Working together")
    completion_declare(person=member, course=self_paced_course(title="Plain English"))
    client.force_login(member)
    page = account(client)
    assert "Chairing meetings" in page and course.url in page
    assert "You are number 2 on the waiting list." in page
    assert "Working together" in page and f"/training/certificates/{done.pk}/" in page
    assert "Plain English: you told us you finished it" in page


def test_past_and_cancelled_bookings_are_not_listed(client, member):
    past = course_session_create(course=course_create(title="Last year's course"), days=-30)
    book(member, past)
    cancelled = course_session_create(course=course_create(title="Called off"), days=5)
    book(member, cancelled)
    cancelled.cancelled_at = timezone.now()
    cancelled.save()
    client.force_login(member)
    page = account(client)
    assert "Last year's course" not in page and "Called off" not in page


def test_the_section_costs_the_same_queries_with_one_or_many(client, django_assert_max_num_queries):
    from training.selectors.account import training_of

    few, many = MemberFactory(), MemberFactory()
    book(few, course_session_create(course=course_create()))
    completed(few)
    for n in range(6):
        book(many, course_session_create(course=course_create(title=f"Course {n}")))
        completed(many, title=f"Done {n}")
    training_of(few)  # Wagtail keeps the site's root paths after the first page URL
    counts = []
    for person in (few, many):
        # Bookings, completions; the listing's address (kept with the public pages,
        # which the test settings turn off: then three more).
        with django_assert_max_num_queries(5) as captured:
            training_of(person)
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
    # And the whole page, with the section in it.
    client.force_login(few)
    client.get("/account/")
    pages = []
    for person in (few, many):
        client.force_login(person)
        with django_assert_max_num_queries(40) as captured:
            client.get("/account/")
        pages.append(len(captured.captured_queries))
    assert pages[0] == pages[1]


def test_a_completion_changes_the_cached_page_at_once(
    client, member, settings, staff, django_capture_on_commit_callbacks
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    try:
        client.force_login(member)
        assert "You have not booked or completed any training yet." in account(client)
        # Kept: the same page again, from the cache.
        assert "You have not booked or completed any training yet." in account(client)
        with django_capture_on_commit_callbacks(execute=True):
            completion = completed(member, title="Working together")
        page = account(client)
        assert "Working together" in page
        with django_capture_on_commit_callbacks(execute=True):
            completion_revoke(completion=completion, by=staff, reason="Mistake")
        page = account(client)
        assert "Certificates revoked" in page and "Courses you have completed" not in page
        with django_capture_on_commit_callbacks(execute=True):
            completion_declare(person=member, course=self_paced_course(title="Plain English"))
        assert "Plain English: you told us you finished it" in account(client)
    finally:
        page_cache._paused_until = 0.0
        page_cache._bump_pending = False


def test_the_member_record_shows_their_training(admin_login, staff, member):
    completion = completed(member, title="Working together")
    book(member, course_session_create(course=course_create(title="Chairing meetings")))
    page = admin_login(staff).get(f"/admin/members/{member.pk}/").content.decode()
    assert "Working together" in page and "Chairing meetings" in page
    assert f"/admin/training/completions/{completion.pk}/" in page


def test_the_data_download_has_bookings_and_completions(member):
    completed(member, title="Working together")
    sections = dict(
        section
        for _receiver, section in personal_data_requested.send(sender=User, user=member)
        if section
    )
    training = sections["Your training"]
    assert training["Courses completed"][0]["Course"] == "Working together"


def test_erasure_deletes_bookings_completions_and_so_the_check(client, member):
    from members.services.personal_data import account_erase

    completion = completed(member)
    completion.verifiable = True
    completion.save()
    book(member, course_session_create(course=course_create()))
    code = completion.certificate_code
    assert client.get(f"/certificates/{code}/").status_code == 200
    account_erase(user=member)
    assert not Completion.objects.filter(certificate_code=code).exists()
    assert not Booking.objects.exists()
    assert client.get(f"/certificates/{code}/").status_code == 404


def test_a_revoked_certificate_is_listed_with_the_way_to_its_page(client, member, staff):
    completion = completed(member, title="Working together")
    completion_revoke(completion=completion, by=staff, reason="Recorded for the wrong person")
    client.force_login(member)
    page = account(client)
    assert "Certificates revoked" in page
    assert f"/training/certificates/{completion.pk}/" in page
    assert "You have not booked or completed any training yet." not in page
