"""Every URL with an object id, tried as another member, another researcher and a
visitor who is not signed in: none of them sees or changes someone else's things."""

import pytest

from involvement.models import ImpactEntry
from members.demo_content import demo_groups_create
from members.factories import MemberFactory, ResearcherFactory
from opportunities.factories import ResearchRequestFactory, opportunity_create
from opportunities.models import Application, OpportunityPage, ResearchRequest
from opportunities.services.applications import application_submit

pytestmark = pytest.mark.django_db


def impact_of(opportunity):
    """The impact entries of the opportunity's activity (none before it has one)."""
    activity_id = OpportunityPage.objects.values_list("activity", flat=True).get(pk=opportunity.pk)
    return ImpactEntry.objects.filter(activity_id=activity_id)


@pytest.fixture
def things(researcher):
    diabetes = next(g for g in demo_groups_create() if g.slug == "living-with-diabetes")
    research_request = ResearchRequestFactory(researcher=researcher, status="draft")
    opportunity = opportunity_create(request=research_request, researcher=researcher)
    group_only = opportunity_create(visibility="groups", groups=[diabetes])
    owner = MemberFactory(email="owner@example.org")
    application = application_submit(member=owner, opportunity=opportunity, statement="Mine")
    return {
        "request": research_request,
        "opportunity": opportunity,
        "group_only": group_only,
        "application": application,
    }


def urls(things):
    r, o, a = things["request"].pk, things["opportunity"].pk, things["application"].pk
    return {
        "get": [
            f"/requests/{r}/",
            f"/requests/{r}/check/",
            f"/requests/{r}/sent/",
            f"/requests/{r}/project/",
            f"/applications/{a}/sent/",
            f"/applications/{a}/withdraw/",
            f"/apply/{things['group_only'].pk}/",
            things["group_only"].url,
        ],
        "post": [
            (f"/requests/{r}/project/", {"project_title": "Taken over", "summary": "x"}),
            (f"/requests/{r}/check/", {}),
            (f"/requests/{r}/impact/{o}/", {f"impact-{o}-what_changed": "Not yours"}),
            (f"/applications/{a}/withdraw/", {}),
            (f"/apply/{things['group_only'].pk}/", {"statement": "Let me in"}),
        ],
    }


@pytest.mark.parametrize("who", ["another member", "another researcher", "visitor"])
def test_nobody_else_sees_or_changes_anything(client, things, who):
    if who == "another member":
        client.force_login(MemberFactory(email="nosy@example.org"))
    elif who == "another researcher":
        client.force_login(ResearcherFactory(email="nosy@research.example.ac.uk"))
    requests = [(url, "get", None) for url in urls(things)["get"]] + [
        (url, "post", data) for url, data in urls(things)["post"]
    ]
    for url, method, data in requests:
        response = client.post(url, data) if method == "post" else client.get(url)
        if who == "visitor":
            # Sent to sign in, or (a group-only page) not found: never shown.
            assert response.status_code in (302, 404), (url, response.status_code)
            if response.status_code == 302:
                assert response["Location"].startswith("/accounts/login/"), url
        else:
            assert response.status_code in (403, 404), (who, url, response.status_code)

    things["request"].refresh_from_db()
    assert things["request"].project_title != "Taken over"
    assert things["request"].status == ResearchRequest.Status.DRAFT
    assert Application.objects.get(pk=things["application"].pk).status == "submitted"
    assert not impact_of(things["opportunity"]).exists()
    assert not Application.objects.filter(opportunity=things["group_only"]).exists()
