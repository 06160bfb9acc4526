"""The public listing: filters, search, sort, pages and a helpful empty state."""

import datetime

import pytest
from django.utils import timezone

from members.demo_content import demo_groups_create
from members.models import Region, Topic
from members.services.memberships import membership_join
from opportunities.factories import (
    opportunity_create,
    opportunity_index_get_or_create,
    session_times,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def index(db):
    return opportunity_index_get_or_create()


def titles(client, index, query=""):
    return client.get(f"{index.url}?{query}").content.decode()


def test_the_listing_shows_open_opportunities_soonest_closing_first(client, index):
    opportunity_create(title="Sooner", closing_date=TODAY + datetime.timedelta(days=3))
    opportunity_create(title="Later", closing_date=TODAY + datetime.timedelta(days=30))
    draft = opportunity_create(title="Draft", publish=False)
    page = titles(client, index)
    assert page.index("Sooner") < page.index("Later")
    assert draft.title not in page
    assert "2 opportunities" in page
    newest = titles(client, index, "sort=newest")
    assert newest.index("Later") < newest.index("Sooner")


def test_filters_narrow_the_list(client, index):
    carer = Topic.objects.get(name="Carer")
    leeds = Region.objects.get(name="Yorkshire and the Humber")
    opportunity_create(
        title="Carers online",
        topics=[carer],
        is_paid=True,
        closing_date=TODAY + datetime.timedelta(days=7),
    )
    opportunity_create(
        title="In Leeds", format="in_person", region=leeds, place="Leeds", is_paid=False
    )
    opportunity_create(
        title="Long one",
        time_commitment="ongoing",
        closing_date=TODAY + datetime.timedelta(days=60),
    )
    assert "Carers online" in titles(client, index, f"topic={carer.pk}")
    assert "In Leeds" not in titles(client, index, f"topic={carer.pk}")
    page = titles(client, index, f"where={leeds.pk}")
    assert "In Leeds" in page and "Carers online" not in page
    page = titles(client, index, "where=online")
    assert "Carers online" in page and "In Leeds" not in page
    assert "In Leeds" not in titles(client, index, "paid=on")
    page = titles(client, index, "time_commitment=ongoing")
    assert "Long one" in page and "Carers online" not in page
    page = titles(client, index, "closing_soon=on")
    assert "Long one" not in page and "Carers online" in page
    page = titles(client, index, "q=leeds")
    assert "In Leeds" in page and "Carers online" not in page


def test_an_empty_result_says_what_to_do(client, index):
    opportunity_create(title="Something")
    page = titles(client, index, "q=nothing-matches-this")
    assert "No opportunities match these filters." in page and "Clear the filters" in page
    assert "Something" in titles(client, index)


def test_group_only_opportunities_are_listed_for_the_groups_members_only(client, index, member):
    groups = demo_groups_create()
    diabetes = next(g for g in groups if g.slug == "living-with-diabetes")
    opportunity_create(title="Just for the diabetes group", visibility="groups", groups=[diabetes])
    assert "Just for the diabetes group" not in titles(client, index)
    client.force_login(member)
    assert "Just for the diabetes group" not in titles(client, index)
    membership_join(member=member, group=diabetes, accepted_version=diabetes.current_ground_rules())
    assert "Just for the diabetes group" in titles(client, index)
    assert "Just for the diabetes group" in titles(client, index, f"group={diabetes.pk}")


def test_results_come_in_pages_of_20_keeping_the_filters(client, index):
    for n in range(25):
        opportunity_create(title=f"Paid {n:02d}", is_paid=True)
    page = titles(client, index, "paid=on")
    assert "25 opportunities" in page and "Page 1 of 2" in page
    assert "paid=on&amp;page=2" in page
    assert "Page 2 of 2" in titles(client, index, "paid=on&page=2")


@pytest.mark.parametrize("query", ["", "sort=soonest", "view=month"])
def test_the_listing_query_count_does_not_grow(client, index, django_assert_max_num_queries, query):
    """Whatever the number of opportunities and of their sessions, in every view."""
    for _ in range(3):
        opportunity_create(sessions=[session_times(1)])
    url = f"{index.url}?{query}"
    client.get(url)  # warm caches
    with django_assert_max_num_queries(25) as few:
        assert "Opportunity 1" in client.get(url).content.decode()
    for n in range(30):
        opportunity_create(sessions=[session_times(days) for days in range(1, 2 + n % 4)])
    with django_assert_max_num_queries(25) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_closed_and_past_opportunities_are_not_listed(client, index):
    past = opportunity_create(
        title="Past its date", closing_date=TODAY + datetime.timedelta(days=1)
    )
    type(past).objects.filter(pk=past.pk).update(closing_date=TODAY - datetime.timedelta(days=1))
    closed = opportunity_create(title="Closed by staff")
    type(closed).objects.filter(pk=closed.pk).update(closed_at=timezone.now())
    opportunity_create(title="Still open")
    page = titles(client, index)
    assert "Still open" in page
    assert "Past its date" not in page and "Closed by staff" not in page


def test_the_experience_filter_groups_conditions_under_plain_categories(client, index):
    page = titles(client, index)
    assert "Cancer and neoplasms" not in page and "Metabolic and endocrine" not in page
    assert (
        '<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Diabetes, thyroid' in page
    )
    diabetes = Topic.objects.get(name="Diabetes")
    assert f'value="{diabetes.pk}"' in page
    # The "find a topic" box is there for JavaScript to show; without it every topic is listed.
    assert "data-topic-finder hidden" in page


def test_choosing_a_category_finds_its_conditions_and_a_condition_only_itself(client, index):
    diabetes = Topic.objects.get(name="Diabetes")
    hormones = diabetes.parent
    opportunity_create(title="Type 2 study", topics=[diabetes])
    opportunity_create(title="Thyroid study", topics=[Topic.objects.get(name="Thyroid conditions")])
    opportunity_create(title="Asthma study", topics=[Topic.objects.get(name="Asthma")])
    page = titles(client, index, f"topic={hormones.pk}")
    assert "Type 2 study" in page and "Thyroid study" in page and "Asthma study" not in page
    page = titles(client, index, f"topic={diabetes.pk}")
    assert "Type 2 study" in page and "Thyroid study" not in page
    both = titles(client, index, f"topic={diabetes.pk}&topic={Topic.objects.get(name='Asthma').pk}")
    assert "Type 2 study" in both and "Asthma study" in both and "Thyroid study" not in both
    # A chosen topic opens the folded list and stays ticked.
    assert f'value="{diabetes.pk}" id="id_topic_' in page and "(1 chosen)" in page


def test_searching_for_a_condition_finds_opportunities_about_it_without_javascript(client, index):
    opportunity_create(
        summary="A study.", title="Type 2 study", topics=[Topic.objects.get(name="Diabetes")]
    )
    opportunity_create(
        summary="A study.",
        title="Hormone study",
        topics=[Topic.objects.get(name="Thyroid conditions").parent],
    )
    opportunity_create(
        summary="A study.", title="Breathing study", topics=[Topic.objects.get(name="Asthma")]
    )
    page = titles(client, index, "q=diabetes")
    assert "Type 2 study" in page and "Hormone study" in page and "Breathing study" not in page
    page = titles(client, index, "q=COPD")
    assert "Breathing study" not in page  # tagged asthma, not COPD or the whole category
    page = titles(client, index, "q=emphysema")  # in COPD's hint
    assert "No opportunities match" in page
