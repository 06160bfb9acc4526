"""Issue 14, item 6 (and the shared page parts of item 10), in a real browser: a
first-time visitor on a phone finds where to start, reads how taking part works,
sees Opportunities in the main navigation (not under "More") and follows "Find an
opportunity"; Escape in the "More" menu puts focus back on its toggle; a group page
shows one visible link to the groups index on a phone and on a wide screen. Every page
is scanned with axe-core, including the `region` rule (tests/browser/conftest.py)."""

import pytest
from playwright.sync_api import expect

PHONE = {"width": 375, "height": 800}
NARROWEST = {"width": 320, "height": 800}
DESKTOP = {"width": 1280, "height": 900}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_first_visit_on_a_phone(live_server, page, axe_check, baseline):
    from home.demo_content import demo_pages_create
    from members.demo_content import demo_groups_create
    from opportunities.factories import opportunity_create

    demo_pages_create()
    groups = {group.slug: group for group in demo_groups_create()}
    opportunity = opportunity_create(title="Make a diabetes leaflet clearer")

    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name="Find an opportunity")).to_be_visible()
    expect(main.get_by_role("link", name="Join a reference group")).to_be_visible()

    # How taking part works: a list of steps, in order, read as text.
    steps = main.get_by_role("list").filter(has_text="You apply").get_by_role("listitem")
    expect(steps).to_have_count(4)
    expect(steps.nth(0)).to_contain_text("You apply")
    expect(steps.nth(3)).to_contain_text("You are paid and hear what changed")

    # Opportunities in the main navigation, shown, not moved under "More".
    menu = page.get_by_role("navigation", name="Menu")
    opportunities_link = menu.get_by_role("link", name="Opportunities", exact=True)
    expect(opportunities_link).to_be_visible()
    assert page.locator(".nhsuk-header__menu-list").get_by_text("Opportunities").count() == 0
    axe_check(page)

    # At 320 px nothing scrolls sideways.
    page.set_viewport_size(NARROWEST)
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROWEST["width"]
    page.set_viewport_size(PHONE)

    # Escape in "More" returns focus to its toggle (not to <body>).
    toggle = menu.get_by_role("button", name="More")
    expect(toggle).to_be_visible()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    hidden_item = page.locator(".nhsuk-header__menu-list a").first
    hidden_item.focus()
    axe_check(page)
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()

    # "Find an opportunity" leads to the listing, and on to an opportunity, whose back
    # link is inside the main landmark.
    main.get_by_role("link", name="Find an opportunity").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opportunities to take part")
    axe_check(page)
    page.get_by_role("link", name=opportunity.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(opportunity.title)
    expect(page.get_by_role("main").get_by_role("link", name="All opportunities")).to_be_visible()
    axe_check(page)

    # A group page: the breadcrumb and its back link go to the same place, so only one
    # of them shows, on a phone and on a wide screen alike.
    group = groups["living-with-diabetes"]
    index_url = group.get_parent().url
    page.goto(live_server.url + group.url)
    visible_to_index = page.locator(f'main a[href="{index_url}"]:visible')
    expect(visible_to_index).to_have_count(1)
    axe_check(page)
    page.set_viewport_size(DESKTOP)
    expect(visible_to_index).to_have_count(1)
    axe_check(page)
