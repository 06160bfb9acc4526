"""Members apply, see their applications and withdraw."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from members.demo_content import demo_groups_create
from members.factories import MemberFactory
from members.models import GroupMembership
from members.services.memberships import membership_join
from opportunities.factories import opportunity_create
from opportunities.models import Application
from opportunities.services.applications import ApplicationError, application_submit

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def opportunity(db):
    return opportunity_create(title="Review a diabetes leaflet", places=2)


def apply(member, opportunity, **answers):
    return application_submit(
        member=member, opportunity=opportunity, statement="I would like to help.", **answers
    )


def test_a_member_applies_checks_and_is_told_what_happens_next(
    client, member, opportunity, django_capture_on_commit_callbacks
):
    client.force_login(member)
    page = client.get(opportunity.url).content.decode()
    assert "Apply for this opportunity" in page
    response = client.post(
        f"/apply/{opportunity.pk}/",
        {
            "statement": "Je vis avec le diabète depuis 10 ans.",
            "access_needs": "Large print",
            "share_name": "on",
        },
    )
    assert response["Location"] == f"/apply/{opportunity.pk}/check/"
    page = client.get(response["Location"]).content.decode()
    assert "Je vis avec le diabète depuis 10 ans." in page and "Large print" in page
    assert not Application.objects.exists()  # nothing is saved until they send it
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/apply/{opportunity.pk}/check/")
    application = Application.objects.get()
    assert response["Location"] == f"/applications/{application.pk}/sent/"
    assert application.share_name and application.access_needs == "Large print"
    assert "What happens next" in client.get(response["Location"]).content.decode()
    assert mail.outbox[-1].to == [member.email]
    assert "Review a diabetes leaflet" in client.get("/applications/").content.decode()


def test_an_empty_application_gets_an_error_with_the_input_kept(client, member, opportunity):
    client.force_login(member)
    response = client.post(f"/apply/{opportunity.pk}/", {"statement": "", "experience": "Carer"})
    page = response.content.decode()
    assert "<title>Error:" in page and "Tell us why you are interested" in page
    assert "Carer</textarea>" in page
    response = client.post(f"/apply/{opportunity.pk}/", {"statement": "x" * 2001})
    assert "<title>Error:" in response.content.decode()


def test_applying_twice_is_refused(member, opportunity):
    apply(member, opportunity)
    with pytest.raises(ApplicationError, match="already applied"):
        apply(member, opportunity)
    assert Application.objects.count() == 1


def test_applying_after_the_closing_date_is_refused(client, member):
    closed = opportunity_create(closing_date=TODAY + datetime.timedelta(days=1))
    type(closed).objects.filter(pk=closed.pk).update(
        closing_date=TODAY - datetime.timedelta(days=1)
    )
    closed.refresh_from_db()
    with pytest.raises(ApplicationError):
        apply(member, closed)
    client.force_login(member)
    assert client.get(f"/apply/{closed.pk}/").status_code == 404
    assert "This opportunity has closed." in client.get(closed.url).content.decode()


def test_a_members_only_opportunity_is_hidden_from_others_and_refuses_them(client, member):
    groups = demo_groups_create()
    diabetes = next(g for g in groups if g.slug == "living-with-diabetes")
    only_for_group = opportunity_create(visibility="groups", groups=[diabetes])
    with pytest.raises(ApplicationError):
        apply(member, only_for_group)
    client.force_login(member)
    assert client.get(only_for_group.url).status_code == 404
    assert client.get(f"/apply/{only_for_group.pk}/").status_code == 404

    membership_join(member=member, group=diabetes, accepted_version=diabetes.current_ground_rules())
    assert client.get(only_for_group.url).status_code == 200
    assert apply(member, only_for_group).status == Application.Status.SUBMITTED


def test_a_paused_member_does_not_see_group_only_opportunities(member):
    groups = demo_groups_create()
    diabetes = next(g for g in groups if g.slug == "living-with-diabetes")
    membership = membership_join(
        member=member, group=diabetes, accepted_version=diabetes.current_ground_rules()
    )
    GroupMembership.objects.filter(pk=membership.pk).update(status=GroupMembership.Status.PAUSED)
    with pytest.raises(ApplicationError):
        apply(member, opportunity_create(visibility="groups", groups=[diabetes]))


def test_researchers_and_staff_cannot_apply(client, researcher, staff, opportunity):
    for person in [researcher, staff]:
        client.force_login(person)
        assert client.get(f"/apply/{opportunity.pk}/").status_code == 403
        with pytest.raises(ApplicationError):
            apply(person, opportunity)


def test_nobody_sees_or_withdraws_another_members_application(client, member, opportunity):
    theirs = apply(MemberFactory(email="someone.else@example.org"), opportunity)
    client.force_login(member)
    assert client.get(f"/applications/{theirs.pk}/sent/").status_code == 404
    assert client.get(f"/applications/{theirs.pk}/withdraw/").status_code == 404
    assert client.post(f"/applications/{theirs.pk}/withdraw/").status_code == 404
    assert "someone.else" not in client.get("/applications/").content.decode()
    theirs.refresh_from_db()
    assert theirs.status == Application.Status.SUBMITTED


def test_anonymous_visitors_are_sent_to_sign_in(client, member, opportunity):
    application = apply(member, opportunity)
    for url in [
        f"/apply/{opportunity.pk}/",
        "/applications/",
        f"/applications/{application.pk}/withdraw/",
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_your_applications_keeps_a_fixed_query_count(client, member, django_assert_max_num_queries):
    apply(member, opportunity_create())
    client.force_login(member)
    client.get("/applications/")
    with django_assert_max_num_queries(25) as few:
        client.get("/applications/")
    for _ in range(10):
        apply(member, opportunity_create())
    with django_assert_max_num_queries(25) as many:
        client.get("/applications/")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_no_applications_yet_says_so_and_points_to_the_listing(client, member):
    opportunity_create()  # makes the opportunities page
    client.force_login(member)
    page = client.get("/applications/").content.decode()
    assert "You have not applied for anything yet." in page
    assert "Find opportunities" in page and 'href="/opportunities/"' in page
