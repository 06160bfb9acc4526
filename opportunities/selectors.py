"""Reads for the staff screens: the shortlist with its fairness figures."""

import datetime

from django.db.models import (
    Case,
    Count,
    DateField,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from home.page_cache import public_fragment
from involvement.models import Involvement
from opportunities.models import Application, OpportunityIndexPage, OpportunityPage

RECENT_DAYS = 365

# Shown above the shortlist, so the order is never a mystery.
ORDER_EXPLAINED = (
    "People who have never taken part come first, then those who took part least in the "
    "last 12 months, then those whose last involvement was longest ago; ties go to whoever "
    "applied first. This helps you look beyond the people who are always involved. It is a "
    "starting point: you choose."
)


def shortlist(opportunity: OpportunityPage, *, today: datetime.date | None = None):
    """The opportunity's applications with, for each applicant, how often and how
    recently they took part, in the fair default order. One query, whatever the size."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=RECENT_DAYS)
    attended = Involvement.objects.filter(member=OuterRef("member"), attended=True)
    recent_count = (
        attended.filter(started_on__gte=since)
        .order_by()
        .values("member")
        .annotate(n=Count("pk"))
        .values("n")
    )
    last_date = attended.order_by().values("member").annotate(last=Max("started_on")).values("last")
    # No equality marks here: they need their own permission and are logged, so the
    # shortlist view asks members.selectors.equality.seeks_voices_matches for them.
    applications = Application.objects.filter(opportunity=opportunity)
    return (
        applications.select_related("member__profile__region")
        .annotate(
            recent_involvements=Coalesce(
                Subquery(recent_count, output_field=IntegerField()), Value(0)
            ),
            last_involved=Subquery(last_date, output_field=DateField()),
            is_new=Case(
                When(Q(last_involved__isnull=True), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            is_withdrawn=Case(
                When(status=Application.Status.WITHDRAWN, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .order_by(
            "is_withdrawn",
            "-is_new",
            "recent_involvements",
            # Oldest last involvement first; nobody without one is left at this point.
            "last_involved",
            "submitted_at",
            "pk",
        )
    )


def opportunities_with_counts():
    """Opportunities for the staff list, with applicant and selected counts."""
    return OpportunityPage.objects.annotate(
        applicants=Count(
            "applications", filter=~Q(applications__status=Application.Status.WITHDRAWN)
        ),
        selected=Count("applications", filter=Q(applications__status=Application.Status.SELECTED)),
    ).order_by("-closing_date", "-pk")


def opportunities_index_url() -> str:
    """Where "Find opportunities" links go ("" before there is a public listing),
    kept with the public pages (home.page_cache)."""
    return public_fragment("opportunities-index-url", _opportunities_index_url)


def _opportunities_index_url() -> str:
    index = OpportunityIndexPage.objects.live().public().first()
    return index.url if index else ""
