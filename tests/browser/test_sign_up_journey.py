"""Issue 14, item 4, in a real browser: someone who is not signed in presses the
opportunity's button to apply, creates an account (first sending it blank: each field
says what it needs, linked from the summary), asks for a new code, mistypes it, enters
the code from the email and lands, signed in, on that opportunity's application. Every page is
scanned with axe-core, WCAG 2.2 A and AA plus the `region` rule (everything inside a
landmark)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

PASSWORD = "a-long-enough-passphrase"


def code_in(message) -> str:
    return re.search(r"^([A-Z]{4}-[A-Z]{4})$", message.body, re.M).group(1)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_apply_create_an_account_enter_the_code_and_carry_on_applying(
    live_server, page, axe_check, baseline
):
    from opportunities.factories import opportunity_create

    opportunity = opportunity_create(title="Help shape a diabetes leaflet")
    apply_path = f"/apply/{opportunity.pk}/"

    page.goto(live_server.url + opportunity.url)
    page.get_by_role("link", name="Sign in to apply").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page).to_have_title(re.compile(r"^Sign in – "))
    axe_check(page)

    page.get_by_role("main").get_by_role("link", name="Create an account").click()
    expect(page).to_have_title(re.compile(r"^Create an account – "))
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    axe_check(page)

    # Sent blank: one message per field, each linked to its field.
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_title(re.compile(r"^Error: Create an account – "))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Enter your full name",
            "Enter your email address",
            "Enter a password",
            "Enter the password again",
        ]
    )
    expect(page.get_by_text("This field is required.")).to_have_count(0)
    axe_check(page)
    summary.get_by_role("link", name="Enter your email address").click()
    expect(page.get_by_label("Email address")).to_be_focused()

    page.get_by_label("Full name").fill("Amara Okafor")
    page.get_by_label("Email address").fill("amara@example.org")
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name="contact us")).to_have_attribute("href", "/contact/")
    axe_check(page)

    # The email has not come (say): ask for another, and use that one.
    assert len(mail.outbox) == 1
    page.get_by_role("button", name="Send a new code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert len(mail.outbox) == 2
    message = mail.outbox[-1]
    assert "127.0.0.1" not in message.subject + message.body
    # A mistyped code: said plainly, linked to the field.
    page.get_by_label("Code").fill("BCDF-GHJK")
    page.get_by_role("button", name="Confirm email address").click()
    expect(page).to_have_title(re.compile(r"^Error: Check your email – "))
    expect(page.locator(".nhsuk-error-summary").get_by_role("link")).to_have_text(
        "The code is not right. Check the email and enter the code again, or ask for a new one"
    )
    axe_check(page)
    page.get_by_label("Code").fill(code_in(message))
    page.get_by_role("button", name="Confirm email address").click()

    # Signed in, and back where they were going.
    expect(page).to_have_url(re.compile(re.escape(apply_path) + "$"))
    expect(page.get_by_text("Help shape a diabetes leaflet").first).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    axe_check(page)
    assert len(axe_check.scanned) == 6


@pytest.mark.browser
def test_the_scan_on_our_pages_includes_the_region_rule(page):
    # Guards the journey above: text outside every landmark must be reported.
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.conftest import AXE_OPTIONS_PUBLIC

    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><p>Outside</p>'
        "<main><p>Inside</p></main></body></html>"
    )
    ids = {v["id"] for v in Axe().run(page, options=AXE_OPTIONS_PUBLIC).response["violations"]}
    assert "region" in ids
