"""Every form that records "you said, we did" also asks (optionally) what kind of
difference it was and which stage of the research it changed, for the project's
record; the stage starts at the request's."""

import pytest
from django.utils import timezone

from involvement.models import ImpactEntry
from opportunities.factories import (
    AgendaItemFactory,
    ResearchRequestFactory,
    meeting_create,
    opportunity_create,
)
from opportunities.models import ResearchRequest, Route

pytestmark = pytest.mark.django_db


def test_the_researchers_answer_on_an_opportunity_saves_kind_and_stage(client, researcher):
    research_request = ResearchRequestFactory(
        researcher=researcher, status="accepted", research_stage="analysis"
    )
    opportunity = opportunity_create(request=research_request, researcher=researcher)
    client.force_login(researcher)
    page = client.get(f"/requests/{research_request.pk}/").content.decode()
    assert "What kind of difference was it?" in page
    assert "Which stage of the research did it change?" in page
    assert '<option value="analysis" selected>' in page  # the request's stage first
    prefix = f"impact-{opportunity.pk}"
    response = client.post(
        f"/requests/{research_request.pk}/impact/{opportunity.pk}/",
        {
            f"{prefix}-what_changed": "We added a question on sleep.",
            f"{prefix}-kind": "research",
            f"{prefix}-research_stage": "design",
        },
    )
    assert response.status_code == 302
    entry = ImpactEntry.objects.get()
    assert (entry.kind, entry.research_stage) == ("research", "design")


def test_both_questions_may_be_left_unanswered(client, researcher):
    research_request = ResearchRequestFactory(researcher=researcher, status="accepted")
    opportunity = opportunity_create(request=research_request, researcher=researcher)
    client.force_login(researcher)
    prefix = f"impact-{opportunity.pk}"
    response = client.post(
        f"/requests/{research_request.pk}/impact/{opportunity.pk}/",
        {f"{prefix}-what_changed": "We changed the leaflet.", f"{prefix}-research_stage": ""},
    )
    assert response.status_code == 302
    entry = ImpactEntry.objects.get()
    assert (entry.kind, entry.research_stage) == ("", "")


def test_an_unknown_kind_is_refused_with_the_answer_kept(client, researcher):
    research_request = ResearchRequestFactory(researcher=researcher, status="accepted")
    opportunity = opportunity_create(request=research_request, researcher=researcher)
    client.force_login(researcher)
    prefix = f"impact-{opportunity.pk}"
    response = client.post(
        f"/requests/{research_request.pk}/impact/{opportunity.pk}/",
        {f"{prefix}-what_changed": "Kept text", f"{prefix}-kind": "nonsense"},
    )
    assert response.status_code == 200
    assert "Kept text" in response.content.decode()
    assert not ImpactEntry.objects.exists()


def test_the_answer_to_a_groups_feedback_saves_kind_and_stage(client, researcher):
    from members.demo_content import demo_groups_create

    group = demo_groups_create()[0]
    slot_request = ResearchRequestFactory(
        researcher=researcher,
        route=Route.MEETING_SLOT,
        group=group,
        slot_minutes=30,
        status=ResearchRequest.Status.ACCEPTED,
    )
    item = AgendaItemFactory(
        meeting=meeting_create(group=group, days=14), request=slot_request, minutes=30
    )
    item.feedback = "Evening visits would suit working people better."
    item.feedback_sent_at = timezone.now()
    item.save(update_fields=["feedback", "feedback_sent_at"])
    client.force_login(researcher)
    response = client.post(
        f"/requests/{slot_request.pk}/",
        {
            "item": item.pk,
            "action": "answer",
            f"answer-{item.pk}-what_changed": "We changed the visit times.",
            f"answer-{item.pk}-kind": "people",
            f"answer-{item.pk}-research_stage": "delivery",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.impact_entry.kind, item.impact_entry.research_stage) == ("people", "delivery")


def test_staff_impact_form_saves_kind_and_stage(admin_login, staff):
    research_request = ResearchRequestFactory(status="accepted", research_stage="funding")
    opportunity = opportunity_create(request=research_request)
    client = admin_login(staff)
    url = f"/admin/shortlists/{opportunity.pk}/impact/"
    page = client.get(url).content.decode()
    assert "What kind of difference was it?" in page
    assert '<option value="funding" selected>' in page
    response = client.post(
        url,
        {
            "what_changed": "The organisation changed its policy.",
            "kind": "organisation",
            "research_stage": "implementation",
        },
    )
    assert response.status_code == 302
    entry = ImpactEntry.objects.get()
    assert (entry.kind, entry.research_stage) == ("organisation", "implementation")
    assert entry.added_by == staff


def test_members_see_the_kind_and_stage_under_what_difference_they_made(client, staff):
    from involvement.services import impact_add, involvement_record
    from members.factories import MemberFactory
    from opportunities.services.involvement import opportunity_activity_sync

    member = MemberFactory()
    opportunity = opportunity_create(title="Review a leaflet")
    activity = opportunity_activity_sync(opportunity=opportunity)
    involvement_record(
        member=member,
        activity=activity,
        attended=True,
        started_on=timezone.localdate(),
        hours=1,
        by=staff,
    )
    impact_add(
        activity=activity,
        what_changed="The leaflet is clearer.",
        by=staff,
        kind="research",
        research_stage="design",
    )
    client.force_login(member)
    page = client.get("/account/").content.decode()
    assert "The leaflet is clearer." in page
    assert "On the research. Research stage: Designing the research" in page
