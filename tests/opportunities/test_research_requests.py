"""A researcher asks for public input; staff triage the request; the researcher sees how
it is going and says what changed because of the members' input."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from involvement.models import ImpactEntry
from members.factories import MemberFactory, ResearcherFactory
from members.models import Topic
from opportunities.factories import (
    ResearchRequestFactory,
    opportunity_create,
    opportunity_index_get_or_create,
)
from opportunities.models import Application, OpportunityPage, ResearchRequest
from opportunities.services.applications import application_submit
from opportunities.services.involvement import application_involvement_record
from opportunities.services.research_requests import (
    ResearchRequestError,
    opportunity_create_from_research_request,
    research_request_set_status,
)
from opportunities.services.selection import application_decide

pytestmark = pytest.mark.django_db


def impact_of(opportunity):
    """The impact entries of the opportunity's activity (none before it has one)."""
    activity_id = OpportunityPage.objects.values_list("activity", flat=True).get(pk=opportunity.pk)
    return ImpactEntry.objects.filter(activity_id=activity_id)


TODAY = timezone.localdate()
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


# The first page asks how the researcher would like input; the project page follows,
# with that answer in its address, and nothing is saved until it is answered.
PROJECT_PAGE = "/requests/new/?page=project&route=individuals"


def apply(member, opportunity):
    return application_submit(member=member, opportunity=opportunity, statement="Keen to help")


def test_a_researcher_answers_the_pages_checks_and_sends(
    client, researcher, django_capture_on_commit_callbacks
):
    client.force_login(researcher)
    # Nothing is saved until the first pages are answered (issue 14: no empty drafts).
    assert "How would you like the public" in client.get("/requests/new/").content.decode()
    response = client.post("/requests/new/", {"route": "individuals"})
    assert response["Location"] == PROJECT_PAGE
    assert "Your project" in client.get(PROJECT_PAGE).content.decode()
    assert not ResearchRequest.objects.exists()
    response = client.post(PROJECT_PAGE, ANSWERS[0][1])
    research_request = ResearchRequest.objects.get(researcher=researcher)
    assert response["Location"] == f"/requests/{research_request.pk}/role/"
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
    response = client.post(PROJECT_PAGE, {"project_title": "", "summary": "Kept"})
    page = response.content.decode()
    assert "<title>Error:" in page and "Enter your project&#x27;s title" in page
    assert "Kept</textarea>" in page and not ResearchRequest.objects.exists()
    client.post(PROJECT_PAGE, ANSWERS[0][1])
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
    client.post(PROJECT_PAGE, ANSWERS[0][1])
    research_request = ResearchRequest.objects.get()
    response = client.post(f"/requests/{research_request.pk}/check/")
    assert "Answer every question before sending the request." in response.content.decode()
    research_request.refresh_from_db()
    assert research_request.status == ResearchRequest.Status.DRAFT


def test_only_approved_researchers_start_requests(client, member):
    client.force_login(member)
    assert client.post("/requests/new/", ANSWERS[0][1]).status_code == 403
    assert client.get("/requests/new/").status_code == 403
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
        research_request_set_status(
            research_request=research_request,
            status="changes",
            message="Please add the dates.",
            by=staff,
        )
    assert "Please add the dates." in mail.outbox[-1].body
    assert research_request.events.get().by == staff
    with pytest.raises(ResearchRequestError):
        research_request_set_status(
            research_request=research_request, status="accepted", message="", by=staff
        )


def test_declining_or_asking_for_changes_needs_a_message(staff, researcher):
    research_request = ResearchRequestFactory(researcher=researcher)
    for status in ["changes", "declined"]:
        with pytest.raises(ResearchRequestError, match="Write a message"):
            research_request_set_status(
                research_request=research_request, status=status, message=" ", by=staff
            )


def test_after_changes_the_researcher_sends_it_again(client, staff, researcher):
    research_request = ResearchRequestFactory(researcher=researcher)
    research_request_set_status(
        research_request=research_request, status="changes", message="Add dates", by=staff
    )
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
    research_request_set_status(
        research_request=research_request, status="accepted", message="", by=staff
    )
    page = opportunity_create_from_research_request(research_request=research_request, by=staff)
    page = OpportunityPage.objects.get(pk=page.pk)
    assert not page.live
    assert page.title == research_request.project_title
    assert page.places == 4 and page.request == research_request
    assert page.researcher == researcher
    assert page.place == "To be confirmed"
    assert page.get_latest_revision() is not None


def test_an_undecided_request_cannot_become_an_opportunity(staff, researcher):
    opportunity_index_get_or_create()
    with pytest.raises(ResearchRequestError):
        opportunity_create_from_research_request(
            research_request=ResearchRequestFactory(), by=staff
        )


def test_staff_triage_a_request_and_create_an_opportunity(admin_login, staff, researcher):
    opportunity_index_get_or_create()
    research_request = ResearchRequestFactory(researcher=researcher)
    client = admin_login(staff)
    assert (
        research_request.project_title in client.get("/admin/requests-for-input/").content.decode()
    )
    response = client.post(
        f"/admin/requests-for-input/{research_request.pk}/", {"status": "accepted", "message": ""}
    )
    assert response.status_code == 302
    research_request.refresh_from_db()
    assert research_request.status == ResearchRequest.Status.ACCEPTED
    response = client.post(f"/admin/requests-for-input/{research_request.pk}/create-opportunity/")
    page = OpportunityPage.objects.get(request=research_request)
    assert response["Location"] == f"/admin/pages/{page.pk}/edit/"


def test_declining_without_a_message_is_refused_with_the_form_kept(admin_login, staff):
    research_request = ResearchRequestFactory()
    response = admin_login(staff).post(
        f"/admin/requests-for-input/{research_request.pk}/", {"status": "declined", "message": ""}
    )
    assert "Write a message to the researcher" in response.content.decode()
    research_request.refresh_from_db()
    assert research_request.status == ResearchRequest.Status.SUBMITTED


@pytest.mark.parametrize("who", ["member", "researcher"])
def test_members_and_researchers_cannot_use_the_requests_screens(client, request, who):
    research_request = ResearchRequestFactory()
    client.force_login(request.getfixturevalue(who))
    for url in [
        "/admin/requests-for-input/",
        f"/admin/requests-for-input/{research_request.pk}/",
    ]:
        assert client.get(url).status_code in (302, 403), url


def test_the_staff_requests_list_keeps_a_fixed_query_count(
    admin_login, staff, django_assert_max_num_queries
):
    def add(n):
        for _ in range(n):
            ResearchRequestFactory()
            opportunity_create()

    url = "/admin/requests-for-input/"
    client = admin_login(staff)
    add(2)
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    add(12)
    with django_assert_max_num_queries(40) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_researcher_sees_counts_and_only_shared_names(client, staff, researcher):
    research_request = ResearchRequestFactory(researcher=researcher, status="accepted")
    opportunity = opportunity_create(request=research_request, researcher=researcher, places=3)
    sharer = MemberFactory(name="Shares Name", email="sharer@example.org")
    private = MemberFactory(name="Keeps Private", email="private@example.org")
    application_submit(
        member=sharer, opportunity=opportunity, statement="My secret reason", share_name=True
    )
    application_submit(member=private, opportunity=opportunity, statement="Another reason")
    apply(MemberFactory(name="Not Chosen"), opportunity)
    for application in Application.objects.filter(member__in=[sharer, private]):
        application_decide(application=application, status="selected", message="", by=staff)

    client.force_login(researcher)
    page = client.get(f"/requests/{research_request.pk}/").content.decode()
    assert "People who applied" in page and ">3<" in page
    assert "Shares Name" in page
    for hidden in ["Keeps Private", "Not Chosen", "sharer@example.org", "My secret reason"]:
        assert hidden not in page


def test_the_researcher_tells_members_what_changed(
    client, staff, researcher, django_capture_on_commit_callbacks
):
    research_request = ResearchRequestFactory(researcher=researcher, status="accepted")
    opportunity = opportunity_create(request=research_request, researcher=researcher)
    application = apply(MemberFactory(email="took.part@example.org"), opportunity)
    application_decide(application=application, status="selected", message="", by=staff)
    application_involvement_record(
        application=application, attended=True, started_on=TODAY, hours=1, by=staff
    )
    client.force_login(researcher)
    url = f"/requests/{research_request.pk}/impact/{opportunity.pk}/"
    field = f"impact-{opportunity.pk}-what_changed"
    empty = client.post(url, {field: ""})
    assert "Say what changed" in empty.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {field: "We changed the consent form."})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["took.part@example.org"]]
    assert impact_of(opportunity).get().added_by == researcher


def test_another_researcher_cannot_add_impact(client, researcher):
    research_request = ResearchRequestFactory(researcher=researcher, status="accepted")
    opportunity = opportunity_create(request=research_request, researcher=researcher)
    client.force_login(ResearcherFactory(email="other@research.example.ac.uk"))
    url = f"/requests/{research_request.pk}/impact/{opportunity.pk}/"
    field = f"impact-{opportunity.pk}-what_changed"
    assert client.post(url, {field: "Not mine"}).status_code == 404
    assert not impact_of(opportunity).exists()


# --- Issue 14: labels, no empty drafts, what happens next, pre-filled opportunities ---


def test_the_research_organisation_says_researchers_need_it(client):
    page = client.get("/accounts/signup/").content.decode()
    assert "Research organisation (needed if you are a researcher)" in page
    assert "Research organisation (optional)" not in page


def test_requesting_input_and_leaving_leaves_no_untitled_draft(client, researcher):
    # Made before: a draft with nothing in it is not listed (and the migration removed
    # those already made).
    ResearchRequest.objects.create(researcher=researcher)
    client.force_login(researcher)
    client.get("/requests/new/")
    listing = client.get("/requests/").content.decode()
    assert "Untitled request" not in listing
    assert "You have not asked for public input yet." in listing
    assert ResearchRequest.objects.count() == 1


def test_the_migration_removes_empty_drafts_only(researcher):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("opportunities.migrations.0013_remove_empty_request_drafts")
    ResearchRequest.objects.create(researcher=researcher)
    started = ResearchRequest.objects.create(researcher=researcher, project_title="Started")
    sent = ResearchRequestFactory(researcher=researcher)
    migration.remove_empty_drafts(apps, None)
    assert set(ResearchRequest.objects.all()) == {started, sent}


@pytest.mark.parametrize(
    ("status", "says"),
    [
        ("draft", "Not sent yet: the involvement team sees it once you send it."),
        ("submitted", "The involvement team will look at it by"),
        ("in_review", "They will accept it, or ask you for changes"),
        ("changes", "then send it again."),
        ("accepted", "We will publish the opportunity for members by"),
        ("declined", "You can ask for public input again at any time."),
    ],
)
def test_each_status_says_what_happens_next(client, researcher, status, says):
    research_request = ResearchRequestFactory(researcher=researcher, status=status)
    client.force_login(researcher)
    assert says in client.get("/requests/").content.decode()
    if status != "draft":
        assert says in client.get(f"/requests/{research_request.pk}/").content.decode()


def test_an_accepted_request_says_when_the_opportunity_will_be_published(client, researcher):
    from home.datetimes import format_date

    research_request = ResearchRequestFactory(
        researcher=researcher, status="accepted", deadline=TODAY + datetime.timedelta(days=60)
    )
    client.force_login(researcher)
    by = format_date(TODAY + datetime.timedelta(days=14), weekday=False)
    assert (
        f"We will publish the opportunity for members by {by}"
        in client.get(f"/requests/{research_request.pk}/").content.decode()
    )
    # Once it is published: until when members can apply.
    opportunity = opportunity_create(request=research_request)
    closing = format_date(opportunity.closing_date, weekday=False)
    assert f"Members can apply until {closing}." in client.get("/requests/").content.decode()


def test_the_opportunity_gets_each_answer_in_its_place_and_the_rate_cards_figure(staff, researcher):
    from reciprocity.factories import rate_card_example

    rate_card_example()
    opportunity_index_get_or_create()
    research_request = ResearchRequestFactory(
        researcher=researcher,
        role_kind="reviewing",
        time_needed="2 hours each",
        experience_wanted="People who use insulin <daily>",
        dates_needed="Two evenings in March",
        payment_detail="Paid within 30 days.",
    )
    research_request_set_status(
        research_request=research_request, status="accepted", message="", by=staff
    )
    page = opportunity_create_from_research_request(research_request=research_request, by=staff)
    assert page.what_involves == (
        "<p><b>What you would do:</b> Reviewing documents</p>"
        "<p><b>Time it takes:</b> 2 hours each</p>"
        "<p><b>Who we are looking for:</b> People who use insulin &lt;daily&gt;</p>"
    )
    assert page.dates == "Two evenings in March"
    assert page.payment_offer == (
        "£25 an hour for up to 3 hours, £75 for up to half a day, £150 for a longer day. "
        "Paid within 30 days."
    )
    assert "standard rates" not in page.payment_offer


def test_without_a_rate_card_the_payment_asks_staff_for_the_amount(staff, researcher):
    opportunity_index_get_or_create()
    research_request = ResearchRequestFactory(researcher=researcher, payment_detail="")
    research_request_set_status(
        research_request=research_request, status="accepted", message="", by=staff
    )
    page = opportunity_create_from_research_request(research_request=research_request, by=staff)
    assert page.payment_offer == (
        "Paid at our organisation's rates: add the amount before publishing."
    )


def test_researchers_choose_conditions_under_plain_categories(client, researcher):
    client.force_login(researcher)
    research_request = ResearchRequest.objects.create(
        researcher=researcher, project_title="Started"
    )
    page = client.get(f"/requests/{research_request.pk}/people/").content.decode()
    assert ">Lungs and breathing</legend>" in page and "Respiratory" not in page
    assert "Lungs and breathing: any, or another not listed" in page
    assert "Step 4 of " in page and "Question" not in page  # a page of several questions
    copd = Topic.objects.get(name="COPD")
    response = client.post(
        f"/requests/{research_request.pk}/people/", {"people_needed": "4", "topics": [copd.pk]}
    )
    assert response.status_code == 302
    assert list(ResearchRequest.objects.get().topics.all()) == [copd]
