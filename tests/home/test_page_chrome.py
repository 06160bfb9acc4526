"""Issue 14, item 10: what every page shares. Back links and breadcrumbs inside <main>
(axe `region`), one link per place on group pages, dates as "4 December 2026" and tax
years as "2026 to 2027", ground rules without their internal version number."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from home.demo_content import demo_pages_create
from home.templatetags.roundtable_dates import plain_date, plain_tax_year
from involvement.models import Involvement
from members.demo_content import demo_groups_create
from members.factories import MemberFactory
from members.models import MemberProfile, ReferenceGroupIndexPage
from opportunities.factories import ApplicationFactory, ResearchRequestFactory, opportunity_create
from opportunities.services.involvement import opportunity_activity_sync
from reciprocity.factories import rate_card_example
from reciprocity.models import Payment
from reciprocity.services.payments import payments_generate

pytestmark = pytest.mark.django_db

# "4 Dec 2026", "04 Dec 2026", "(04 Dec 2026)": the short forms issue 14 found.
SHORT_DATE = re.compile(r"\b\d{1,2} (Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec) \d{4}\b")
ZERO_PADDED_DAY = re.compile(
    r"\b0\d (January|February|March|April|May|June|July|August|"
    r"September|October|November|December) \d{4}\b"
)


@pytest.fixture
def groups(db):
    demo_pages_create()
    return {group.slug: group for group in demo_groups_create()}


def _took_part(opportunity) -> Involvement:
    person = MemberFactory()
    MemberProfile.objects.create(user=person, payment_preference="paid")
    return Involvement.objects.create(
        member=person,
        activity=opportunity_activity_sync(opportunity=opportunity),
        attended=True,
        started_on=timezone.localdate(),
        hours=Decimal("2"),
    )


def _main(html: str) -> str:
    start, end = html.index("<main"), html.index("</main>")
    return html[start:end]


def _outside_main(html: str) -> str:
    start, end = html.index("<main"), html.index("</main>")
    return html[:start] + html[end:]


def test_back_links_and_breadcrumbs_are_inside_main(client, member, groups):
    client.force_login(member)
    group = groups["living-with-diabetes"]
    pages = [
        "/how-payment-works/",  # a breadcrumb
        group.url,  # a breadcrumb
        reverse("members:group_join", args=[group.pk]),  # a back link
        reverse("members:profile"),
        reverse("opportunities:applications"),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "nhsuk-back-link" in _main(html), url
        assert "nhsuk-back-link" not in _outside_main(html), url
        assert "nhsuk-breadcrumb" not in _outside_main(html), url


def test_a_group_page_links_to_the_groups_index_once_for_each_screen(client, groups):
    """The breadcrumb's list is for wide screens and its back link for phones (NHS.UK
    frontend 10 hides the other one): no second, visible link to the same place."""
    group = groups["living-with-diabetes"]
    index_url = ReferenceGroupIndexPage.objects.get().url
    main = _main(client.get(group.url).content.decode())
    links = re.findall(rf'<a class="([^"]+)" href="{re.escape(index_url)}"', main)
    assert sorted(links) == ["nhsuk-back-link", "nhsuk-breadcrumb__link"]
    assert "nhsuk-breadcrumb__back" not in main  # NHS.UK frontend 9's class: shown always
    # The NHS.UK styles we serve do the hiding.
    css = Path(settings.BASE_DIR, "static/css/nhsuk-frontend-nofonts.min.css").read_text()
    assert "@media (min-width:40.0625em){.nhsuk-breadcrumb .nhsuk-back-link{display:none}}" in css
    assert "@media (max-width:40.0525em){.nhsuk-breadcrumb__list{display:none}}" in css


def test_ground_rules_show_no_internal_version(client, member, groups):
    client.force_login(member)
    group = groups["living-with-diabetes"]
    html = client.get(reverse("members:group_join", args=[group.pk])).content.decode()
    assert "<h2>Ground rules</h2>" in html
    assert "(version" not in html
    published = plain_date(group.current_ground_rules().published_at, "short")
    assert f"Updated {published}" in html


def test_dates_read_in_full_and_tax_years_in_words(client, member, researcher, staff, admin_login):
    opportunity = opportunity_create()
    application = ApplicationFactory(member=member, opportunity=opportunity)
    request = ResearchRequestFactory(researcher=researcher)
    rate_card_example()
    payments_generate(involvements=[_took_part(opportunity)], by=staff)
    payment = Payment.objects.get()

    client.force_login(member)
    applications = client.get(reverse("opportunities:applications")).content.decode()
    assert f"Applied {plain_date(application.submitted_at, 'short')}" in applications
    client.force_login(researcher)
    requests = client.get(reverse("opportunities:requests")).content.decode()
    assert plain_date(request.submitted_at, "short") in requests

    admin = admin_login(staff)
    payments = admin.get("/admin/payments/").content.decode()
    detail = admin.get(f"/admin/payments/{payment.pk}/").content.decode()
    start = int(payment.tax_year[:4])
    assert f"{start} to {start + 1}" in payments
    assert f"{start} to {start + 1}" in detail
    assert payment.tax_year not in payments + detail  # "2026-27"
    for html in (applications, requests, payments, detail):
        assert not SHORT_DATE.search(html), SHORT_DATE.search(html)
        assert not ZERO_PADDED_DAY.search(html)


def test_rate_cards_and_tax_years_are_worded_in_full():
    card = rate_card_example()
    assert str(card).startswith(f"{card.name} (from 6 April 2020)")
    assert plain_tax_year("2026-27") == "2026 to 2027"
    assert plain_tax_year("") == ""


def test_a_date_shown_without_a_format_reads_in_full():
    """Admin lists and any `{{ date }}` use Django's DATE_FORMAT (config/formats)."""
    import datetime

    from django.template import Context, Template

    day = datetime.date(2026, 12, 4)
    assert Template("{{ day }}|{{ day|date }}").render(Context({"day": day})) == (
        "4 December 2026|4 December 2026"
    )
