"""A sent expense claim changed or withdrawn until staff act on it, and read-only after
(issue 14, item 1); and what a member with nothing to claim for is told (item 2)."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.services import organisation_set_up
from members.factories import MemberFactory
from members.models import JourneyDraft
from reciprocity.models import DraftReceipt, ExpenseClaim, RateCard
from reciprocity.services.expenses import expense_claim_decide, expense_claim_submit
from reciprocity.services.payments import PaymentError
from tests.reciprocity.expense_journey import (
    JPEG,
    claim_start,
    cost_add,
    cost_details,
    cost_kind,
    files,
    pdf,
    title,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


# --- A sent claim: change or withdraw until staff act ---------------------------------


def send_claim(client, took_part):
    claim_start(client, took_part)
    cost_add(client, "food", index=0, amount="25", receipt=pdf())
    cost_add(client, "parking", index=1, amount="3", receipt=pdf())
    client.post("/expenses/new/check/")
    return ExpenseClaim.objects.get()


def test_a_member_changes_a_sent_claim_and_staff_see_the_change(
    client, member, took_part, staff, admin_login, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(member)
    claim = send_claim(client, took_part)
    page = client.get(f"/expenses/{claim.pk}/").content.decode()
    assert "Change this claim" in page and "Withdraw this claim" in page
    old_parking = claim.items.get(kind="parking").receipt.name
    assert client.post(f"/expenses/{claim.pk}/change/")["Location"] == "/expenses/new/check/"
    page = client.get("/expenses/new/check/").content.decode()
    assert "Check your changed claim" in page and page.count("Receipt added") == 2
    cost_kind(client, "parking", index=1)
    replaced = SimpleUploadedFile("new.jpg", JPEG, "image/jpeg")
    cost_details(client, 1, amount="5", receipt=replaced)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/expenses/new/check/")
    claim.refresh_from_db()
    assert ExpenseClaim.objects.count() == 1 and claim.status == "submitted"
    assert sorted(i.amount for i in claim.items.all()) == [Decimal("5.00"), Decimal("10.00")]
    assert not (tmp_path / "receipts" / old_parking).exists()  # the replaced receipt went
    food = claim.items.get(kind="food")
    assert (tmp_path / "receipts" / food.receipt.name).is_file()  # the kept one stayed
    staff_page = admin_login(staff).get(f"/admin/payments/expenses/{claim.pk}/").content.decode()
    assert "Changed by the member." in staff_page


def test_a_member_withdraws_a_sent_claim_and_staff_see_it_withdrawn(
    client, member, took_part, staff, admin_login
):
    client.force_login(member)
    claim = send_claim(client, took_part)
    page = client.get(f"/expenses/{claim.pk}/withdraw/").content.decode()
    assert "Withdraw my claim" in page
    client.post(f"/expenses/{claim.pk}/withdraw/")
    claim.refresh_from_db()
    assert claim.status == "withdrawn"
    page = client.get(f"/expenses/{claim.pk}/").content.decode()
    assert "You withdrew this claim" in page and "Change this claim" not in page
    staff_client = admin_login(staff)
    assert (
        "Withdrawn by the member"
        in staff_client.get("/admin/payments/expenses/?show=all").content.decode()
    )
    assert claim.activity not in staff_client.get("/admin/payments/expenses/").content.decode()
    with pytest.raises(PaymentError, match="already been decided"):
        expense_claim_decide(claim=claim, status="approved", message="", by=staff)
    # A withdrawn claim no longer counts towards the food limit.
    again = expense_claim_submit(
        member=member,
        involvement=took_part,
        items=[{"kind": "food", "amount": "10", "receipt": pdf()}],
    )
    assert again.total == Decimal("10.00")


@pytest.mark.parametrize("decision", ["approved", "queried", "rejected"])
def test_once_staff_act_the_claim_is_read_only_with_a_clear_message(
    client, member, took_part, staff, decision
):
    organisation_set_up(name="Leeds Involvement", contact_email="involve@example.org")
    client.force_login(member)
    claim = send_claim(client, took_part)
    expense_claim_decide(claim=claim, status=decision, message="Seen", by=staff)
    page = client.get(f"/expenses/{claim.pk}/").content.decode()
    assert "has acted on this claim, so it can no longer be changed or withdrawn" in page
    assert 'href="mailto:involve@example.org"' in page
    assert "Change this claim" not in page
    for action in ("change", "withdraw"):
        response = client.post(f"/expenses/{claim.pk}/{action}/", follow=True)
        assert "can no longer be changed or withdrawn" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == decision and claim.items.count() == 2
    assert not JourneyDraft.objects.exists()


def test_a_change_sent_after_staff_acted_is_refused_and_nothing_changes(
    client, member, took_part, staff
):
    client.force_login(member)
    claim = send_claim(client, took_part)
    client.post(f"/expenses/{claim.pk}/change/")
    cost_kind(client, "parking", index=1)
    cost_details(client, 1, amount="2")
    expense_claim_decide(claim=claim, status="approved", message="", by=staff)
    page = client.post("/expenses/new/check/").content.decode()
    assert title(page).startswith("Error:") and "can no longer be changed" in page
    assert sorted(i.amount for i in claim.items.all()) == [Decimal("3.00"), Decimal("10.00")]


def test_nobody_else_can_change_or_withdraw_a_claim(client, member, took_part):
    claim = expense_claim_submit(
        member=member,
        involvement=took_part,
        items=[{"kind": "parking", "amount": "3", "receipt": pdf()}],
    )
    client.force_login(MemberFactory(email="nosy@example.org"))
    for action in ("change", "withdraw"):
        assert client.post(f"/expenses/{claim.pk}/{action}/").status_code == 404
    client.logout()
    assert "/accounts/login/" in client.post(f"/expenses/{claim.pk}/withdraw/")["Location"]
    claim.refresh_from_db()
    assert claim.status == "submitted"


def test_the_journey_without_a_started_claim_goes_back_to_the_start(client, member, took_part):
    client.force_login(member)
    for url in ["/expenses/new/cost/", "/expenses/new/cost/0/details/", "/expenses/new/check/"]:
        assert client.get(url)["Location"] == "/expenses/new/"


# --- Nothing to claim for yet (item 2) -------------------------------------------------


def test_with_nothing_to_claim_the_account_says_when_and_whom_to_ask(client, member, settings):
    organisation_set_up(name="Leeds Involvement", contact_email="involve@example.org")
    settings.INVOLVEMENT_RECORDED_WITHIN_WORKING_DAYS = 5
    client.force_login(member)
    for url in ["/account/", "/expenses/", "/expenses/new/"]:
        page = client.get(url).content.decode()
        assert 'href="/expenses/new/"' not in page, url
        assert "usually do this within 5 working days of the activity" in page, url
        assert 'href="mailto:involve@example.org"' in page, url


def test_the_claim_button_appears_once_there_is_something_to_claim_for(client, member, took_part):
    client.force_login(member)
    for url in ["/account/", "/expenses/"]:
        page = client.get(url).content.decode()
        assert 'href="/expenses/new/"' in page and "working days" not in page


def test_the_list_of_claims_takes_a_fixed_number_of_queries(client, member, took_part):
    def claim():
        expense_claim_submit(
            member=member,
            involvement=took_part,
            items=[{"kind": "parking", "amount": "1", "receipt": pdf()}],
        )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/expenses/").status_code == 200
        return len(captured)

    claim()
    client.force_login(member)
    client.get("/expenses/")  # the session and caches warmed, as on any visit
    one = queries()
    for _ in range(5):
        claim()
    assert queries() == one <= 12


def test_administrators_set_the_receipt_rules_on_the_rate_card(admin_login, superuser, took_part):
    card = RateCard.objects.get()
    page = admin_login(superuser).get(f"/admin/payments/rate-cards/edit/{card.pk}/")
    for kind in ["transport", "parking", "carer", "support", "food", "other"]:
        assert f'name="receipt_over_{kind}"' in page.content.decode()
    assert card.receipt_over_food == Decimal("0.00")  # by default every cost needs one


def test_erasing_the_account_deletes_receipts_of_claims_never_sent(
    started, member, tmp_path, django_capture_on_commit_callbacks
):
    from members.services.personal_data import account_erase

    cost_add(started, "transport", index=0, amount="4", receipt=pdf())
    assert len(files(tmp_path)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=member)
    assert not DraftReceipt.objects.exists() and not files(tmp_path)
