"""Opportunities with real dates (issue 14, item 7), in a real browser: staff add two
sessions to an opportunity in the page editor and publish it; a member on a phone-sized
screen sees the result count before the filters, opens the folded filters, sorts by the
soonest date, opens the month view, moves to the month with the sessions, opens the
opportunity and downloads its sessions as a calendar file. Every page is scanned with
axe (WCAG 2.2 A and AA, and the `region` rule on the public pages)."""

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.admin_helpers import admin_scan, sign_in_to_the_admin, staff_with_authenticator
from tests.browser.conftest import AXE_OPTIONS

PHONE = {"width": 375, "height": 800}


def _region_check(page):
    """axe's `region` rule (best practice, not in the WCAG tags): all content is in a
    landmark."""
    results = Axe().run(page, options={"runOnly": {"type": "rule", "values": ["region"]}})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_add_sessions_and_a_member_finds_them_by_date(
    live_server, browser, axe_check, baseline
):
    from home.demo_content import demo_pages_create
    from home.months import Month
    from members.factories import MemberFactory
    from opportunities.factories import opportunity_create, session_times
    from opportunities.models import OpportunitySession

    demo_pages_create()
    _staff, secret = staff_with_authenticator()
    MemberFactory(email="ama@example.org", name="Ama Boateng")
    panel = opportunity_create(title="Diabetes check-ups panel", slug="check-ups")
    opportunity_create(title="Stroke steering group", sessions=[session_times(70)])
    opportunity_create(title="Leaflet review at home", closing_date=timezone.localdate())
    first_day = timezone.localdate() + datetime.timedelta(days=40)
    second_day = first_day + datetime.timedelta(days=7)

    # 1. Staff add two sessions in the page editor and publish.
    staff = browser.new_page()
    sign_in_to_the_admin(staff, live_server, axe_check, secret)
    staff.goto(f"{live_server.url}/admin/pages/{panel.pk}/edit/")
    admin_scan(staff, axe_check)
    for day in (first_day, second_day):
        staff.get_by_role("button", name="Add session").click()
        staff.get_by_label("Starts").last.fill(f"{day:%Y-%m-%d}T18:00")
        staff.get_by_label("Ends").last.fill(f"{day:%Y-%m-%d}T20:00")
    # The whole editor was scanned above; now the sessions, centred on the screen. A
    # full scan here depends on where the page happens to be scrolled: the admin's
    # sticky header and footer then cover part of whichever buttons sit at the edges,
    # and axe's target-size measures what is left of them.
    staff.locator("#id_sessions-FORMS").scroll_into_view_if_needed()
    staff.locator("#id_sessions-FORMS").evaluate("e => e.scrollIntoView({block: 'center'})")
    results = Axe().run(staff, context={"include": [["#id_sessions-FORMS"]]}, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
    staff.get_by_role("button", name="More actions").click()
    staff.get_by_role("button", name="Publish").click()
    admin_scan(staff, axe_check)
    sessions = list(OpportunitySession.objects.filter(page=panel))
    assert [s.starts_at.astimezone(timezone.get_default_timezone()).hour for s in sessions] == [
        18,
        18,
    ]
    first_when = sessions[0].when

    # 2. A member on a phone: the count first, the filters folded behind a button.
    context = browser.new_context(viewport=PHONE)
    member = context.new_page()
    member.goto(f"{live_server.url}/opportunities/")
    count = member.get_by_role("heading", name="3 opportunities")
    filters = member.locator("#filters > summary")
    expect(count).to_be_visible()
    expect(member.get_by_label("Paid only")).to_be_hidden()
    assert count.bounding_box()["y"] < filters.bounding_box()["y"]
    axe_check(member)
    _region_check(member)
    expect(filters).to_have_text("Filters")
    filters.click()
    expect(member.get_by_label("Paid only")).to_be_visible()
    axe_check(member)

    # 3. Soonest first: the panel's first session leads, the undated one comes last.
    member.get_by_role("link", name="soonest first").click()
    expect(member.get_by_text("soonest first", exact=True)).to_be_visible()
    titles = member.locator(".nhsuk-card__heading").all_inner_texts()
    assert titles == [
        "Diabetes check-ups panel",
        "Stroke steering group",
        "Leaflet review at home",
    ]
    expect(member.get_by_text(f"Next: {first_when}")).to_be_visible()
    axe_check(member)
    _region_check(member)

    # 4. The month view, moved on to the month of the first session.
    # It opens on the first month with sessions; back a month (nothing then) and on.
    member.get_by_role("link", name="By month").click()
    target = Month.of(sessions[0].starts_at)
    expect(member.get_by_role("heading", name=target.label, exact=True)).to_be_visible()
    member.get_by_role("link", name=re.compile("^Previous month")).click()
    expect(member.get_by_text("No open opportunities have a session in")).to_be_visible()
    axe_check(member)
    member.get_by_role("link", name=re.compile("^Next month")).click()
    expect(member.get_by_role("heading", name=target.label, exact=True)).to_be_visible()
    axe_check(member)
    _region_check(member)
    expect(member.get_by_role("link", name="Diabetes check-ups panel")).to_be_visible()
    expect(member.get_by_text(first_when)).to_be_visible()

    # 5. The opportunity, with both sessions, and the calendar file.
    member.get_by_role("link", name="Diabetes check-ups panel").click()
    expect(member.get_by_role("heading", name="Add to calendar")).to_be_visible()
    axe_check(member)
    _region_check(member)
    with member.expect_download() as download_info:
        member.get_by_role("link", name="Download all 2 sessions (.ics file)").click()
    download = download_info.value
    assert download.suggested_filename == "diabetes-check-ups-panel.ics"
    with open(download.path(), encoding="utf-8") as ics:
        body = ics.read()
    assert body.count("BEGIN:VEVENT") == 2 and "SUMMARY:Diabetes check-ups panel" in body
    member.get_by_text(f"Add {first_when} to your calendar").click()
    expect(member.get_by_role("link", name="Add to Google Calendar")).to_be_visible()
    axe_check(member)
    context.close()
