"""Opportunity pages close in one nightly update once their closing date has passed, and
reopen when the date moves on."""

import datetime

import pytest
from django.utils import timezone

from opportunities.factories import opportunity_create
from opportunities.models import Application
from opportunities.services.applications import application_submit
from opportunities.services.opportunities import opportunities_close_past_deadline

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def apply(member, opportunity, **answers):
    return application_submit(
        member=member, opportunity=opportunity, statement="I would like to help.", **answers
    )


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
