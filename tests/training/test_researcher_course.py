"""The course for researchers (TrainingSettings.researcher_induction): researchers are
told about it on their requests' pages before or after their first request, and
emailed once after it ("after"); "required" tells them they need it and shows staff
"Researcher's course not done" beside their request, and never stops a request being
sent (researchers have grant deadlines). Opportunities never imports training: the
hooks are involvement's (researcher_notices, research_request_sent, researcher_badges)."""

import pytest
from django.core import mail

from opportunities.factories import ResearchRequestFactory
from opportunities.models import ResearchRequest
from opportunities.services.research_requests import research_request_submit
from tests.training.helpers import completed, training_settings_set
from training.factories import course_create, course_session_create
from training.models import Booking, TrainingSettings

pytestmark = pytest.mark.django_db

RECOMMENDED = TrainingSettings.ResearcherRule.RECOMMENDED
REQUIRED = TrainingSettings.ResearcherRule.REQUIRED
BEFORE = TrainingSettings.ResearcherWhen.BEFORE
AFTER = TrainingSettings.ResearcherWhen.AFTER


@pytest.fixture
def course(db):
    return course_create(
        title="Working with the public in research", for_members=False, for_researchers=True
    )


def settings_for(course, rule, when):
    return training_settings_set(
        researcher_induction=course, researcher_rule=rule, researcher_when=when
    )


def draft(researcher):
    return ResearchRequestFactory(researcher=researcher, status="draft", submitted_at=None)


def send(researcher, capture):
    research_request = draft(researcher)
    with capture(execute=True):
        research_request_submit(research_request=research_request)
    return research_request


def requests_page(client, researcher) -> str:
    client.force_login(researcher)
    return client.get("/requests/").content.decode()


def test_without_a_course_set_researchers_are_told_nothing(client, researcher, course):
    page = requests_page(client, researcher)
    assert "course for researchers" not in page


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        (RECOMMENDED, "Before you send your first request, we recommend you take our course"),
        (REQUIRED, "Before you send your first request, you need to take our course"),
    ],
)
def test_before_the_first_request_the_researcher_is_invited_on_their_pages(
    client, researcher, course, rule, words
):
    settings_for(course, rule, BEFORE)
    page = requests_page(client, researcher)
    assert words in page
    assert f'<a href="{course.url}">Working with the public in research</a>' in page
    assert words in client.get("/requests/new/").content.decode()


def test_once_a_request_is_sent_a_recommended_course_is_not_mentioned_again(
    client, researcher, course
):
    settings_for(course, RECOMMENDED, BEFORE)
    ResearchRequestFactory(researcher=researcher)  # sent
    assert "course for researchers" not in requests_page(client, researcher)


def test_once_a_request_is_sent_a_required_course_is_still_asked_for(client, researcher, course):
    settings_for(course, REQUIRED, BEFORE)
    ResearchRequestFactory(researcher=researcher)
    assert "You still need to take our course for researchers" in requests_page(client, researcher)


def test_a_required_course_never_stops_a_request_being_sent(
    researcher, course, django_capture_on_commit_callbacks
):
    settings_for(course, REQUIRED, BEFORE)
    research_request = send(researcher, django_capture_on_commit_callbacks)
    research_request.refresh_from_db()
    assert research_request.status == ResearchRequest.Status.SUBMITTED


@pytest.mark.parametrize("how", ["completed", "declared", "booked", "waiting"])
def test_a_researcher_who_took_or_booked_the_course_is_not_invited(client, researcher, course, how):
    settings_for(course, REQUIRED, BEFORE)
    if how in ("completed", "declared"):
        completed(researcher, course, status=how)
    else:
        session = course_session_create(course=course)
        Booking.objects.create(
            session=session,
            person=researcher,
            status=how,
            queue_number=1 if how == "waiting" else None,
        )
    assert "course for researchers" not in requests_page(client, researcher)


def test_an_unpublished_course_is_not_offered(client, researcher):
    draft_course = course_create(title="Not ready", publish=False, for_researchers=True)
    settings_for(draft_course, REQUIRED, BEFORE)
    assert "course for researchers" not in requests_page(client, researcher)


def test_before_the_first_request_nothing_is_said_when_the_invitation_comes_after(
    client, researcher, course
):
    settings_for(course, RECOMMENDED, AFTER)
    assert "course for researchers" not in requests_page(client, researcher)


@pytest.mark.parametrize(
    ("rule", "words"),
    [(RECOMMENDED, "We recommend our course for researchers"), (REQUIRED, "you need to take")],
)
def test_after_the_first_request_the_researcher_is_emailed_once(
    researcher, course, django_capture_on_commit_callbacks, rule, words
):
    settings_for(course, rule, AFTER)
    mail.outbox.clear()
    send(researcher, django_capture_on_commit_callbacks)
    invitations = [m for m in mail.outbox if "Our course for researchers" in m.subject]
    assert len(invitations) == 1 and invitations[0].to == [researcher.email]
    assert words in invitations[0].body and course.url in invitations[0].body
    assert "does not hold it up" in invitations[0].body
    # Their second request (or sending one again after changes) invites nobody again.
    send(researcher, django_capture_on_commit_callbacks)
    assert len([m for m in mail.outbox if "Our course for researchers" in m.subject]) == 1


def test_when_the_invitation_comes_before_no_email_follows_the_first_request(
    researcher, course, django_capture_on_commit_callbacks
):
    settings_for(course, REQUIRED, BEFORE)
    mail.outbox.clear()
    send(researcher, django_capture_on_commit_callbacks)
    assert not [m for m in mail.outbox if "Our course for researchers" in m.subject]


def test_the_page_after_sending_invites_them_when_the_invitation_comes_after(
    client, researcher, course
):
    settings_for(course, RECOMMENDED, AFTER)
    research_request = ResearchRequestFactory(researcher=researcher)
    client.force_login(researcher)
    page = client.get(f"/requests/{research_request.pk}/sent/").content.decode()
    assert "Now you have sent a request, we recommend you take our course" in page
    completed(researcher, course)
    page = client.get(f"/requests/{research_request.pk}/sent/").content.decode()
    assert "course for researchers" not in page


@pytest.mark.parametrize(("rule", "shown"), [(REQUIRED, True), (RECOMMENDED, False)])
def test_staff_see_a_required_course_not_done_beside_the_request(
    admin_login, staff, researcher, course, rule, shown
):
    settings_for(course, rule, AFTER)
    research_request = ResearchRequestFactory(researcher=researcher)
    client = admin_login(staff)
    url = f"/admin/requests-for-input/{research_request.pk}/"
    page = client.get(url).content.decode()
    assert ("Researcher&#x27;s course not done" in page) is shown
    completed(researcher, course)
    assert "course not done" not in client.get(url).content.decode()
