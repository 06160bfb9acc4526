"""The public listing of opportunities: filters, search, sort and pages.

Served by OpportunityIndexPage (models/listing.py). A fixed number of queries whatever
the number of opportunities: the page of results is fetched with its region in one
query, and nothing per row touches the database.
"""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language

from home.page_cache import normalised_query, page_cache_enabled, public_fragment
from members.models import GroupMembership
from opportunities.filters import OpportunityFilterSet

# From the model module, not from `opportunities.models`: that package imports the
# listing page, which imports this module (no cycle).
from opportunities.models.opportunities import OpportunityPage

PER_PAGE = 20
SORTS = {
    "closing": ("closing_date", "pk"),
    "newest": ("-first_published_at", "-pk"),
}


# Everything the listing reads from the query string (OpportunityIndexPage declares
# them to the page cache).
QUERY_PARAMS = frozenset({"sort", "page", *OpportunityFilterSet.base_filters})


def opportunity_listing(request, *, index_page):
    """Visitors who are not signed in get the whole page from the cache of public
    pages (home.page_cache). For members, the listing under the header is kept as a
    fragment: it depends only on the query, the date and the groups they are active
    in (which decide what they may see and which group filter they get)."""
    user = request.user
    if user.is_authenticated and page_cache_enabled():
        my_groups = tuple(
            GroupMembership.objects.filter(member=user, status=GroupMembership.Status.ACTIVE)
            .order_by("group_id")
            .values_list("group_id", flat=True)
        )
        listing = public_fragment(
            ":".join(
                [
                    "listing",
                    str(index_page.pk),
                    request.get_host(),
                    str(timezone.localdate()),
                    ",".join(map(str, my_groups)),
                    get_language(),
                    normalised_query(request),
                ]
            ),
            lambda: _listing(request, index_page),
            keep=lambda listing: listing["keepable"],
        )
    else:
        listing = _listing(request, index_page)
        # Only a bounded set of queries goes into the cache of public pages.
        request.page_cache_refused = not listing["keepable"]
    return TemplateResponse(
        request,
        "opportunities/opportunity_index_page.html",
        {"page": index_page, "self": index_page, **listing},
    )


def _listing(request, index_page) -> dict:
    """The filters and the results, rendered: a string keeps as a fragment."""
    base = (
        OpportunityPage.objects.child_of(index_page)
        .open()
        .public()
        .visible_to(request.user)
        .select_related("region")
    )
    filterset = OpportunityFilterSet(request.GET or None, queryset=base, user=request.user)
    results = filterset.qs if filterset.is_bound else base
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "closing"
    page = Paginator(results.order_by(*SORTS[sort]), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    html = render_to_string(
        "opportunities/includes_listing.html",
        {
            "page": index_page,
            "filterset": filterset,
            "form": filterset.form,
            "results": page,
            "sort": sort,
            "query": query.urlencode(),
            "filtering": any(
                value for key, value in request.GET.items() if key not in ("page", "sort")
            ),
            "today": timezone.localdate(),
        },
        request=request,
    )
    # base.html starts the title with "Error:" when the filters could not be used.
    has_errors = bool(filterset.form.errors)
    return {
        "listing": html,
        "has_errors": has_errors,
        "keepable": _query_is_keepable(request, has_errors=has_errors, page=page),
    }


def _query_is_keepable(request, *, has_errors: bool, page) -> bool:
    """May this listing be kept in the cache? Not for a query that cannot be what anyone
    meant: a value the filters do not offer, two values for one filter, a sort we do not
    have or a page number that does not exist (each would be another entry for nothing).
    A search is kept: what anyone can add is bounded by how fast pages are made, and
    each entry lasts PUBLIC_PAGE_CACHE_SECONDS at most (home.page_cache)."""
    query = request.GET
    return not (
        has_errors
        or any(len(values) > 1 for _key, values in query.lists())
        or ("sort" in query and query["sort"] not in SORTS)
        or ("page" in query and query["page"] != str(page.number))
    )
