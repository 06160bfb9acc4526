"""The listing and sessions (issue 14, item 7): each opportunity's next date, the
"soonest first" sort, the month view, the phone layout's order, and the cached listing
made stale when sessions change."""

import datetime

import pytest
from django.utils import timezone

from home import page_cache
from home.months import Month
from opportunities.factories import (
    opportunity_create,
    opportunity_index_get_or_create,
    session_times,
)
from opportunities.models import OpportunitySession

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(db):
    return opportunity_index_get_or_create()


def listing(client, index, query="") -> str:
    response = client.get(f"{index.url}?{query}")
    assert response.status_code == 200
    return response.content.decode()


def _when(days: int) -> str:
    start, end = session_times(days)
    return OpportunitySession(starts_at=start, ends_at=end).when


def test_each_opportunity_shows_its_next_date_and_how_many_more(client, index):
    opportunity_create(
        title="Three meetings", sessions=[session_times(-3), session_times(5), session_times(12)]
    )
    opportunity_create(title="No dates yet")
    page = listing(client, index)
    assert f"Next: {_when(5)}" in page  # not the one that has happened
    assert "(and 1 more date)" in page
    assert "No set dates" in page


def test_soonest_first_sorts_by_next_session_with_undated_ones_last(client, index):
    opportunity_create(title="Undated", closing_date=timezone.localdate())
    opportunity_create(title="Later", sessions=[session_times(30)])
    opportunity_create(title="Sooner", sessions=[session_times(-10), session_times(4)])
    opportunity_create(title="Only in the past", sessions=[session_times(-2)])
    page = listing(client, index, "sort=soonest")
    order = [page.index(t) for t in ("Sooner", "Later", "Undated", "Only in the past")]
    assert order[0] < order[1] < min(order[2:])
    assert "<strong>soonest first</strong>" in page
    assert "?sort=soonest" in listing(client, index)  # offered from the default sort


def test_the_month_view_groups_opportunities_under_the_month(client, index):
    this_month = Month.current()
    next_month = this_month.next()
    in_next = next_month.start + datetime.timedelta(days=9, hours=18)
    opportunity_create(
        title="Next month's panel", sessions=[(in_next, in_next + datetime.timedelta(hours=2))]
    )
    opportunity_create(title="Undated")
    page = listing(client, index, f"view=month&month={next_month.slug}")
    assert next_month.label in page and "1 opportunity in" in page
    assert "Next month&#x27;s panel" in page and "Undated" not in page
    assert OpportunitySession.objects.get().when in page
    assert f"month={this_month.slug}" in page  # back to this month
    assert "Previous month" in page
    assert 'aria-current="page">By month' in page
    # Without a month asked for, the first month with sessions.
    assert "1 opportunity in" in listing(client, index, "view=month")
    # This month has nothing: it says so, links to the list and to the month that has.
    page = listing(client, index, f"view=month&month={this_month.slug}")
    assert f"No open opportunities have a session in {this_month.label}" in page
    assert f"month={next_month.slug}" in page and "Next month" in page
    assert "Previous month" not in page  # nothing to see before this month


def test_the_month_view_keeps_the_filters(client, index):
    start, end = session_times(3)
    opportunity_create(title="Paid one", is_paid=True, sessions=[(start, end)])
    opportunity_create(title="Unpaid one", is_paid=False, sessions=[(start, end)])
    month = Month.of(start)
    page = listing(client, index, f"paid=on&view=month&month={month.slug}")
    assert "Paid one" in page and "Unpaid one" not in page
    assert 'name="view" value="month"' in page  # the filter form stays in this view
    assert 'href="?paid=on">List</a>' in page  # back to the list, filters kept


def test_the_result_count_comes_before_the_filters(client, index):
    opportunity_create()
    page = listing(client, index)
    assert page.index('id="results-heading"') < page.index('id="filters"')
    # The filters fold behind a summary, open in the HTML: without JavaScript they show.
    assert '<details class="nhsuk-details rt-filters" id="filters" open' in page
    assert "js/listing_filters.js" in page


@pytest.mark.parametrize("query", ["view=calendar", "view=month&month=1999-01", "month=nope"])
def test_the_cache_keeps_no_month_view_that_cannot_be_meant(client, index, settings, query):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    opportunity_create()
    try:
        assert client.get(f"{index.url}?{query}").status_code == 200
        assert client.get(f"{index.url}?{query}")["X-Page-Cache"] == "miss"
        month = Month.current().next().slug
        client.get(f"{index.url}?view=month&month={month}")
        assert client.get(f"{index.url}?view=month&month={month}")["X-Page-Cache"] == "hit"
    finally:
        page_cache._paused_until = 0.0


def test_a_session_changed_makes_the_cached_listing_and_page_stale(
    client, index, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    opportunity = opportunity_create(title="Panel", sessions=[session_times(5)])
    assert _when(5) in listing(client, index)
    assert client.get(opportunity.url)  # kept
    assert client.get(index.url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        session = opportunity.sessions.get()
        session.starts_at, session.ends_at = session_times(8)
        session.save()
    assert _when(8) in listing(client, index)
    assert _when(8) in client.get(opportunity.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        OpportunitySession.objects.filter(pk=session.pk).first().delete()
    assert "No set dates" in listing(client, index)
