"""A member claims expenses in a real browser, as the NHS.UK pattern asks (issue 14,
item 1): the limits and rates first, one cost at a time with only the boxes that fit,
a food cost of £25 refused without its receipt and then capped on the check page with
the reason, a cost changed from the check page, the claim sent, then changed and
withdrawn before staff act. Every page is scanned with axe-core (WCAG 2.2 A and AA, and
on our pages the `region` rule: everything inside a landmark; tests/browser/conftest.py)."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

PDF = b"%PDF-1.7\n" + b"0" * 500


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_claim_with_limits_first_a_check_page_then_change_and_withdraw(
    live_server, page, axe_check, baseline, settings, tmp_path
):
    from home.demo_content import demo_pages_create
    from home.services import organisation_set_up
    from involvement.models import Involvement
    from members.factories import DEFAULT_PASSWORD, MemberFactory
    from opportunities.factories import opportunity_create
    from opportunities.services.involvement import opportunity_activity_sync
    from reciprocity.factories import rate_card_example
    from reciprocity.models import ExpenseClaim

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    demo_pages_create()
    organisation_set_up(name="Roundtable", contact_email="involve@example.org")
    rate_card_example()
    member = MemberFactory(email="amara@example.org", name="Amara Okafor")
    opportunity = opportunity_create(title="Review the carers' leaflet")
    Involvement.objects.create(
        member=member,
        activity=opportunity_activity_sync(opportunity=opportunity),
        started_on=timezone.localdate(),
        hours=Decimal("2"),
    )

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("amara@example.org")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name=re.compile("^sign in$", re.I)).click()
    page.goto(live_server.url + "/account/")
    page.get_by_role("link", name="Claim expenses").click()

    # 1. The limits and rates first, then which activity.
    expect(page.get_by_role("heading", level=1)).to_have_text("Claim expenses")
    expect(page.get_by_text("45p a mile")).to_be_visible()
    expect(page.get_by_text("up to £10.00 for one activity")).to_be_visible()
    expect(page.get_by_text("Food and drink: a receipt for every cost")).to_be_visible()
    axe_check(page)
    page.get_by_role("radio", name=re.compile(r"Review the carers")).check()
    page.get_by_role("button", name="Continue").click()

    # 2. One cost at a time. "Something else" reveals its question; food does not.
    expect(page.get_by_role("heading", level=1)).to_have_text("What was the cost for?")
    what = page.get_by_label("What was it? (only for something else)")
    expect(what).to_be_hidden()
    page.get_by_role("radio", name="Something else").check()
    expect(what).to_be_visible()
    axe_check(page)
    page.get_by_role("radio", name="Food and drink").check()
    page.get_by_role("button", name="Continue").click()

    # 3. £25 of food without a receipt is refused beside the receipt box.
    expect(page.get_by_label("Miles", exact=False)).to_have_count(0)
    page.get_by_label("How much did it cost?").fill("£25")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(re.compile(r"^Error: Food and drink"))
    message = "Add a photo or PDF of the receipt: we need one for food and drink."
    expect(page.get_by_role("link", name=message)).to_be_visible()
    expect(page.get_by_label("How much did it cost?")).to_have_value("£25")
    axe_check(page)
    page.get_by_label("Receipt").set_input_files(
        files=[{"name": "lunch.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Continue").click()

    # 4. Add another cost: mileage asks for miles, not an amount.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check your claim")
    page.get_by_role("link", name="Add another cost").click()
    page.get_by_role("radio", name="Travel by car (mileage)").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_label("How much did it cost?")).to_have_count(0)
    page.get_by_label("How many miles did you drive, there and back?").fill("12")
    axe_check(page)
    page.get_by_role("button", name="Continue").click()

    # 5. The check page says what is capped and why, before anything is sent.
    expect(
        page.get_by_text("Food is paid up to £10.00 for one activity, so £25.00 becomes £10.00")
    ).to_be_visible()
    expect(page.get_by_text("12 miles at 45p a mile")).to_be_visible()
    expect(page.locator("#total")).to_contain_text("£15.40")
    assert not ExpenseClaim.objects.exists()
    axe_check(page)

    # 6. Change the miles from the check page.
    page.get_by_role("link", name="Change cost 2, travel by car (mileage)").click()
    expect(page.get_by_role("radio", name="Travel by car (mileage)")).to_be_checked()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("How many miles did you drive, there and back?").fill("20")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("20 miles at 45p a mile")).to_be_visible()
    expect(page.locator("#total")).to_contain_text("£19.00")
    page.get_by_role("button", name="Send claim").click()

    # 7. Sent: staff have not acted, so it can still be changed or withdrawn.
    expect(page.get_by_text("Your claim has been sent")).to_be_visible()
    expect(page.get_by_text("Sent, waiting for staff")).to_be_visible()
    claim = ExpenseClaim.objects.get(member=member)
    assert claim.total == Decimal("19.00") and claim.items.get(kind="food").receipt
    axe_check(page)
    page.get_by_role("button", name="Change this claim").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check your changed claim")
    axe_check(page)
    page.get_by_role("button", name="Remove cost 2, travel by car (mileage)").click()
    expect(page.get_by_text("The cost has been removed.")).to_be_visible()
    page.get_by_role("button", name="Send the changed claim").click()
    expect(page.get_by_text("Your changed claim has been sent")).to_be_visible()
    claim.refresh_from_db()
    assert claim.total == Decimal("10.00")

    page.get_by_role("link", name="Withdraw this claim").click()
    axe_check(page)
    page.get_by_role("button", name="Withdraw my claim").click()
    expect(page.get_by_text("You withdrew this claim")).to_be_visible()
    axe_check(page)
    claim.refresh_from_db()
    assert claim.status == "withdrawn"
    assert len(axe_check.scanned) == 9
