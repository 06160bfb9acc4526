"""Getting something back, in a real browser: staff record a member's involvement and
generate the payment, a second staff member approves it, it goes in a finance export,
and the member sees it on their statement for the right tax year; the member claims
travel expenses with a receipt and staff approve the claim. Every page is scanned with
axe-core (WCAG 2.2 A and AA)."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.admin_helpers import admin_scan, sign_in_to_the_admin, staff_with_authenticator

PASSWORD = "correct-horse-battery-staple"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 500


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_paid_and_paid_back(live_server, browser, axe_check, baseline, settings, tmp_path):
    from home.datetimes import format_tax_year
    from home.demo_content import demo_pages_create
    from members.factories import MemberFactory
    from members.models import MemberProfile
    from opportunities.factories import opportunity_create
    from opportunities.models import Application
    from opportunities.services.applications import application_submit
    from opportunities.services.selection import application_decide
    from reciprocity.factories import rate_card_example
    from reciprocity.models import ExpenseClaim, FinanceExportLine, Payment
    from reciprocity.money import tax_year

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    demo_pages_create()
    rate_card_example()
    proposer, proposer_secret = staff_with_authenticator()
    _approver, approver_secret = staff_with_authenticator(
        email="second.officer@example.org", name="Grace Adeyemi"
    )
    member = MemberFactory(email="kofi@example.org", name="Kofi Mensah")
    MemberProfile.objects.create(user=member, payment_preference="paid")
    opportunity = opportunity_create(title="Review the carers' leaflet")
    application = application_submit(member=member, opportunity=opportunity, statement="Keen")
    application_decide(application=application, status="selected", message="", by=proposer)
    today = timezone.localdate()

    # 1. Staff record that Kofi took part, and generate the payment.
    staff = browser.new_page()
    sign_in_to_the_admin(staff, live_server, axe_check, proposer_secret)
    staff.goto(live_server.url + f"/admin/shortlists/{opportunity.pk}/")
    staff.get_by_role("link", name=re.compile(r"^Record involvement\s*: Kofi Mensah$")).click()
    admin_scan(staff, axe_check)
    staff.get_by_label("Hours").fill("2")
    staff.get_by_role("button", name="Save").click()
    staff.goto(live_server.url + "/admin/payments/generate/")
    admin_scan(staff, axe_check)
    staff.get_by_label("Activity").select_option(index=1)  # the only one
    staff.get_by_role("button", name="Generate payments").click()
    admin_scan(staff, axe_check)
    payment = Payment.objects.get(member=member)
    assert payment.amount == Decimal("50.00") and payment.status == "proposed"

    # 2. A second member of staff approves it; it goes in the finance export.
    approver = browser.new_page()
    sign_in_to_the_admin(
        approver, live_server, axe_check, approver_secret, email="second.officer@example.org"
    )
    approver.goto(live_server.url + f"/admin/payments/{payment.pk}/")
    admin_scan(approver, axe_check)
    approver.get_by_role("button", name="Approve this payment").click()
    admin_scan(approver, axe_check)
    approver.goto(live_server.url + "/admin/payments/export/")
    admin_scan(approver, axe_check)
    approver.get_by_label("Start of the period").fill(today.strftime("%d/%m/%Y"))
    approver.get_by_label("End of the period").fill(today.strftime("%d/%m/%Y"))
    with approver.expect_download() as download:
        approver.get_by_role("button", name="Download the export").click()
    csv_text = Path(download.value.path()).read_text(encoding="utf-8")
    assert payment.payee_reference in csv_text and "50.00" in csv_text
    assert FinanceExportLine.objects.filter(payment=payment).exists()

    # 3. Kofi sees it on his statement for this tax year, and claims his bus fare.
    kofi = browser.new_page()
    kofi.goto(live_server.url + "/accounts/login/")
    kofi.get_by_label("Email").fill("kofi@example.org")
    kofi.get_by_label("Password").fill(PASSWORD)
    kofi.get_by_role("button", name="Sign In").click()
    kofi.get_by_role("link", name="See your statement of hours and payments").click()
    expect(kofi.get_by_role("heading", level=1)).to_contain_text(format_tax_year(tax_year(today)))
    expect(kofi.get_by_text("£50.00").first).to_be_visible()
    axe_check(kofi)
    kofi.goto(live_server.url + "/account/")
    kofi.get_by_role("link", name="Claim expenses, or see your claims").click()
    axe_check(kofi)
    kofi.get_by_role("link", name="Claim expenses").click()
    axe_check(kofi)
    kofi.get_by_label("Which activity are you claiming for?").select_option(index=1)
    kofi.locator("#id_form-0-kind").select_option("transport")
    kofi.locator("#id_form-0-amount").fill("4.60")
    kofi.locator("#id_form-0-receipt").set_input_files(
        files=[{"name": "bus-ticket.jpg", "mimeType": "image/jpeg", "buffer": JPEG}]
    )
    kofi.get_by_role("button", name="Send my claim").click()
    expect(kofi.get_by_text("Sent, waiting for staff")).to_be_visible()
    axe_check(kofi)
    claim = ExpenseClaim.objects.get(member=member)

    # 4. Staff approve the claim, with the receipt in front of them.
    staff.goto(live_server.url + "/admin/payments/expenses/")
    admin_scan(staff, axe_check)
    staff.get_by_role("link", name="Kofi Mensah").click()
    admin_scan(staff, axe_check)
    staff.get_by_label("Approve").check()
    staff.get_by_role("button", name="Save and tell the member").click()
    admin_scan(staff, axe_check)
    claim.refresh_from_db()
    assert claim.status == "approved"
    kofi.goto(live_server.url + "/statement/")
    expect(kofi.get_by_text("Total expenses approved: £4.60")).to_be_visible()
    axe_check(kofi)
    assert Application.objects.get(pk=application.pk).status == "selected"
    assert len(axe_check.scanned) == 20
