"""Members apply, see their applications and withdraw; staff select fairly."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from members.demo_content import demo_groups_create
from members.factories import MemberFactory
from members.models import GroupMembership
from members.services.memberships import membership_join
from opportunities.factories import opportunity_create
from opportunities.models import Application, Involvement
from opportunities.services import (
    ApplicationError,
    application_decide,
    application_submit,
    application_withdraw,
    impact_add,
    involvement_record,
    opportunities_close_past_deadline,
)

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


def test_selecting_never_takes_more_than_the_places(staff, opportunity):
    first, second, third = (apply(MemberFactory(), opportunity) for _ in range(3))
    application_decide(application=first, status="selected", message="", by=staff)
    application_decide(application=second, status="selected", message="", by=staff)
    with pytest.raises(ApplicationError, match="All 2 places are taken"):
        application_decide(application=third, status="selected", message="", by=staff)
    assert Application.objects.filter(status="selected").count() == 2


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


def test_involvement_is_recorded_for_selected_members_only(staff, opportunity):
    application = apply(MemberFactory(), opportunity)
    with pytest.raises(ApplicationError):
        involvement_record(
            application=application, attended=True, started_on=TODAY, hours=2, by=staff
        )
    application_decide(application=application, status="selected", message="", by=staff)
    involvement_record(application=application, attended=True, started_on=TODAY, hours=2, by=staff)
    involvement_record(application=application, attended=False, started_on=TODAY, hours=2, by=staff)
    involvement = Involvement.objects.get()
    assert not involvement.attended and involvement.hours == 0  # corrected, not doubled


def test_you_said_we_did_reaches_those_who_took_part(
    staff, opportunity, django_capture_on_commit_callbacks
):
    took_part, missed = (apply(MemberFactory(), opportunity) for _ in range(2))
    for application, attended in [(took_part, True), (missed, False)]:
        application_decide(application=application, status="selected", message="", by=staff)
        involvement_record(
            application=application, attended=attended, started_on=TODAY, hours=2, by=staff
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        impact_add(opportunity=opportunity, what_changed="We rewrote page 2.", by=staff)
    assert [m.to for m in mail.outbox] == [[took_part.member.email]]
    assert "We rewrote page 2." in mail.outbox[0].body


def test_past_closing_dates_are_closed_in_one_update(django_assert_num_queries):
    past = [opportunity_create() for _ in range(3)]
    type(past[0]).objects.filter(pk__in=[p.pk for p in past]).update(
        closing_date=TODAY - datetime.timedelta(days=1)
    )
    still_open = opportunity_create()
    with django_assert_num_queries(1):
        assert opportunities_close_past_deadline() == 3
    still_open.refresh_from_db()
    assert still_open.closed_at is None


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


def test_a_selected_member_erasing_their_account_passes_the_place_on(
    staff, opportunity, django_capture_on_commit_callbacks
):
    from members.services.personal_data import account_erase

    holder, waiting = (apply(MemberFactory(), opportunity) for _ in range(2))
    opportunity.places = 1
    opportunity.save()
    application_decide(application=holder, status="selected", message="", by=staff)
    application_decide(application=waiting, status="waitlisted", message="", by=staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=holder.member)
    waiting.refresh_from_db()
    assert waiting.status == Application.Status.SELECTED
    assert waiting.member.email in [m.to[0] for m in mail.outbox]


def test_a_closed_opportunity_reopens_when_its_closing_date_moves_on(member):
    opportunity = opportunity_create(closing_date=TODAY + datetime.timedelta(days=1))
    type(opportunity).objects.filter(pk=opportunity.pk).update(
        closing_date=TODAY - datetime.timedelta(days=1)
    )
    assert opportunities_close_past_deadline() == 1
    page = type(opportunity).objects.get(pk=opportunity.pk)
    page.closing_date = TODAY + datetime.timedelta(days=10)
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.closed_at is None and page.is_open
    assert apply(member, page).status == Application.Status.SUBMITTED


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
