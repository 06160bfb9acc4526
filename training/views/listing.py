"""The public listing of courses: filters, search and pages.

Served by TrainingIndexPage. A fixed number of queries whatever the number of courses
and sessions: the page of results in one query (each course's next session as an
annotation) and its sessions still to come in one more; nothing per row touches the
database. Visitors who are not signed in get the whole page from the cache of public
pages (home.page_cache); for people signed in, the listing is kept as a fragment (it
depends only on the query, the date and the language)."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import F, OuterRef, Prefetch, Subquery
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language

from home.page_cache import normalised_query, page_cache_enabled, public_fragment
from training.filters import CourseFilterSet

# From the model modules, not from `training.models` (no cycle: that package imports
# the index page, which imports this module when it serves).
from training.models.courses import CoursePage
from training.models.sessions import CourseSession

PER_PAGE = 20
# Everything the listing reads from the query string (declared to the page cache).
QUERY_PARAMS = frozenset({"page", *CourseFilterSet.base_filters})


def course_listing(request, *, index_page):
    if request.user.is_authenticated and page_cache_enabled():
        listing = public_fragment(
            ":".join(
                [
                    "training-listing",
                    str(index_page.pk),
                    request.get_host(),
                    str(timezone.localdate()),
                    get_language() or "",
                    normalised_query(request),
                ]
            ),
            lambda: _listing(request, index_page),
            keep=lambda listing: listing["keepable"],
        )
    else:
        listing = _listing(request, index_page)
        request.page_cache_refused = not listing["keepable"]
    return TemplateResponse(
        request,
        "training/training_index_page.html",
        {"page": index_page, "self": index_page, **listing},
    )


def _upcoming_sessions(now):
    return CourseSession.objects.not_cancelled().upcoming(now)


def _listing(request, index_page) -> dict:
    now = timezone.now()
    next_start = _upcoming_sessions(now).filter(course=OuterRef("pk")).values("starts_at")[:1]
    base = (
        CoursePage.objects.child_of(index_page)
        .live()
        .public()
        .annotate(next_start=Subquery(next_start))
        .prefetch_related(
            Prefetch("sessions", queryset=_upcoming_sessions(now), to_attr="upcoming_sessions")
        )
        .order_by(F("next_start").asc(nulls_last=True), "title", "pk")
    )
    filterset = CourseFilterSet(request.GET or None, queryset=base)
    results = filterset.qs if filterset.is_bound else base
    filters = [
        (key, value)
        for key, values in request.GET.lists()
        if key in CourseFilterSet.base_filters
        for value in values
    ]
    page = Paginator(results, PER_PAGE).get_page(request.GET.get("page"))
    for course in page.object_list:
        sessions = course.upcoming_sessions
        course.next_session = sessions[0] if sessions else None
        course.more_sessions = max(len(sessions) - 1, 0)
    filtering = sum(1 for _key, value in filters if value)
    has_courses = bool(page.paginator.count) or (
        filtering and CoursePage.objects.child_of(index_page).live().exists()
    )
    html = render_to_string(
        "training/includes_listing.html",
        {
            "page": index_page,
            "form": filterset.form,
            "filtering": filtering,
            "results": page,
            "has_courses": has_courses,
            "query": urlencode(filters),
        },
        request=request,
    )
    has_errors = bool(filterset.form.errors)
    return {
        "listing": html,
        "has_errors": has_errors,
        "keepable": _keepable(request, has_errors, page),
    }


def _keepable(request, has_errors: bool, page) -> bool:
    """May this listing be kept in the cache? Not for a query nobody's link makes: a
    value the filters do not offer, two values for one filter or a page that is not
    there (each would be another entry for nothing)."""
    query = request.GET
    return not (
        has_errors
        or any(len(values) > 1 for _key, values in query.lists())
        or ("page" in query and query["page"] != str(page.number))
    )
