"""A request's route: recruit individuals (as before), a slot at a reference group's
meeting, or written comments from a group. The first question, its follow-ups beneath
their answers, the pages each route asks, the check page, sending, and staff triage."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from members.demo_content import demo_groups_create
from opportunities.factories import ResearchRequestFactory, opportunity_index_get_or_create
from opportunities.models import OpportunityPage, ResearchRequest, Route
from opportunities.services.research_requests import (
    ResearchRequestError,
    opportunity_create_from_research_request,
    research_request_missing_answers,
    research_request_set_status,
)

pytestmark = pytest.mark.django_db

IN_A_MONTH = (timezone.localdate() + datetime.timedelta(days=30)).strftime("%d/%m/%Y")
PROJECT = {"project_title": "Talking about insulin pumps", "summary": "We want to know…"}


@pytest.fixture
def group(db):
    return demo_groups_create()[0]


def checked(page: str, value: str) -> bool:
    return bool(re.search(rf'value="{value}"[^>]*checked', page))


def test_the_first_page_asks_how_with_a_hint_for_each_and_saves_nothing(client, researcher):
    client.force_login(researcher)
    page = client.get("/requests/new/").content.decode()
    assert "How would you like the public&#x27;s input?</legend>" in page
    assert "Step 1 of " in page
    for label in (
        "Recruit individual members for a role",
        "A slot at a reference group&#x27;s meeting",
        "Written comments from a reference group",
    ):
        assert label in page
    # A hint beneath each answer, tied to it.
    assert page.count('class="nhsuk-hint nhsuk-radios__hint"') == 3
    assert 'aria-describedby="id_route_1-hint"' in page
    # Which group and how long: beneath "a slot"; which group: beneath "comments".
    slot_box = page.split('id="id_route_1-conditional"')[1].split("</fieldset>")[0]
    assert 'name="meeting_group"' in slot_box and 'name="slot_minutes"' in slot_box
    comments_box = page.split('id="id_route_2-conditional"')[1]
    assert 'name="comments_group"' in comments_box
    assert "The involvement team will choose" in page
    # No answer is chosen for them.
    assert not any(checked(page, v) for v in Route.values)
    assert not ResearchRequest.objects.exists()


def test_a_meeting_slot_request_asks_only_its_pages_and_is_sent(
    client, researcher, group, django_capture_on_commit_callbacks
):
    client.force_login(researcher)
    response = client.post(
        "/requests/new/",
        {"route": "meeting_slot", "meeting_group": group.pk, "slot_minutes": "30"},
    )
    assert response.status_code == 302
    project_page = response["Location"]
    assert "page=project" in project_page and "route=meeting_slot" in project_page
    page = client.get(project_page).content.decode()
    assert "Step 2 of 5" in page
    assert not ResearchRequest.objects.exists()  # nothing until the project is answered
    response = client.post(project_page, PROJECT)
    research_request = ResearchRequest.objects.get()
    assert research_request.route == Route.MEETING_SLOT
    assert (research_request.group_id, research_request.slot_minutes) == (group.pk, 30)
    base = f"/requests/{research_request.pk}"
    assert response["Location"] == f"{base}/stage/"
    page = client.get(f"{base}/stage/").content.decode()
    assert "What stage is the research at?" in page and "What would members do?" not in page
    response = client.post(f"{base}/stage/", {"research_stage": "design"})
    assert response["Location"] == f"{base}/deadline/"
    response = client.post(f"{base}/deadline/", {"deadline": IN_A_MONTH})
    assert response["Location"] == f"{base}/payment/"
    response = client.post(f"{base}/payment/", {"payment_offer": "rate_policy"})
    assert response["Location"] == f"{base}/check/"

    page = client.get(f"{base}/check/").content.decode()
    assert "A slot at a reference group&#x27;s meeting" in page
    assert group.title in page and "30 minutes" in page
    assert "Input needed by" in page
    for not_asked in ("People needed", "How members take part", "Kind of role", "Where"):
        assert f">{not_asked}</dt>" not in page, not_asked
    assert 'data-testid="member-count"' not in page  # a group's members are the group

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{base}/check/")
    assert response["Location"] == f"{base}/sent/"
    research_request.refresh_from_db()
    assert research_request.status == ResearchRequest.Status.SUBMITTED
    assert [m.to for m in mail.outbox] == [[researcher.email]]
    sent = client.get(f"{base}/sent/").content.decode()
    assert "we find your slot a place on a reference group" in sent


def test_a_comments_request_may_leave_the_group_to_the_team(client, researcher):
    client.force_login(researcher)
    response = client.post("/requests/new/", {"route": "comments", "comments_group": ""})
    response = client.post(response["Location"], PROJECT)
    research_request = ResearchRequest.objects.get()
    assert research_request.route == Route.COMMENTS and research_request.group is None
    base = f"/requests/{research_request.pk}"
    assert response["Location"] == f"{base}/stage/"
    client.post(f"{base}/stage/", {"research_stage": "design"})
    client.post(f"{base}/deadline/", {"deadline": IN_A_MONTH})
    client.post(f"{base}/payment/", {"payment_offer": "to_be_agreed"})
    page = client.get(f"{base}/check/").content.decode()
    assert "Written comments from a reference group" in page
    assert "The involvement team will choose" in page and "Time at the meeting" not in page
    assert research_request_missing_answers(ResearchRequest.objects.get()) == []
    assert client.post(f"{base}/check/")["Location"] == f"{base}/sent/"


def test_a_slot_needs_its_length_and_the_answers_are_kept(client, researcher, group):
    client.force_login(researcher)
    response = client.post(
        "/requests/new/", {"route": "meeting_slot", "meeting_group": group.pk, "slot_minutes": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in page
    assert "Enter how many minutes you need, from 5 to 240" in page
    assert 'href="#id_slot_minutes"' in page  # the error summary links to the box
    assert checked(page, "meeting_slot")
    assert re.search(rf'value="{group.pk}"[^>]*selected', page)
    response = client.post(
        "/requests/new/", {"route": "meeting_slot", "slot_minutes": "300"}
    ).content.decode()
    assert "Enter how many minutes you need, from 5 to 240" in response
    assert 'value="300"' in response
    response = client.post("/requests/new/", {}).content.decode()
    assert "Choose how you would like the public&#x27;s input" in response
    assert not ResearchRequest.objects.exists()


def test_what_was_typed_beneath_another_answer_is_not_kept(client, researcher, group):
    client.force_login(researcher)
    response = client.post(
        "/requests/new/",
        {"route": "individuals", "meeting_group": group.pk, "slot_minutes": "30"},
    )
    assert response["Location"] == "/requests/new/?page=project&route=individuals"
    client.post(response["Location"], PROJECT)
    research_request = ResearchRequest.objects.get()
    assert (research_request.group, research_request.slot_minutes) == (None, None)


def test_back_from_the_project_page_keeps_the_first_answers(client, researcher, group):
    client.force_login(researcher)
    query = f"route=meeting_slot&meeting_group={group.pk}&slot_minutes=45"
    page = client.get(f"/requests/new/?page=project&{query}").content.decode()
    assert f'href="/requests/new/?{query.replace("&", "&amp;")}"' in page
    page = client.get(f"/requests/new/?{query}").content.decode()
    assert checked(page, "meeting_slot") and 'value="45"' in page


def test_a_project_page_with_a_broken_first_answer_goes_back_to_it(client, researcher):
    client.force_login(researcher)
    response = client.get("/requests/new/?page=project&route=nonsense")
    assert response["Location"] == "/requests/new/"
    response = client.post("/requests/new/?page=project&route=meeting_slot", PROJECT)
    assert response["Location"] == "/requests/new/"  # a slot needs its length
    assert not ResearchRequest.objects.exists()


def test_pages_the_route_does_not_ask_go_to_the_check_page(client, researcher):
    research_request = ResearchRequestFactory(
        researcher=researcher,
        status=ResearchRequest.Status.DRAFT,
        route=Route.COMMENTS,
    )
    client.force_login(researcher)
    for slug in ("role", "people", "format", "time"):
        response = client.get(f"/requests/{research_request.pk}/{slug}/")
        assert response["Location"] == f"/requests/{research_request.pk}/check/", slug
    individuals = ResearchRequestFactory(researcher=researcher, status="draft")
    for slug in ("stage", "deadline"):
        response = client.get(f"/requests/{individuals.pk}/{slug}/")
        assert response["Location"] == f"/requests/{individuals.pk}/check/", slug
    assert client.get(f"/requests/{individuals.pk}/nonsense/").status_code == 404


def test_existing_requests_recruit_individuals(client, researcher):
    old = ResearchRequest.objects.create(researcher=researcher, project_title="Started before")
    assert old.route == Route.INDIVIDUALS
    client.force_login(researcher)
    page = client.get(f"/requests/{old.pk}/route/").content.decode()
    assert checked(page, "individuals")
    page = client.get(f"/requests/{old.pk}/check/").content.decode()
    assert "Recruit individual members for a role" in page and ">People needed</dt>" in page
    # Their pages are as before: the role page follows the project page.
    assert client.post(f"/requests/{old.pk}/project/", PROJECT)["Location"] == (
        f"/requests/{old.pk}/role/"
    )


def test_changing_the_route_asks_the_new_routes_pages(client, researcher, group):
    draft = ResearchRequestFactory(researcher=researcher, status="draft")
    client.force_login(researcher)
    response = client.post(
        f"/requests/{draft.pk}/route/?change=1",
        {"route": "meeting_slot", "meeting_group": group.pk, "slot_minutes": "20"},
    )
    assert response["Location"] == f"/requests/{draft.pk}/project/"
    draft.refresh_from_db()
    assert (draft.route, draft.group_id, draft.slot_minutes) == ("meeting_slot", group.pk, 20)
    # The group and length only: back to the check page.
    response = client.post(
        f"/requests/{draft.pk}/route/?change=1",
        {"route": "meeting_slot", "meeting_group": "", "slot_minutes": "25"},
    )
    assert response["Location"] == f"/requests/{draft.pk}/check/"
    draft.refresh_from_db()
    assert (draft.group_id, draft.slot_minutes) == (None, 25)
    page = client.get(f"/requests/{draft.pk}/route/").content.decode()
    assert checked(page, "meeting_slot") and 'value="25"' in page
    # Back to individuals: the slot's answers go.
    client.post(f"/requests/{draft.pk}/route/?change=1", {"route": "individuals"})
    draft.refresh_from_db()
    assert (draft.route, draft.group_id, draft.slot_minutes) == ("individuals", None, None)


def test_a_slot_request_without_its_length_cannot_be_sent(researcher):
    research_request = ResearchRequestFactory(
        researcher=researcher, status="draft", route=Route.MEETING_SLOT, slot_minutes=None
    )
    assert research_request_missing_answers(research_request) == ["slot_minutes"]
    research_request.slot_minutes = 30
    assert research_request_missing_answers(research_request) == []


def test_member_counts_are_shown_for_recruiting_individuals_only(client, researcher):
    client.force_login(researcher)
    individuals = ResearchRequestFactory(researcher=researcher, status="draft")
    comments = ResearchRequestFactory(researcher=researcher, status="draft", route="comments")
    assert (
        'data-testid="member-count"'
        in client.get(f"/requests/{individuals.pk}/check/").content.decode()
    )
    assert (
        'data-testid="member-count"'
        not in client.get(f"/requests/{comments.pk}/check/").content.decode()
    )


# --- Staff triage -------------------------------------------------------------------


def _link_or_none(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def test_staff_see_a_slot_requests_route_group_and_length(admin_login, staff, group):
    research_request = ResearchRequestFactory(
        route=Route.MEETING_SLOT, group=group, slot_minutes=40
    )
    page = (
        admin_login(staff).get(f"/admin/requests-for-input/{research_request.pk}/").content.decode()
    )
    assert "A slot at a reference group&#x27;s meeting" in page
    assert group.title in page and "40 minutes" in page
    assert "Add it to a meeting&#x27;s agenda from Group meetings" in page
    link = _link_or_none("opportunities_group_meetings", group.pk)
    assert link is None or f'href="{link}"' in page
    assert "Create opportunity from request" not in page
    assert "Members who might fit" not in page and "People needed</dt>" not in page


def test_staff_see_a_slot_request_without_a_group_and_a_comments_request(admin_login, staff):
    client = admin_login(staff)
    slot = ResearchRequestFactory(route=Route.MEETING_SLOT, slot_minutes=20)
    page = client.get(f"/admin/requests-for-input/{slot.pk}/").content.decode()
    assert "The involvement team to choose" in page
    link = _link_or_none("opportunities_meetings")
    assert link is None or f'href="{link}"' in page
    comments = ResearchRequestFactory(route=Route.COMMENTS)
    page = client.get(f"/admin/requests-for-input/{comments.pk}/").content.decode()
    assert "Written comments from a reference group" in page
    assert "Start a comment round for it" in page
    link = _link_or_none("opportunities_comment_round_new")
    assert link is None or f'href="{link}?request={comments.pk}"' in page
    assert "Create opportunity from request" not in page


def test_staff_see_an_individuals_request_as_before(admin_login, staff):
    research_request = ResearchRequestFactory()
    page = (
        admin_login(staff).get(f"/admin/requests-for-input/{research_request.pk}/").content.decode()
    )
    assert "Recruit individual members for a role" in page
    assert "Create opportunity from request" not in page  # not accepted yet
    assert "Members who might fit" in page and "Add it to a meeting" not in page


def test_accepting_a_slot_request_makes_no_opportunity(
    admin_login, staff, researcher, django_capture_on_commit_callbacks
):
    opportunity_index_get_or_create()
    research_request = ResearchRequestFactory(
        researcher=researcher, route=Route.MEETING_SLOT, slot_minutes=30
    )
    client = admin_login(staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/requests-for-input/{research_request.pk}/",
            {"status": "accepted", "message": ""},
        )
    assert response.status_code == 302
    research_request.refresh_from_db()
    assert research_request.status == ResearchRequest.Status.ACCEPTED
    assert "We will tell you the meeting, its date" in mail.outbox[-1].body
    assert "invite members" not in mail.outbox[-1].body
    page = client.get(f"/admin/requests-for-input/{research_request.pk}/").content.decode()
    assert "Create opportunity from request" not in page
    client.post(f"/admin/requests-for-input/{research_request.pk}/create-opportunity/")
    assert not OpportunityPage.objects.filter(request=research_request).exists()
    with pytest.raises(ResearchRequestError, match="asks a reference group"):
        opportunity_create_from_research_request(research_request=research_request, by=staff)


def test_an_accepted_individuals_request_still_offers_an_opportunity(admin_login, staff):
    opportunity_index_get_or_create()
    research_request = ResearchRequestFactory()
    research_request_set_status(
        research_request=research_request, status="accepted", message="", by=staff
    )
    page = (
        admin_login(staff).get(f"/admin/requests-for-input/{research_request.pk}/").content.decode()
    )
    assert "Create opportunity from request" in page
