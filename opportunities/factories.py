"""Factories for tests, the demo data and the benchmark."""

import datetime

import factory
from django.utils import timezone

from home.rich_text import rich_text_from_plain
from home.sessions import session_times  # noqa: F401  (tests and the demo data use it from here)
from members.factories import ResearcherFactory
from opportunities.models import (
    Application,
    Format,
    OpportunityPage,
    OpportunitySession,
    ResearchRequest,
)
from opportunities.services.opportunities import opportunity_index_get_or_create


def opportunity_create(
    *, publish: bool = True, topics=(), groups=(), sessions=(), **fields
) -> OpportunityPage:
    """An opportunity page under the index (published unless told otherwise), with
    `sessions` as (start, end) pairs of aware date-times."""
    index = opportunity_index_get_or_create()
    n = OpportunityPage.objects.count() + 1
    defaults = {
        "title": f"Opportunity {n}",
        "slug": f"opportunity-{n}-{timezone.now():%H%M%S%f}",
        "summary": "Help us make a leaflet clearer for people with diabetes.",
        "what_involves": "Read a leaflet and tell us what is unclear.",
        "time_commitment": OpportunityPage.TimeCommitment.SHORT,
        "dates": "",
        "format": Format.ONLINE,
        "payment_offer": "£25 for the meeting",
        "places": 2,
        "closing_date": timezone.localdate() + datetime.timedelta(days=21),
    }
    values = {**defaults, **fields}
    if not values["what_involves"].startswith("<"):
        values["what_involves"] = rich_text_from_plain(values["what_involves"])
    page = OpportunityPage(**values)
    page.sessions = [OpportunitySession(starts_at=start, ends_at=end) for start, end in sessions]
    index.add_child(instance=page)
    if topics:
        page.topics.set(topics)
    if groups:
        page.groups.set(groups)
    if publish:
        page.save_revision().publish()
    else:
        page.live = False
        page.save_revision()
        page.save()
    return page


class ResearchRequestFactory(factory.django.DjangoModelFactory):
    """A request as sent: every question answered."""

    class Meta:
        model = ResearchRequest

    researcher = factory.SubFactory(ResearcherFactory)
    project_title = "Living well with type 2 diabetes"
    summary = "We want to know which support helps people manage diabetes at home."
    research_stage = "design"
    role_kind = "reviewing"
    people_needed = 3
    format = Format.ONLINE
    dates_needed = "Two online meetings in March, weekday evenings"
    time_needed = "2 hours each"
    payment_offer = "rate_policy"
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    status = ResearchRequest.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    statement = "I live with diabetes and would like to help."
