"""Staff screens: requests for input, shortlists (fair order), decisions, involvement."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from members.factories import MemberFactory, ResearcherFactory
from opportunities.factories import (
    ResearchRequestFactory,
    opportunity_create,
    opportunity_index_get_or_create,
)
from opportunities.models import Application, Involvement, OpportunityPage, ResearchRequest
from opportunities.selectors import shortlist
from opportunities.services import application_decide, application_submit, involvement_record

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def apply(member, opportunity):
    return application_submit(member=member, opportunity=opportunity, statement="Keen to help")


def took_part(member, days_ago, staff):
    past = opportunity_create()
    application = apply(member, past)
    application_decide(application=application, status="selected", message="", by=staff)
    Involvement.objects.create(
        member=member,
        opportunity=past,
        activity=past.title,
        started_on=TODAY - datetime.timedelta(days=days_ago),
        hours=2,
    )


def test_the_shortlist_puts_people_not_recently_involved_first(staff):
    regular = MemberFactory(name="Regular Rita")
    once_long_ago = MemberFactory(name="Once Long-Ago")
    newcomer = MemberFactory(name="New Nadia")
    for days in (10, 40, 90):
        took_part(regular, days, staff)
    took_part(once_long_ago, 500, staff)
    opportunity = opportunity_create(places=1)
    for person in (regular, once_long_ago, newcomer):  # the regular applies first
        apply(person, opportunity)
    rows = list(shortlist(opportunity))
    assert [row.member for row in rows] == [newcomer, once_long_ago, regular]
    assert rows[0].is_new and rows[1].recent_involvements == 0
    assert rows[2].recent_involvements == 3
    assert rows[2].last_involved == TODAY - datetime.timedelta(days=10)


def test_the_shortlist_page_explains_the_order_and_shows_the_figures(admin_login, staff):
    opportunity = opportunity_create()
    apply(MemberFactory(name="New Nadia"), opportunity)
    page = admin_login(staff).get(f"/admin/shortlists/{opportunity.pk}/").content.decode()
    assert "How this list is ordered." in page and "never taken part come first" in page
    assert "New Nadia" in page and "New to involvement" in page


def test_the_shortlist_query_count_does_not_grow(admin_login, staff, django_assert_max_num_queries):
    opportunity = opportunity_create(places=50)
    client = admin_login(staff)
    apply(MemberFactory(), opportunity)
    client.get(f"/admin/shortlists/{opportunity.pk}/")
    with django_assert_max_num_queries(40) as few:
        client.get(f"/admin/shortlists/{opportunity.pk}/")
    for _ in range(15):
        apply(MemberFactory(), opportunity)
    with django_assert_max_num_queries(40) as many:
        client.get(f"/admin/shortlists/{opportunity.pk}/")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_staff_select_with_an_edited_message(admin_login, staff):
    opportunity = opportunity_create()
    application = apply(MemberFactory(), opportunity)
    client = admin_login(staff)
    form = client.get(f"/admin/shortlists/application/{application.pk}/selected/")
    assert "We would love you to take part" in form.content.decode()
    response = client.post(
        f"/admin/shortlists/application/{application.pk}/selected/",
        {"message": "See you on Tuesday, Ioana!"},
    )
    assert response["Location"] == f"/admin/shortlists/{opportunity.pk}/"
    application.refresh_from_db()
    assert application.status == "selected" and application.message == "See you on Tuesday, Ioana!"


def test_staff_record_involvement_from_the_shortlist(admin_login, staff):
    opportunity = opportunity_create()
    application = apply(MemberFactory(), opportunity)
    application_decide(application=application, status="selected", message="", by=staff)
    client = admin_login(staff)
    response = client.post(
        f"/admin/shortlists/application/{application.pk}/involvement/",
        {"attended": "on", "started_on": TODAY.strftime("%d/%m/%Y"), "hours": "2.5"},
    )
    assert response.status_code == 302
    assert Involvement.objects.get().hours == 2.5
    bad = client.post(
        f"/admin/shortlists/application/{application.pk}/involvement/",
        {"attended": "on", "started_on": "yesterday", "hours": "-1"},
    )
    assert bad.status_code == 200 and "There is a problem" in bad.content.decode()


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
def test_members_and_researchers_cannot_use_the_staff_screens(client, request, who):
    opportunity = opportunity_create()
    application = apply(MemberFactory(), opportunity)
    research_request = ResearchRequestFactory()
    client.force_login(request.getfixturevalue(who))
    for url in [
        "/admin/requests-for-input/",
        f"/admin/requests-for-input/{research_request.pk}/",
        "/admin/shortlists/",
        f"/admin/shortlists/{opportunity.pk}/",
        f"/admin/shortlists/application/{application.pk}/selected/",
    ]:
        assert client.get(url).status_code in (302, 403), url
    client.post(f"/admin/shortlists/application/{application.pk}/selected/", {"message": ""})
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


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
    involvement_record(application=application, attended=True, started_on=TODAY, hours=1, by=staff)
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
    assert opportunity.impact_entries.get().added_by == researcher


def test_another_researcher_cannot_add_impact(client, researcher):
    research_request = ResearchRequestFactory(researcher=researcher, status="accepted")
    opportunity = opportunity_create(request=research_request, researcher=researcher)
    client.force_login(ResearcherFactory(email="other@research.example.ac.uk"))
    url = f"/requests/{research_request.pk}/impact/{opportunity.pk}/"
    field = f"impact-{opportunity.pk}-what_changed"
    assert client.post(url, {field: "Not mine"}).status_code == 404
    assert not opportunity.impact_entries.exists()


def test_a_refused_selection_keeps_the_message_typed(admin_login, staff):
    opportunity = opportunity_create(places=1)
    first, second = (apply(MemberFactory(), opportunity) for _ in range(2))
    application_decide(application=first, status="selected", message="", by=staff)
    response = admin_login(staff).post(
        f"/admin/shortlists/application/{second.pk}/selected/",
        {"message": "Dear Wiremu, see you soon"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "All 1 places are taken" in page
    assert "Dear Wiremu, see you soon" in page


@pytest.mark.parametrize("page", ["shortlists", "requests"])
def test_staff_lists_keep_a_fixed_query_count(
    admin_login, staff, page, django_assert_max_num_queries
):
    def add(n):
        for _ in range(n):
            ResearchRequestFactory()
            opportunity_create()

    url = {"shortlists": "/admin/shortlists/", "requests": "/admin/requests-for-input/"}[page]
    client = admin_login(staff)
    add(2)
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    add(12)
    with django_assert_max_num_queries(40) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
