"""Staff select fairly: the shortlist's order and screens, decisions with their messages
and history, never more than the places, and the waiting list."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.utils import timezone

from involvement.models import Involvement
from members.factories import MemberFactory, StaffFactory
from opportunities.factories import ResearchRequestFactory, opportunity_create
from opportunities.models import Application
from opportunities.selectors import shortlist
from opportunities.services.applications import (
    ApplicationError,
    application_submit,
    application_withdraw,
)
from opportunities.services.involvement import opportunity_activity_sync
from opportunities.services.selection import application_decide

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def opportunity(db):
    return opportunity_create(title="Review a diabetes leaflet", places=2)


def apply(member, opportunity, **answers):
    return application_submit(
        member=member, opportunity=opportunity, statement="I would like to help.", **answers
    )


def took_part(member, days_ago, staff):
    past = opportunity_create()
    application = apply(member, past)
    application_decide(application=application, status="selected", message="", by=staff)
    Involvement.objects.create(
        member=member,
        activity=opportunity_activity_sync(opportunity=past),
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


def test_the_staff_shortlists_list_keeps_a_fixed_query_count(
    admin_login, staff, django_assert_max_num_queries
):
    def add(n):
        for _ in range(n):
            ResearchRequestFactory()
            opportunity_create()

    url = "/admin/shortlists/"
    client = admin_login(staff)
    add(2)
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    add(12)
    with django_assert_max_num_queries(40) as many:
        assert client.get(url).status_code == 200
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


@pytest.mark.parametrize("who", ["member", "researcher"])
def test_members_and_researchers_cannot_use_the_shortlist_screens(client, request, who):
    opportunity = opportunity_create()
    application = apply(MemberFactory(), opportunity)
    client.force_login(request.getfixturevalue(who))
    for url in [
        "/admin/shortlists/",
        f"/admin/shortlists/{opportunity.pk}/",
        f"/admin/shortlists/application/{application.pk}/selected/",
    ]:
        assert client.get(url).status_code in (302, 403), url
    client.post(f"/admin/shortlists/application/{application.pk}/selected/", {"message": ""})
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_selecting_never_takes_more_than_the_places(staff, opportunity):
    first, second, third = (apply(MemberFactory(), opportunity) for _ in range(3))
    application_decide(application=first, status="selected", message="", by=staff)
    application_decide(application=second, status="selected", message="", by=staff)
    with pytest.raises(ApplicationError, match="All 2 places are taken"):
        application_decide(application=third, status="selected", message="", by=staff)
    assert Application.objects.filter(status="selected").count() == 2


def test_decisions_email_the_message_and_keep_a_history(
    staff, opportunity, django_capture_on_commit_callbacks
):
    application = apply(MemberFactory(), opportunity)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_decide(application=application, status="shortlisted", message="", by=staff)
        application_decide(
            application=application, status="not_selected", message="Thank you, Siân.", by=staff
        )
    assert len(mail.outbox) == 1  # shortlisting is not emailed
    assert "Thank you, Siân." in mail.outbox[0].body
    assert [e.status for e in application.events.all()] == [
        "submitted",
        "shortlisted",
        "not_selected",
    ]


def test_withdrawn_applications_cannot_be_decided(staff, opportunity):
    application = apply(MemberFactory(), opportunity)
    application_withdraw(application=application)
    with pytest.raises(ApplicationError, match="withdrawn"):
        application_decide(application=application, status="selected", message="", by=staff)


def test_a_selected_member_who_withdraws_makes_way_for_the_first_waiting(
    client, staff, opportunity, django_capture_on_commit_callbacks
):
    a, b, c, d = (apply(MemberFactory(), opportunity) for _ in range(4))
    for application in [a, b]:
        application_decide(application=application, status="selected", message="", by=staff)
    application_decide(application=d, status="waitlisted", message="", by=staff)
    application_decide(application=c, status="waitlisted", message="", by=staff)
    # d has waited longer (set explicitly: two calls can share a timestamp).
    Application.objects.filter(pk=d.pk).update(
        waitlisted_at=timezone.now() - datetime.timedelta(hours=1)
    )
    mail.outbox.clear()
    client.force_login(a.member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/applications/{a.pk}/withdraw/")
    d.refresh_from_db()
    c.refresh_from_db()
    assert d.status == Application.Status.SELECTED  # waited longest
    assert c.status == Application.Status.WAITLISTED
    assert [m.to for m in mail.outbox] == [[d.member.email]]
    assert "A place has come up" in mail.outbox[0].subject


def test_moving_the_selected_person_to_the_waiting_list_does_not_give_it_back(staff, opportunity):
    holder, waiting = (apply(MemberFactory(), opportunity) for _ in range(2))
    opportunity.places = 1
    opportunity.save()
    application_decide(application=holder, status="selected", message="", by=staff)
    application_decide(application=holder, status="waitlisted", message="", by=staff)
    holder.refresh_from_db()
    assert holder.status == Application.Status.WAITLISTED
    application_decide(application=waiting, status="waitlisted", message="", by=staff)
    application_decide(application=holder, status="selected", message="", by=staff)
    application_decide(application=holder, status="not_selected", message="", by=staff)
    waiting.refresh_from_db()
    assert waiting.status == Application.Status.SELECTED  # the place passed on


def test_staff_without_the_permission_get_the_403_page_on_the_staff_screens(admin_login):
    """Inside the admin as outside it, a refusal is the site's 403 page (home.permissions),
    not Wagtail's redirect to the dashboard."""
    Group.objects.create(name="Admin only").permissions.add(
        Permission.objects.get(codename="access_admin")
    )
    client = admin_login(StaffFactory(roles=["Admin only"]))
    opportunity = opportunity_create()
    application = apply(MemberFactory(), opportunity)
    research_request = ResearchRequestFactory(status="submitted")
    for url in [
        "/admin/shortlists/",
        f"/admin/shortlists/{opportunity.pk}/",
        f"/admin/shortlists/{opportunity.pk}/impact/",
        f"/admin/shortlists/application/{application.pk}/involvement/",
        f"/admin/shortlists/application/{application.pk}/selected/",
        "/admin/requests-for-input/",
        f"/admin/requests-for-input/{research_request.pk}/",
        f"/admin/requests-for-input/{research_request.pk}/create-opportunity/",
    ]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "You do not have access to this page" in response.content.decode(), url


def test_the_shortlist_shows_what_other_apps_know_of_each_applicant(admin_login, staff):
    """The applicant_badges hook (involvement.hooks): how training's "Induction done"
    reaches opportunities' shortlist without either app importing the other. Asked
    once for the whole page of people."""
    from involvement.hooks import applicant_badges

    opportunity = opportunity_create()
    inducted = MemberFactory(name="Inducted Ines")
    apply(inducted, opportunity)
    apply(MemberFactory(name="New Nadia"), opportunity)
    asked = []

    def induction_done(sender, member_ids, **kwargs):
        asked.append(sorted(member_ids))
        return {inducted.pk: ["Induction done"]}

    applicant_badges.connect(induction_done, dispatch_uid="test.induction_done")
    try:
        page = admin_login(staff).get(f"/admin/shortlists/{opportunity.pk}/").content.decode()
    finally:
        applicant_badges.disconnect(dispatch_uid="test.induction_done")
    assert len(asked) == 1 and len(asked[0]) == 2
    row = page.split("Inducted Ines", 1)[1].split("</tr>", 1)[0]
    assert "<strong>Induction done</strong>" in row
    assert page.count("Induction done") == 1
