"""A member's statement in a real browser (issue 14, item 9): payments paid to them by
the date paid, what is to come with the activity's date, and the PDF copy downloaded.
Scanned with axe (WCAG 2.2 A and AA, and `region`)."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

PASSWORD = "correct-horse-battery-staple"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_member_reads_their_statement_and_downloads_it(live_server, page, axe_check, baseline):
    from home.datetimes import format_tax_year
    from home.demo_content import demo_pages_create
    from involvement.factories import ActivityFactory
    from involvement.models import Involvement
    from members.factories import MemberFactory, StaffFactory
    from reciprocity.factories import rate_card_example
    from reciprocity.models import Payment
    from reciprocity.money import tax_year, tax_year_bounds
    from reciprocity.services.payments import payment_approve, payment_mark_paid, payments_generate

    demo_pages_create()
    rate_card_example()
    year = tax_year(timezone.localdate())
    start, _end = tax_year_bounds(year)
    member = MemberFactory(email="kofi@example.org", name="Kofi Mensah")
    proposer, approver = StaffFactory(), StaffFactory()
    for title, day in (
        ("Diabetes panel", start),
        ("Leaflet review", start + datetime.timedelta(1)),
    ):
        involvement = Involvement.objects.create(
            member=member, activity=ActivityFactory(title=title), started_on=day, hours=Decimal("2")
        )
        payments_generate(involvements=[involvement], by=proposer)
    for payment in Payment.objects.all():
        payment_approve(payment=payment, by=approver)
    paid = Payment.objects.get(activity="Diabetes panel")
    payment_mark_paid(payment=paid, by=approver, paid_on=timezone.localdate(), reference="BACS")

    page.goto(live_server.url + "/accounts/login/?next=/statement/")
    page.get_by_label("Email").fill("kofi@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Your statement for the tax year {format_tax_year(year)}"
    )
    paid_table = page.get_by_role("table", name=re.compile("Payments received"))
    expect(paid_table.get_by_role("cell", name=re.compile("^Diabetes panel on "))).to_be_visible()
    to_come = page.get_by_role("table", name=re.compile("Payments to come"))
    expect(to_come.get_by_role("cell", name="Leaflet review")).to_be_visible()
    expect(to_come.get_by_role("cell", name="Approved, not paid yet")).to_be_visible()
    axe_check(page)  # with `region` on our own pages (tests/browser/conftest.py)

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download this statement as a PDF")).click()
    assert download.value.suggested_filename == f"statement-{year}.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
