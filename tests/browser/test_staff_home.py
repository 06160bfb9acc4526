"""A new member of staff's first visit to the admin, in a real browser (issue 14, item
13): sign in, set up an authenticator app without being asked for the password again,
keep the recovery codes and go on to the admin, see what is waiting for them on its
home page, and follow a link to it. Every page is scanned with axe (WCAG 2.2 A and AA,
and the `region` rule: all content inside landmarks)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.admin_helpers import admin_scan, totp_code

STAFF_EMAIL = "new.officer@example.org"


def scan(page, axe_check):
    """The WCAG scan (after the admin's messages have settled), then `region` on its own:
    a best-practice rule, outside the WCAG tags the usual scan runs."""
    admin_scan(page, axe_check)
    results = Axe().run(page, options={"runOnly": {"type": "rule", "values": ["region"]}})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_new_staff_reach_what_is_waiting_for_them(live_server, page, axe_check, baseline):
    from members.demo_content import demo_groups_create
    from members.factories import DEFAULT_PASSWORD, MemberFactory, StaffFactory
    from members.services.memberships import membership_join

    panel = next(
        g for g in demo_groups_create() if g.slug == "mental-health-lived-experience-panel"
    )
    for email, name in (("ama@example.org", "Ama Owusu"), ("bryn@example.org", "Bryn Jones")):
        membership_join(
            member=MemberFactory(email=email, name=name),
            group=panel,
            accepted_version=panel.current_ground_rules(),
        )
    StaffFactory(email=STAFF_EMAIL, name="Dewi Prys")

    page.emulate_media(reduced_motion="reduce")  # see admin_helpers.admin_scan
    page.goto(live_server.url + "/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/admin/$"))
    page.get_by_label("Email").fill(STAFF_EMAIL)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()

    # Straight to setting up the app: no "Confirm access", no second password.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    scan(page, axe_check)
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name=re.compile("activate", re.I)).click()

    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery codes")
    scan(page, axe_check)
    page.get_by_role("link", name="Continue to the admin").click()

    expect(page).to_have_url(re.compile(r"/admin/$"))
    waiting = page.locator("#waiting-for-you-section")
    expect(waiting.get_by_role("heading", name="Waiting for you")).to_be_visible()
    row = waiting.get_by_role("row", name=re.compile("Membership requests"))
    expect(row.get_by_role("cell").nth(1)).to_have_text("2")
    expect(waiting.get_by_role("link", name="Payments to approve")).to_be_visible()
    scan(page, axe_check)

    waiting.get_by_role("link", name="Membership requests").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Membership requests")
    expect(page.get_by_role("cell", name="Ama Owusu", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="Bryn Jones", exact=True)).to_be_visible()
    scan(page, axe_check)
    assert len(axe_check.scanned) == 4
