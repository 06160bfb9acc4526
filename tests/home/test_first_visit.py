"""Issue 14, item 6: a first-time visitor finds where to start. The home page's start
points and "How taking part works", and the main navigation (what people come for
first, no duplicate entries)."""

import re

import pytest

from home.demo_content import demo_pages_create
from members.demo_content import demo_groups_create
from members.models import ReferenceGroupIndexPage
from opportunities.factories import opportunity_index_get_or_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_pages(db):
    demo_pages_create()
    demo_groups_create()
    return {
        "opportunities": opportunity_index_get_or_create(),
        "groups": ReferenceGroupIndexPage.objects.get(),
    }


def _nav(html: str) -> list[tuple[str, str]]:
    menu = html[html.index('aria-label="Menu"') :]
    menu = menu[: menu.index("</nav>")]
    return re.findall(
        r'class="nhsuk-header__navigation-link" href="([^"]+)"[^>]*>([^<]+)</a>', menu
    )


def test_the_home_page_offers_two_start_points(client, site_pages):
    html = client.get("/").content.decode()
    opportunities, groups = site_pages["opportunities"].url, site_pages["groups"].url
    start = html.index('class="nhsuk-list rt-start-points"')
    find = html.index(f'<a class="nhsuk-action-link" href="{opportunities}">', start)
    join = html.index(f'<a class="nhsuk-action-link" href="{groups}">', start)
    assert find < join  # what most people come for first
    assert "Find an opportunity</span>" in html
    assert "Join a reference group</span>" in html


def test_how_taking_part_works_is_text_in_order_with_decorative_icons(client, site_pages):
    html = client.get("/").content.decode()
    section = html[html.index('aria-labelledby="how-it-works-heading"') :]
    section = section[: section.index("</section>")]
    assert '<ol class="rt-steps">' in section
    steps = re.findall(r'<h3 class="rt-steps__title">([^<]+)</h3>', section)
    assert steps == [
        "You apply",
        "You are chosen",
        "You take part",
        "You are paid and hear what changed",
    ]
    icons = re.findall(r"<svg[^>]*>", section)
    assert len(icons) == 4
    assert all('aria-hidden="true"' in icon and 'focusable="false"' in icon for icon in icons)


def test_opportunities_come_first_in_the_menu_with_no_duplicates(client, site_pages):
    nav = _nav(client.get("/how-payment-works/").content.decode())
    titles = [title for _url, title in nav]
    assert titles[:3] == ["Home", "Opportunities", "Reference groups"]
    assert nav[1][0] == site_pages["opportunities"].url
    assert "About our reference groups" not in titles
    assert "How payment works" in titles
    assert len({url for url, _title in nav}) == len(nav)  # each place once


def test_a_section_staff_keep_out_of_menus_is_still_a_start_point(client, site_pages):
    index = site_pages["groups"]
    index.show_in_menus = False
    index.save_revision().publish()
    html = client.get("/").content.decode()
    assert [title for _url, title in _nav(html)][:2] == ["Home", "Opportunities"]
    assert "Reference groups" not in [title for _url, title in _nav(html)]
    assert f'<a class="nhsuk-action-link" href="{index.url}">' in html


def test_without_the_listing_the_home_page_offers_what_exists(client, db):
    demo_pages_create()
    html = client.get("/").content.decode()
    assert "rt-start-points" not in html
    assert "How taking part works" in html
