"""Bad query strings never give a 500 (issue 11, finding 10): every declared GET
parameter of the staff screens and the member-facing lists, given malformed values,
answers with the page (the filter's error shown, or the value ignored) or a 400.

On PostgreSQL: a NUL byte in a query parameter is what made it fail there
(SQLite accepts it).

The equality dashboard's own tests (tests/members/test_equality_dashboard.py) also
check the message each bad value gets; here it is one screen among the others.
"""

import pytest
from django.forms import MultiWidget

from members.admin.directory import MemberDirectoryFilterSet
from opportunities.filters import OpportunityFilterSet

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

MALFORMED = [
    "2024-02-31",
    "abc",
    "1\x00",
    "\x00",
    "x" * 5000,
    "-1",
    "-99999999999999999999",
    "99999999999999999999",
    "[]",
    "1.5",
    "",
    "%",
    "' OR 1=1 --",
]


def filterset_params(filterset_class) -> list[str]:
    """The GET names a django-filter filterset reads (a range reads two)."""
    names = []
    for name, field in filterset_class().form.fields.items():
        widget = field.widget
        if isinstance(widget, MultiWidget):
            names += [f"{name}{suffix}" for suffix in widget.widgets_names]
        else:
            names.append(name)
    return names


PAGINATION = ["p"]
WAGTAIL_INDEX = ["p", "q", "ordering", "export"]


# Screen -> its GET parameters (filtersets' own names, read from them). Staff screens
# are asked as an admin with the second factor (who may open all of them);
# member-facing ones as a member.
def staff_screens() -> dict:
    return {
        "/admin/researcher-requests/": PAGINATION,
        "/admin/membership-requests/": PAGINATION,
        "/admin/phone-and-post/": ["renewals", "rules"],
        "/admin/requests-for-input/": ["status", *PAGINATION],
        "/admin/shortlists/": PAGINATION,
        "/admin/shortlists/{opportunity}/": PAGINATION,
        "/admin/payments/": ["status", *PAGINATION],
        "/admin/payments/export/": PAGINATION,
        "/admin/payments/expenses/": ["show", *PAGINATION],
        "/admin/member-directory/": [*WAGTAIL_INDEX, *filterset_params(MemberDirectoryFilterSet)],
        "/admin/member-directory/results/": [
            *WAGTAIL_INDEX,
            *filterset_params(MemberDirectoryFilterSet),
        ],
        "/admin/users/": [*WAGTAIL_INDEX, "group", "is_superuser", "is_active", "last_login_from"],
        "/admin/outgoing-email/": [*WAGTAIL_INDEX, "status"],
        "/admin/payments/rate-cards/": WAGTAIL_INDEX,
        "/admin/snippets/members/topic/": [*WAGTAIL_INDEX, "parent"],
        "/admin/snippets/members/skill/": WAGTAIL_INDEX,
        "/admin/snippets/members/region/": WAGTAIL_INDEX,
        "/admin/snippets/members/equalitybenchmark/": [*WAGTAIL_INDEX, "area", "characteristic"],
        "/admin/pages/": ["p", "ordering", "q"],
        "/admin/pages/search/": ["p", "ordering", "q", "content_type"],
        "/admin/documents/": ["p", "q", "ordering", "collection_id"],
        "/admin/images/": ["p", "q", "ordering", "collection_id", "entries_per_page"],
        "/admin/reports/site-history/": ["p", "action", "timestamp_from", "timestamp_to", "user"],
        "/admin/equality/": ["period", "group", "area", "format"],
        "/admin/equality/benchmarks/age_band/": ["area"],
        "/admin/equality/benchmarks/sex/": ["area"],
        # projects, the staff screens and the yearly summary.
        "/admin/projects/": ["p", "rp"],
        "/admin/projects/summary/": ["year", "format"],
        # end projects
    }


def member_screens() -> dict:
    return {
        "/opportunities/": ["sort", "page", *filterset_params(OpportunityFilterSet)],
        "/applications/": ["page"],
        "/equality/age/": ["change"],
        "/equality/check/": ["change"],
    }


@pytest.fixture
def things(superuser, member):
    from members.demo_content import demo_groups_create
    from opportunities.factories import opportunity_create
    from opportunities.models import OpportunityIndexPage

    demo_groups_create()
    opportunity = opportunity_create(title="Diabetes panel")
    index = OpportunityIndexPage.objects.first()
    return {"opportunity": opportunity.pk, "index": index.url}


def ask(client, screens, things):
    """Every declared parameter of every screen with every malformed value; what was
    not answered with the page, a redirect, a 400 or a 404 (an unknown content type
    in Wagtail's page search is "not found", a clear answer)."""
    client.raise_request_exception = False  # a 500 is recorded, not raised
    broken = []
    for screen, params in screens.items():
        url = screen.format(**things)
        for param in params:
            for value in MALFORMED:
                response = client.get(url, {param: value})
                if response.status_code not in (200, 302, 400, 404):
                    broken.append(f"{url}?{param}={value[:20]!r}: {response.status_code}")
    return broken


def test_staff_screens_answer_malformed_parameters(client, superuser, admin_login, things):
    admin_login(superuser)
    assert ask(client, staff_screens(), things) == []


def test_member_lists_answer_malformed_parameters(client, member, things):
    client.force_login(member)
    screens = {
        things["index"] if k == "/opportunities/" else k: v for k, v in member_screens().items()
    }
    assert ask(client, screens, things) == []


def test_the_check_sees_a_500(client, superuser, admin_login, things):
    # Wagtail's /admin/failwhale/ fails on purpose: the check must report it.
    admin_login(superuser)
    assert ask(client, {"/admin/failwhale/": ["x"]}, things)
