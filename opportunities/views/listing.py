"""The public listing of opportunities: filters, search, sort and pages.

Served by OpportunityIndexPage (models/listing.py). A fixed number of queries whatever
the number of opportunities and sessions: the page of results is fetched with its
region in one query and its sessions in one more, and nothing per row touches the
database.

Two views of the same results: the list (sorted by closing date, newest or soonest
session) and the month view (`?view=month&month=2027-01`: the opportunities with a
session that month, under the month's heading, with links to the months before and
after). Both work without JavaScript.

Signed-in members with a profile also see which opportunities suit them, with the
reasons (opportunities/matching/members.py), and may sort by best match. That is
theirs alone: their listing is kept per person (home.page_cache.personal_fragment,
stale when their profile, groups or "not for me" answers change), never in the
fragment members share nor in the visitors' page cache.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import F, OuterRef, Prefetch, Subquery
from django.db.models.functions import TruncMonth
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from home.months import Month
from home.page_cache import (
    normalised_query,
    page_cache_enabled,
    personal_fragment,
    public_fragment,
)
from home.sessions import next_start
from members import roles
from members.models import GroupMembership
from opportunities.filters import OpportunityFilterSet
from opportunities.matching.data import opportunities_for_matching
from opportunities.matching.members import best_match_first, member_matching, with_suitability

# From the model module, not from `opportunities.models`: that package imports the
# listing page, which imports this module (no cycle).
from opportunities.models.opportunities import OpportunityPage
from opportunities.models.sessions import OpportunitySession

PER_PAGE = 20
SORTS = {
    "closing": ("closing_date", "pk"),
    # Soonest next session first; opportunities with none still to come go last.
    "soonest": (F("next_start").asc(nulls_last=True), "closing_date", "pk"),
    "newest": ("-first_published_at", "-pk"),
}
# Only for members with a profile (opportunities/matching/members.py); for anyone
# else the value is unknown, and the listing falls back to the default order.
BEST_MATCH = "best"
DEFAULT_SORT = "closing"
# The listing kept per member holds forms ("Not for me"); their CSRF token is put in
# as the page is served, never kept in the cache.
CSRF_MARKER = "rt-csrf-token-marker"
MONTH_VIEW = "month"
# How far ahead the month view goes by its links (and what the page cache keeps).
MONTHS_AHEAD = 36


# Everything the listing reads from the query string (OpportunityIndexPage declares
# them to the page cache).
QUERY_PARAMS = frozenset({"sort", "page", "view", "month", *OpportunityFilterSet.base_filters})


def opportunity_listing(request, *, index_page):
    """Visitors who are not signed in get the whole page from the cache of public
    pages (home.page_cache). For members, the listing under the header is kept as a
    fragment: it depends only on the query, the date and the groups they are active
    in (which decide what they may see and which group filter they get) and, for a
    member, on their profile and "not for me" answers (then kept for them alone)."""
    user = request.user
    if user.is_authenticated and page_cache_enabled():
        my_groups = tuple(
            GroupMembership.objects.filter(member=user, status=GroupMembership.Status.ACTIVE)
            .order_by("group_id")
            .values_list("group_id", flat=True)
        )
        key = ":".join(
            [
                "listing",
                str(index_page.pk),
                request.get_host(),
                str(timezone.localdate()),
                ",".join(map(str, my_groups)),
                get_language(),
                normalised_query(request),
            ]
        )
        if user.has_role(roles.MEMBER):
            listing = personal_fragment(
                user,
                key,
                lambda: _listing(request, index_page),
                keep=lambda listing: listing["keepable"],
            )
        else:
            listing = public_fragment(
                key,
                lambda: _listing(request, index_page),
                keep=lambda listing: listing["keepable"],
            )
    else:
        listing = _listing(request, index_page)
        # Only a bounded set of queries goes into the cache of public pages.
        request.page_cache_refused = not listing["keepable"]
    if CSRF_MARKER in listing["listing"]:
        # Rendered by our own template; the marker stands where the token goes.
        listing = listing | {
            "listing": mark_safe(listing["listing"].replace(CSRF_MARKER, get_token(request)))  # noqa: S308
        }
    return TemplateResponse(
        request,
        "opportunities/opportunity_index_page.html",
        {"page": index_page, "self": index_page, **listing},
    )


def _listing(request, index_page) -> dict:
    """The filters and the results, rendered: a string keeps as a fragment."""
    now = timezone.now()
    matching = member_matching(request.user)
    base = (
        OpportunityPage.objects.child_of(index_page)
        .open()
        .public()
        .visible_to(request.user)
        .select_related("region")
        .annotate(next_start=next_start(OpportunitySession, "page", now))
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=OpportunitySession.objects.upcoming(now),
                to_attr="upcoming_sessions",
            )
        )
    )
    if matching is not None:
        base = opportunities_for_matching(base)
    sorts = [BEST_MATCH, *SORTS] if matching is not None else list(SORTS)
    filterset = OpportunityFilterSet(request.GET or None, queryset=base, user=request.user)
    results = filterset.qs if filterset.is_bound else base
    filters = [
        (key, value)
        for key, values in request.GET.lists()
        if key in OpportunityFilterSet.base_filters
        for value in values
    ]
    context = {
        "page": index_page,
        "filterset": filterset,
        "form": filterset.form,
        "filtering": sum(1 for _key, value in filters if value),
        "list_url": _url(filters),
        "month_view_url": _url([*filters, ("view", MONTH_VIEW)]),
        "sort_urls": {name: _url([*filters, ("sort", name)]) for name in sorts},
        "today": timezone.localdate(),
        "matching": matching is not None,
        "csrf_marker": CSRF_MARKER,
        "here": request.get_full_path(),
    }
    sort = request.GET.get("sort") if request.GET.get("sort") in sorts else DEFAULT_SORT
    month = None
    scored = False  # each result has its `suitability` already
    if request.GET.get("view") == MONTH_VIEW:
        sessions = OpportunitySession.objects.upcoming(now).filter(page__in=results.values("pk"))
        months = _months_with(sessions)
        # Without a month asked for: the first with sessions, not an empty one.
        month = Month.parse(request.GET.get("month")) or (months[0] if months else Month.current())
        results = _in_month(results, sessions, month)
        context |= _month_links(filters, month, months)
        query = [*filters, ("view", MONTH_VIEW), ("month", month.slug)]
    elif sort == BEST_MATCH:
        # Every result is scored to order them (a few thousand at most), in the
        # default order first so that it breaks ties.
        results = best_match_first(matching, results.order_by(*SORTS[DEFAULT_SORT]))
        scored = True
        query = [*filters, ("sort", sort)]
    else:
        results = results.order_by(*SORTS[sort])
        query = [*filters, *([("sort", sort)] if "sort" in request.GET else [])]
    page = Paginator(results, PER_PAGE).get_page(request.GET.get("page"))
    if matching is not None and not scored:
        page.object_list = with_suitability(matching, page.object_list)
    html = render_to_string(
        "opportunities/includes_listing.html",
        {**context, "results": page, "sort": sort, "month": month, "query": urlencode(query)},
        request=request,
    )
    # base.html starts the title with "Error:" when the filters could not be used.
    has_errors = bool(filterset.form.errors)
    return {
        "listing": html,
        "has_errors": has_errors,
        "keepable": _query_is_keepable(request, has_errors=has_errors, page=page, sorts=sorts),
    }


def _months_with(sessions) -> list[Month]:
    """Every month (on the UK's clock) in which one of `sessions` starts."""
    starts = (
        sessions.annotate(month=TruncMonth("starts_at"))
        .order_by()
        .values_list("month", flat=True)
        .distinct()
    )
    return sorted({Month.of(start) for start in starts})


def _in_month(results, sessions, month: Month):
    """The results with one of `sessions` in `month`, soonest first, each with that
    month's sessions (`month_sessions`)."""
    in_month = sessions.starting_between(month.start, month.end)
    first_in_month = in_month.filter(page=OuterRef("pk")).values("starts_at")[:1]
    return (
        results.filter(pk__in=in_month.values("page"))
        .annotate(month_start=Subquery(first_in_month))
        .order_by("month_start", "pk")
        .prefetch_related(Prefetch("sessions", queryset=in_month, to_attr="month_sessions"))
    )


def _month_links(filters, month: Month, months: list[Month]) -> dict:
    """Links to the months before and after `month`, and to every month with sessions."""
    this_month = Month.current()

    def link(to: Month) -> dict:
        return {"month": to, "url": _url([*filters, ("view", MONTH_VIEW), ("month", to.slug)])}

    later = [m for m in months if m > month]
    return {
        "months": [link(m) | {"current": m == month} for m in months],
        "previous_month": link(month.previous()) if month > this_month else None,
        "next_month": link(month.next()) if later else None,
    }


def _url(params) -> str:
    return "?" + urlencode(params) if params else "?"


def _query_is_keepable(request, *, has_errors: bool, page, sorts) -> bool:
    """May this listing be kept in the cache? Not for a query that cannot be what anyone
    meant: a value the filters do not offer, two values for one filter, a sort we do not
    have or a page number that does not exist (each would be another entry for nothing).
    A search is kept: what anyone can add is bounded by how fast pages are made, and
    each entry lasts PUBLIC_PAGE_CACHE_SECONDS at most (home.page_cache)."""
    query = request.GET
    month = Month.parse(query.get("month"))
    months_ahead = month.months_from(Month.current()) if month else 0
    return not (
        has_errors
        or any(len(values) > 1 for _key, values in query.lists())
        or ("sort" in query and query["sort"] not in sorts)
        or ("page" in query and query["page"] != str(page.number))
        or ("view" in query and query["view"] != MONTH_VIEW)
        or ("month" in query and not (month and 0 <= months_ahead <= MONTHS_AHEAD))
    )
