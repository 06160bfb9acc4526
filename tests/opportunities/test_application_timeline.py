"""Where an application stands (issue 14, item 8): received (and when a decision will
come) → decision → selected → took part → paid → what difference it made; and applying
again says so (item 10)."""

import datetime

import pytest
from django.utils import timezone

from home import page_cache
from home.datetimes import format_date
from involvement.services import impact_add
from members.factories import MemberFactory, StaffFactory
from opportunities.factories import opportunity_create
from opportunities.models import Application
from opportunities.services.applications import application_submit
from opportunities.services.involvement import (
    application_involvement_record,
    opportunity_activity_sync,
)
from opportunities.services.selection import application_decide
from reciprocity.factories import rate_card_example
from reciprocity.models import Payment
from reciprocity.services.payments import payment_approve, payment_mark_paid, payments_generate

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def day(value) -> str:
    return format_date(value, weekday=False)


def apply(member, opportunity):
    return application_submit(member=member, opportunity=opportunity, statement="Keen to help")


def page(client, application) -> str:
    response = client.get(f"/applications/{application.pk}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def took_part(member, staff):
    """Selected, took part for 4 hours (half a day), and the researchers said what changed."""
    rate_card_example()
    opportunity = opportunity_create(title="Shape the diabetes app")
    application = apply(member, opportunity)
    application_decide(application=application, status="selected", message="Welcome", by=staff)
    involvement = application_involvement_record(
        application=application, attended=True, started_on=TODAY, hours=4, by=staff
    )
    return application, involvement


def test_received_says_when_a_decision_will_come(client, member):
    opportunity = opportunity_create(closing_date=TODAY + datetime.timedelta(days=10))
    application = apply(member, opportunity)
    client.force_login(member)
    shown = page(client, application)
    assert "Received" in shown
    # No date set on the page: two weeks after the closing date.
    expected = day(TODAY + datetime.timedelta(days=24))
    assert f"You will hear from us by {expected}." in shown
    assert f"Decision by {expected}" in shown

    type(opportunity).objects.filter(pk=opportunity.pk).update(
        decisions_by=TODAY + datetime.timedelta(days=12)
    )
    shown = page(client, application)
    assert f"You will hear from us by {day(TODAY + datetime.timedelta(days=12))}." in shown
    # Also in the list, and on the page that confirms it was sent.
    assert day(TODAY + datetime.timedelta(days=12)) in client.get("/applications/").content.decode()


def test_the_timeline_follows_selection_involvement_payment_and_impact(
    client, member, staff, took_part
):
    application, involvement = took_part
    client.force_login(member)
    shown = page(client, application)
    assert "You were offered a place on" in shown
    assert f"You took part on {day(TODAY)}." in shown
    assert "works out and approves your payment" in shown  # nothing decided yet

    payments_generate(involvements=[involvement], by=staff)
    payment = Payment.objects.get()
    shown = page(client, application)
    assert "works out and approves your payment" in shown  # proposed: not the member's yet
    approver = StaffFactory(email="approver@example.org")
    payment_approve(payment=payment, by=approver)
    assert "Your payment of £75.00 is approved and on its way." in page(client, application)
    payment_mark_paid(payment=payment, by=approver, paid_on=TODAY, reference="BACS-1")
    assert f"We paid you £75.00 on {day(TODAY)}." in page(client, application)

    impact_add(
        activity=opportunity_activity_sync(opportunity=application.opportunity),
        what_changed="The app now has bigger buttons.",
        by=staff,
    )
    shown = page(client, application)
    assert "What difference you made" in shown and "bigger buttons" in shown


def test_a_decision_against_ends_the_timeline(client, member, staff):
    application = apply(member, opportunity_create())
    application_decide(application=application, status="not_selected", message="Sorry", by=staff)
    client.force_login(member)
    shown = page(client, application)
    assert "We could not offer you a place this time." in shown
    assert "Took part" not in shown and "Paid" not in shown


def test_an_unpaid_role_has_no_payment_step(client, member, staff):
    application = apply(member, opportunity_create(is_paid=False))
    application_decide(application=application, status="selected", message="", by=staff)
    client.force_login(member)
    shown = page(client, application)
    assert "Took part" in shown and "approves your payment" not in shown


def test_your_applications_is_fresh_when_a_payment_is_paid(
    client, member, staff, took_part, settings, django_capture_on_commit_callbacks
):
    """'Your applications' is kept per person (home.page_cache): a payment changing
    must make it stale, as an application changing does."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    application, involvement = took_part
    with django_capture_on_commit_callbacks(execute=True):
        payments_generate(involvements=[involvement], by=staff)
    approver = StaffFactory(email="approver@example.org")
    payment = Payment.objects.get()
    client.force_login(member)
    try:
        assert "approves your payment" in client.get("/applications/").content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            payment_approve(payment=payment, by=approver)
        listing = client.get("/applications/").content.decode()
        assert "Your payment of £75.00 is approved and on its way." in listing
        with django_capture_on_commit_callbacks(execute=True):
            payment_mark_paid(payment=payment, by=approver, paid_on=TODAY, reference="BACS-1")
        listing = client.get("/applications/").content.decode()
        assert "is approved and on its way" not in listing
    finally:
        page_cache._paused_until = 0.0


def test_your_applications_keeps_a_fixed_query_count_with_timelines(
    client, member, staff, django_assert_max_num_queries
):
    rate_card_example()
    approver = StaffFactory(email="approver@example.org")

    def one_taken_part():
        application = apply(member, opportunity_create())
        application_decide(application=application, status="selected", message="", by=staff)
        involvement = application_involvement_record(
            application=application, attended=True, started_on=TODAY, hours=2, by=staff
        )
        payments_generate(involvements=[involvement], by=staff)
        payment_approve(payment=Payment.objects.get(involvement=involvement), by=approver)
        impact_add(
            activity=opportunity_activity_sync(opportunity=application.opportunity),
            what_changed="It changed.",
            by=staff,
        )

    one_taken_part()
    client.force_login(member)
    client.get("/applications/")
    with django_assert_max_num_queries(25) as few:
        client.get("/applications/")
    for _ in range(5):
        one_taken_part()
    with django_assert_max_num_queries(25) as many:
        listing = client.get("/applications/").content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert listing.count("is approved and on its way") == 6


def test_nobody_sees_another_members_application(client, member):
    theirs = apply(MemberFactory(email="someone.else@example.org"), opportunity_create())
    client.force_login(member)
    assert client.get(f"/applications/{theirs.pk}/").status_code == 404
    client.logout()
    response = client.get(f"/applications/{theirs.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- Applying again (item 10) --------------------------------------------------------


def test_opening_the_form_again_says_you_have_already_applied(client, member):
    opportunity = opportunity_create(title="Review a diabetes leaflet")
    application = apply(member, opportunity)
    client.force_login(member)
    response = client.get(f"/apply/{opportunity.pk}/", follow=True)
    assert response.redirect_chain[-1][0] == f"/applications/{application.pk}/"
    assert "You have already applied for Review a diabetes leaflet." in response.content.decode()


def test_sending_again_from_a_second_tab_says_you_have_already_applied(client, member):
    opportunity = opportunity_create(title="Review a diabetes leaflet")
    client.force_login(member)
    client.post(f"/apply/{opportunity.pk}/", {"statement": "Keen to help"})
    # Both tabs show the check page; the first sends it.
    first = client.post(f"/apply/{opportunity.pk}/check/")
    application = Application.objects.get()
    assert first["Location"] == f"/applications/{application.pk}/sent/"
    response = client.post(f"/apply/{opportunity.pk}/check/", follow=True)
    assert response.redirect_chain[-1][0] == f"/applications/{application.pk}/"
    assert "You have already applied for Review a diabetes leaflet." in response.content.decode()
    assert Application.objects.count() == 1
