"""A researcher asks for public input; staff triage the request."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from members.factories import ResearcherFactory
from opportunities.factories import ResearchRequestFactory, opportunity_index_get_or_create
from opportunities.models import OpportunityPage, ResearchRequest
from opportunities.services import (
    RequestError,
    opportunity_create_from_request,
    request_set_status,
)

pytestmark = pytest.mark.django_db
IN_A_MONTH = (timezone.localdate() + datetime.timedelta(days=30)).strftime("%d/%m/%Y")

ANSWERS = [
    ("project", {"project_title": "Café conversations about dementia", "summary": "We want to…"}),
    ("role", {"research_stage": "design", "role_kind": "steering"}),
    ("people", {"people_needed": "4", "experience_wanted": "Carers"}),
    ("format", {"format": "in_person", "place": "Leeds"}),
    (
        "time",
        {
            "dates_needed": "Monthly, Tuesday evenings",
            "time_needed": "2 hours a month",
            "deadline": IN_A_MONTH,
        },
    ),
    ("payment", {"payment_offer": "rate_policy"}),
]


def test_a_researcher_answers_the_pages_checks_and_sends(
    client, researcher, django_capture_on_commit_callbacks
):
    client.force_login(researcher)
    response = client.post("/requests/new/")
    research_request = ResearchRequest.objects.get(researcher=researcher)
    assert response["Location"] == f"/requests/{research_request.pk}/project/"
    for slug, data in ANSWERS:
        response = client.post(f"/requests/{research_request.pk}/{slug}/", data)
        assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == f"/requests/{research_request.pk}/check/"
    page = client.get(response["Location"]).content.decode()
    assert "Café conversations about dementia" in page and "Leeds" in page

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/requests/{research_request.pk}/check/")
    assert response["Location"] == f"/requests/{research_request.pk}/sent/"
    research_request.refresh_from_db()
    assert research_request.status == ResearchRequest.Status.SUBMITTED
    assert [m.to for m in mail.outbox] == [[researcher.email]]
    listing = client.get("/requests/").content.decode()
    assert "Café conversations about dementia" in listing and "Sent" in listing


def test_errors_come_back_with_what_was_typed(client, researcher):
    client.force_login(researcher)
    client.post("/requests/new/")
    research_request = ResearchRequest.objects.get()
    response = client.post(
        f"/requests/{research_request.pk}/format/", {"format": "in_person", "place": ""}
    )
    page = response.content.decode()
    assert "<title>Error:" in page and "Enter where members would meet" in page
    assert re.search(r'value="in_person"[^>]*checked', page)  # the choice is kept
    response = client.post(
        f"/requests/{research_request.pk}/time/",
        {"dates_needed": "March", "time_needed": "2 hours", "deadline": "31/02/2027"},
    )
    assert "Enter a real date" in response.content.decode()
    response = client.post(
        f"/requests/{research_request.pk}/project/",
        {"project_title": "x" * 201, "summary": "ok"},
    )
    assert response.status_code == 200 and "<title>Error:" in response.content.decode()


def test_a_request_with_missing_answers_cannot_be_sent(client, researcher):
    client.force_login(researcher)
    client.post("/requests/new/")
    research_request = ResearchRequest.objects.get()
    response = client.post(f"/requests/{research_request.pk}/check/")
    assert "Answer every question before sending the request." in response.content.decode()
    research_request.refresh_from_db()
    assert research_request.status == ResearchRequest.Status.DRAFT


def test_only_approved_researchers_start_requests(client, member):
    client.force_login(member)
    assert client.post("/requests/new/").status_code == 403
    assert client.get("/requests/").status_code == 403
    assert not ResearchRequest.objects.exists()


def test_another_researcher_cannot_see_or_change_a_request(client, researcher):
    mine = ResearchRequestFactory(researcher=researcher)
    client.force_login(ResearcherFactory(email="other.researcher@example.org"))
    for url in [
        f"/requests/{mine.pk}/",
        f"/requests/{mine.pk}/check/",
        f"/requests/{mine.pk}/sent/",
        f"/requests/{mine.pk}/project/",
    ]:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(f"/requests/{mine.pk}/project/", {"project_title": "Mine now"}).status_code
        == 404
    )
    mine.refresh_from_db()
    assert mine.project_title != "Mine now"


def test_anonymous_visitors_are_sent_to_sign_in(client, researcher):
    mine = ResearchRequestFactory(researcher=researcher)
    for url in ["/requests/", f"/requests/{mine.pk}/", f"/requests/{mine.pk}/check/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_staff_move_a_request_on_with_a_message_and_the_researcher_is_emailed(
    staff, researcher, django_capture_on_commit_callbacks
):
    research_request = ResearchRequestFactory(researcher=researcher)
    with django_capture_on_commit_callbacks(execute=True):
        request_set_status(
            request=research_request, status="changes", message="Please add the dates.", by=staff
        )
    assert "Please add the dates." in mail.outbox[-1].body
    assert research_request.events.get().by == staff
    with pytest.raises(RequestError):
        request_set_status(request=research_request, status="accepted", message="", by=staff)


def test_declining_or_asking_for_changes_needs_a_message(staff, researcher):
    research_request = ResearchRequestFactory(researcher=researcher)
    for status in ["changes", "declined"]:
        with pytest.raises(RequestError, match="Write a message"):
            request_set_status(request=research_request, status=status, message=" ", by=staff)


def test_after_changes_the_researcher_sends_it_again(client, staff, researcher):
    research_request = ResearchRequestFactory(researcher=researcher)
    request_set_status(request=research_request, status="changes", message="Add dates", by=staff)
    client.force_login(researcher)
    page = client.get(f"/requests/{research_request.pk}/").content.decode()
    assert "Add dates" in page and "Change and send again" in page
    client.post(f"/requests/{research_request.pk}/check/")
    research_request.refresh_from_db()
    assert research_request.status == ResearchRequest.Status.SUBMITTED


def test_create_opportunity_from_request_prefills_a_draft(staff, researcher):
    opportunity_index_get_or_create()
    research_request = ResearchRequestFactory(
        researcher=researcher, format="in_person", place="", people_needed=4
    )
    request_set_status(request=research_request, status="accepted", message="", by=staff)
    page = opportunity_create_from_request(request=research_request, by=staff)
    page = OpportunityPage.objects.get(pk=page.pk)
    assert not page.live
    assert page.title == research_request.project_title
    assert page.places == 4 and page.request == research_request
    assert page.researcher == researcher
    assert page.place == "To be confirmed"
    assert page.get_latest_revision() is not None


def test_an_undecided_request_cannot_become_an_opportunity(staff, researcher):
    opportunity_index_get_or_create()
    with pytest.raises(RequestError):
        opportunity_create_from_request(request=ResearchRequestFactory(), by=staff)
