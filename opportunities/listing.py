"""The public listing of opportunities: filters, search, sort and pages.

Served by OpportunityIndexPage. A fixed number of queries whatever the number of
opportunities: the page of results is fetched with its region in one query, and
nothing per row touches the database.
"""

import datetime

import django_filters
from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from home.page_cache import normalised_query, page_cache_enabled, public_fragment
from members.models import GroupMembership, ReferenceGroupPage, Region, Topic
from opportunities.models import Format, OpportunityPage
from opportunities.models.pages import CLOSING_SOON_DAYS

PER_PAGE = 20
ONLINE = "online"
SORTS = {
    "closing": ("closing_date", "pk"),
    "newest": ("-first_published_at", "-pk"),
}


class OpportunityFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search", max_length=100)
    topic = django_filters.ModelChoiceFilter(
        label=_("Experience"),
        queryset=Topic.objects.filter(parent=None),
        method="filter_topic",
        empty_label=_("Any"),
    )
    format = django_filters.ChoiceFilter(
        label=_("How you take part"), choices=Format.choices, empty_label=_("Any")
    )
    where = django_filters.ChoiceFilter(
        label=_("Where"), method="filter_where", empty_label=_("Anywhere")
    )
    time_commitment = django_filters.ChoiceFilter(
        label=_("Time it takes"),
        choices=OpportunityPage.TimeCommitment.choices,
        empty_label=_("Any"),
    )
    group = django_filters.ModelChoiceFilter(
        label=_("For members of"),
        queryset=ReferenceGroupPage.objects.none(),
        method="filter_group",
        empty_label=_("Any group"),
    )
    paid = django_filters.BooleanFilter(
        label=_("Paid only"),
        method="filter_paid",
        widget=forms.CheckboxInput,
    )
    closing_soon = django_filters.BooleanFilter(
        label=_("Closing in the next 2 weeks"),
        method="filter_closing_soon",
        widget=forms.CheckboxInput,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        regions = [(ONLINE, _("Online or from home"))] + [
            (str(region.pk), region.name) for region in Region.objects.all()
        ]
        self.filters["where"].extra["choices"] = regions
        if user is not None and user.is_authenticated:
            groups = (
                ReferenceGroupPage.objects.live()
                .public()
                .filter(
                    pk__in=GroupMembership.objects.filter(
                        member=user, status=GroupMembership.Status.ACTIVE
                    ).values("group_id")
                )
                .order_by("title")
            )
        else:
            # (.public() reads the view restrictions at once: not for an empty choice.)
            groups = ReferenceGroupPage.objects.none()
        self.filters["group"].queryset = groups

    def filter_search(self, queryset, name, value):
        words = value.split()[:8]
        for word in words:
            queryset = queryset.filter(Q(title__icontains=word) | Q(summary__icontains=word))
        return queryset

    def filter_topic(self, queryset, name, value):
        # A topic covers its sub-topics too.
        topics = Topic.objects.filter(Q(pk=value.pk) | Q(parent=value)).values("pk")
        return queryset.filter(
            pk__in=OpportunityPage.objects.filter(topics__in=topics).values("pk")
        )

    def filter_where(self, queryset, name, value):
        if value == ONLINE:
            return queryset.filter(format__in=[Format.ONLINE, Format.PHONE, Format.PAPER])
        return queryset.filter(region_id=value)

    def filter_group(self, queryset, name, value):
        return queryset.filter(pk__in=OpportunityPage.objects.filter(groups=value).values("pk"))

    def filter_paid(self, queryset, name, value):
        return queryset.filter(is_paid=True) if value else queryset

    def filter_closing_soon(self, queryset, name, value):
        if not value:
            return queryset
        soon = timezone.localdate() + datetime.timedelta(days=CLOSING_SOON_DAYS)
        return queryset.filter(closing_date__lte=soon)

    class Meta:
        model = OpportunityPage
        fields = []


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
