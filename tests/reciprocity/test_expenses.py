"""Expense claims: receipts checked by content, amounts checked, staff decide. The
journey's own rules (start page, one cost at a time, check page, change and withdraw)
are in test_expense_journey.py."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from involvement.factories import ActivityFactory
from involvement.models import Involvement
from members.factories import MemberFactory, StaffFactory
from members.services.personal_data import account_erase
from reciprocity.models import DraftReceipt, ExpenseClaim, ExpenseItem, RateCard
from reciprocity.services.expenses import (
    MAX_ITEMS,
    expense_claim_decide,
    expense_claim_submit,
)
from reciprocity.services.payments import PaymentError
from tests.reciprocity.expense_journey import (
    EXE,
    JPEG,
    PDF,
    claim_start,
    cost_add,
    pdf,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


def test_a_member_claims_mileage_and_a_ticket_with_a_receipt(client, member, took_part):
    client.force_login(member)
    claim_start(client, took_part)
    cost_add(client, "mileage", index=0, miles="20")
    cost_add(
        client,
        "transport",
        index=1,
        amount="4.50",
        receipt=SimpleUploadedFile("ticket.jpg", JPEG, "image/jpeg"),
    )
    assert not ExpenseClaim.objects.exists()  # nothing is sent before the check page
    response = client.post("/expenses/new/check/")
    claim = ExpenseClaim.objects.get()
    assert response["Location"] == f"/expenses/{claim.pk}/"
    amounts = sorted(item.amount for item in claim.items.all())
    assert amounts == [Decimal("4.50"), Decimal("9.00")]  # 20 miles at 45p
    page = client.get(response["Location"]).content.decode()
    assert "£13.50" in page and "Sent, waiting for staff" in page
    item = claim.items.get(kind="transport")
    receipt = client.get(f"/expenses/receipt/{item.pk}/")
    assert receipt["Content-Type"] == "image/jpeg"
    assert b"".join(receipt.streaming_content) == JPEG


def test_an_executable_renamed_pdf_is_refused_and_nothing_is_saved(
    client, member, took_part, tmp_path
):
    client.force_login(member)
    claim_start(client, took_part)
    response = cost_add(
        client,
        "parking",
        index=0,
        amount="3",
        receipt=SimpleUploadedFile("receipt.pdf", EXE, "application/pdf"),
    )
    page = response.content.decode()
    assert "<title>Error:" in page and "must be a photo (JPEG, PNG or WebP) or a PDF" in page
    assert not ExpenseClaim.objects.exists() and not DraftReceipt.objects.exists()
    assert not any(tmp_path.rglob("*.pdf"))


def test_a_receipt_over_the_size_limit_is_refused(settings, member, took_part):
    settings.RECEIPT_MAX_BYTES = 1024
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 2048, "application/pdf")
    with pytest.raises(PaymentError, match="must be smaller than 1.0"):
        expense_claim_submit(
            member=member,
            involvement=took_part,
            items=[{"kind": "other", "amount": "5", "receipt": big}],
        )


def test_absurd_or_negative_amounts_are_refused_with_the_input_kept(client, member, took_part):
    client.force_login(member)
    claim_start(client, took_part)
    expected = {
        "-5": "Enter the amount in pounds and pence, like £3.50",
        "250000": "Enter an amount from £0.01 to £1,000.00 for each cost",
    }
    for amount, message in expected.items():
        response = cost_add(client, "food", index=0, amount=amount, receipt=pdf())
        page = response.content.decode()
        assert "<title>Error:" in page and f'value="{amount}"' in page and message in page
    with pytest.raises(PaymentError):
        expense_claim_submit(
            member=member, involvement=took_part, items=[{"kind": "other", "amount": "0"}]
        )
    assert not ExpenseClaim.objects.exists()


def test_food_is_capped_by_the_rate_card(member, took_part):
    claim = expense_claim_submit(
        member=member,
        involvement=took_part,
        items=[{"kind": "food", "amount": "25", "receipt": pdf()}],
    )
    assert claim.items.get().amount == Decimal("10.00")


def test_no_claim_for_an_activity_the_member_did_not_take_part_in(member, took_part):
    someone_elses = Involvement.objects.create(
        member=MemberFactory(),
        activity=ActivityFactory(title="Not mine"),
        started_on=timezone.localdate(),
        hours=1,
    )
    missed = Involvement.objects.create(
        member=member,
        activity=ActivityFactory(title="Missed"),
        attended=False,
        started_on=timezone.localdate(),
    )
    for involvement in (someone_elses, missed):
        with pytest.raises(PaymentError, match="took part in"):
            expense_claim_submit(
                member=member, involvement=involvement, items=[{"kind": "other", "amount": "5"}]
            )


def test_staff_approve_or_query_and_the_member_is_told(
    member, took_part, staff, django_capture_on_commit_callbacks
):
    claim = expense_claim_submit(
        member=member,
        involvement=took_part,
        items=[{"kind": "parking", "amount": "3", "receipt": pdf()}],
    )
    with pytest.raises(PaymentError, match="Write a message"):
        expense_claim_decide(claim=claim, status="queried", message="", by=staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        expense_claim_decide(claim=claim, status="queried", message="Which car park?", by=staff)
        expense_claim_decide(claim=claim, status="approved", message="", by=staff)
    assert [m.subject for m in mail.outbox][-1].endswith(": approved")
    assert "Which car park?" in mail.outbox[0].body
    with pytest.raises(PaymentError, match="already been decided"):
        expense_claim_decide(claim=claim, status="rejected", message="No", by=StaffFactory())


def test_nobody_else_sees_a_claim_or_a_receipt(client, member, took_part, researcher):
    claim = expense_claim_submit(
        member=member,
        involvement=took_part,
        items=[
            {
                "kind": "other",
                "amount": "5",
                "receipt": SimpleUploadedFile("r.pdf", PDF, "application/pdf"),
            }
        ],
    )
    item = ExpenseItem.objects.get()
    for person in (MemberFactory(email="nosy@example.org"), researcher):
        client.force_login(person)
        assert client.get(f"/expenses/{claim.pk}/").status_code == 404
        assert client.get(f"/expenses/receipt/{item.pk}/").status_code == 404
    client.logout()
    assert "/accounts/login/" in client.get(f"/expenses/receipt/{item.pk}/")["Location"]


def test_staff_who_check_claims_can_open_receipts(client, member, took_part, staff, admin_login):
    expense_claim_submit(
        member=member,
        involvement=took_part,
        items=[{"kind": "other", "amount": "5", "receipt": SimpleUploadedFile("r.pdf", PDF)}],
    )
    admin_login(staff)  # staff powers need a session that used the second factor
    response = client.get(f"/expenses/receipt/{ExpenseItem.objects.get().pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_activities_older_than_a_year_cannot_be_claimed(member, took_part):
    took_part.started_on = timezone.localdate() - datetime.timedelta(days=400)
    took_part.save()
    with pytest.raises(PaymentError):
        expense_claim_submit(
            member=member, involvement=took_part, items=[{"kind": "other", "amount": "5"}]
        )


def test_approved_expenses_show_on_the_statement_apart_from_payments(
    client, member, took_part, staff
):
    claim = expense_claim_submit(
        member=member,
        involvement=took_part,
        items=[{"kind": "parking", "amount": "3.20", "receipt": pdf()}],
    )
    expense_claim_decide(claim=claim, status="approved", message="", by=staff)
    client.force_login(member)
    page = client.get("/statement/").content.decode()
    assert "Expenses paid back" in page and "Total expenses approved: £3.20" in page
    assert 'href="/expenses/"' in client.get("/account/").content.decode()


def test_the_food_cap_is_for_the_whole_activity(member, took_part):
    claim = expense_claim_submit(
        member=member,
        involvement=took_part,
        items=[
            {"kind": "food", "amount": "6", "receipt": pdf()},
            {"kind": "food", "amount": "6", "receipt": pdf()},
        ],
    )
    assert sorted(i.amount for i in claim.items.all()) == [Decimal("4.00"), Decimal("6.00")]


def test_receipts_get_a_random_name_and_erasure_clears_descriptions(member, took_part, staff):
    claim = expense_claim_submit(
        member=member,
        involvement=took_part,
        items=[
            {
                "kind": "transport",
                "amount": "8",
                "description": "Taxi from 12 Acacia Avenue",
                "receipt": SimpleUploadedFile("jane-doe-taxi.pdf", PDF, "application/pdf"),
            }
        ],
    )
    expense_claim_decide(claim=claim, status="queried", message="Hi Jane, which taxi?", by=staff)
    item = ExpenseItem.objects.get()
    assert "jane" not in item.receipt.name
    account_erase(user=member)
    claim.refresh_from_db()
    item.refresh_from_db()
    assert item.description == "" and "Jane" not in claim.message
    assert all("Jane" not in e.note for e in claim.events.all())


def test_a_missing_receipt_file_is_not_found_not_an_error(client, member, took_part):
    expense_claim_submit(
        member=member,
        involvement=took_part,
        items=[{"kind": "other", "amount": "5", "receipt": SimpleUploadedFile("r.pdf", PDF)}],
    )
    item = ExpenseItem.objects.get()
    item.receipt.storage.delete(item.receipt.name)
    client.force_login(member)
    assert client.get(f"/expenses/receipt/{item.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("uploaded_as", "content", "stored_as"),
    [
        ("receipt.html", PDF, ".pdf"),
        ("receipt.svg", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, ".png"),
        ("receipt", JPEG, ".jpg"),
        ("receipt.PDF.exe", PDF, ".pdf"),
    ],
)
def test_a_receipt_is_stored_with_the_extension_of_what_it_really_is(
    member, took_part, uploaded_as, content, stored_as
):
    expense_claim_submit(
        member=member,
        involvement=took_part,
        items=[
            {"kind": "other", "amount": "5", "receipt": SimpleUploadedFile(uploaded_as, content)}
        ],
    )
    name = ExpenseItem.objects.get().receipt.name
    assert name.endswith(stored_as)
    assert name.count(".") == 1


# --- Limits (issue 11, finding 8): items per claim, per cost and per claim ------------


def test_a_claim_cannot_have_more_costs_than_the_limit(client, member, took_part):
    """The journey offers no "Add another cost" past the limit, and asking for the page
    anyway says why; what was added is kept."""
    client.force_login(member)
    claim_start(client, took_part)
    for n in range(MAX_ITEMS):
        cost_add(client, "other", index=n, what=f"Cost number {n}", amount="1", receipt=pdf())
    page = client.get("/expenses/new/check/").content.decode()
    assert "Add another cost" not in page and "Something else: Cost number 0" in page
    response = client.get("/expenses/new/cost/", follow=True)
    assert f"You can claim up to {MAX_ITEMS} costs at a time" in response.content.decode()
    assert not ExpenseClaim.objects.exists()


def test_the_service_refuses_more_costs_than_a_claim_may_have(member, took_part):
    with pytest.raises(PaymentError, match=f"up to {MAX_ITEMS} costs"):
        expense_claim_submit(
            member=member,
            involvement=took_part,
            items=[{"kind": "parking", "amount": "1"}] * (MAX_ITEMS + 1),
        )
    assert not ExpenseClaim.objects.exists()


def test_one_cost_over_the_rate_cards_limit_is_refused_beside_its_box(client, member, took_part):
    RateCard.objects.update(expense_item_max=Decimal("50.00"))
    client.force_login(member)
    claim_start(client, took_part)
    response = cost_add(
        client, "transport", index=0, amount="75", description="Train to London", receipt=pdf()
    )
    page = response.content.decode()
    assert "Enter an amount from £0.01 to £50.00 for each cost" in page
    assert 'href="#id_amount"' in page  # the summary links to the box
    assert 'value="Train to London"' in page and 'value="75"' in page
    assert not ExpenseClaim.objects.exists()


def test_a_claim_over_the_rate_cards_total_is_refused(member, took_part, tmp_path):
    with pytest.raises(PaymentError, match="one claim can be for up to £1,500.00"):
        expense_claim_submit(
            member=member,
            involvement=took_part,
            items=[
                {"kind": "transport", "amount": "900", "receipt": pdf()},
                {
                    "kind": "other",
                    "amount": "900",
                    "receipt": SimpleUploadedFile("r.pdf", PDF, "application/pdf"),
                },
            ],
        )
    assert not ExpenseClaim.objects.exists()
    assert not any(path.is_file() for path in tmp_path.rglob("*"))  # no receipt kept


def test_the_limits_are_the_rate_cards_and_admins_change_them(
    admin_login, superuser, member, took_part
):
    card = RateCard.objects.get()
    assert (card.expense_item_max, card.expense_claim_max) == (Decimal("1000"), Decimal("1500"))
    edit = f"/admin/payments/rate-cards/edit/{card.pk}/"
    page = admin_login(superuser).get(edit).content.decode()
    assert 'name="expense_item_max"' in page and 'name="expense_claim_max"' in page
    RateCard.objects.update(expense_item_max=Decimal("2500"), expense_claim_max=Decimal("3000"))
    claim = expense_claim_submit(
        member=member,
        involvement=took_part,
        items=[{"kind": "support", "amount": "2400", "receipt": pdf()}],
    )
    assert claim.total == Decimal("2400.00")


# --- The limits hold across claims (issue 11, finding 8, review) ----------------------


def claim_other(member, involvement, amount):
    return expense_claim_submit(
        member=member,
        involvement=involvement,
        items=[{"kind": "other", "amount": amount, "receipt": pdf()}],
    )


def test_the_claim_limit_is_for_the_activity_not_for_each_claim(member, took_part, staff):
    first = claim_other(member, took_part, "1000")
    for _ in range(9):
        with pytest.raises(PaymentError, match=r"£500\.00 is left to claim"):
            claim_other(member, took_part, "1000")
    claim_other(member, took_part, "500")
    with pytest.raises(PaymentError, match=r"£0\.00 is left to claim"):
        claim_other(member, took_part, "0.01")
    assert ExpenseClaim.objects.count() == 2
    # A claim turned down no longer counts; one queried still does.
    expense_claim_decide(claim=first, status="rejected", message="No receipt", by=staff)
    claim_other(member, took_part, "1000")
    with pytest.raises(PaymentError, match="left to claim"):
        claim_other(member, took_part, "1")


def test_the_activity_limit_shows_on_the_check_page_and_nothing_is_sent(client, member, took_part):
    claim_other(member, took_part, "1000")
    claim_other(member, took_part, "200")
    client.force_login(member)
    claim_start(client, took_part)
    cost_add(client, "other", index=0, what="Hotel", amount="400", receipt=pdf())
    page = client.post("/expenses/new/check/").content.decode()
    assert "<title>Error:" in page
    assert "you have already claimed £1,200.00 for this one, so £300.00 is left" in page
    assert "Hotel" in page and "£400.00" in page
    assert ExpenseClaim.objects.count() == 2


def test_the_food_cap_counts_food_in_earlier_claims(member, took_part, staff):
    def food(amount):
        return expense_claim_submit(
            member=member,
            involvement=took_part,
            items=[{"kind": "food", "amount": amount, "receipt": pdf()}],
        )

    first = food("6")
    assert food("6").total == Decimal("4.00")  # £10 cap, £6 already claimed
    with pytest.raises(PaymentError, match="already claimed the most for food"):
        food("10")
    assert ExpenseItem.objects.filter(kind="food").count() == 2
    expense_claim_decide(claim=first, status="rejected", message="Not food", by=staff)
    assert food("10").total == Decimal("6.00")


def test_food_with_nothing_left_is_refused_beside_its_box(client, member, took_part):
    expense_claim_submit(
        member=member,
        involvement=took_part,
        items=[{"kind": "food", "amount": "12", "receipt": pdf()}],
    )
    client.force_login(member)
    claim_start(client, took_part)
    page = cost_add(
        client, "food", index=0, amount="8", description="Lunch", receipt=pdf()
    ).content.decode()
    assert "You have already claimed the most for food for this activity (£10.00)" in page
    assert 'href="#id_amount"' in page and 'value="Lunch"' in page
    assert ExpenseClaim.objects.count() == 1


def test_mileage_over_the_limit_for_one_cost_is_refused_beside_the_miles(client, member, took_part):
    RateCard.objects.update(expense_item_max=Decimal("50.00"))
    with pytest.raises(PaymentError, match=r"200 miles comes to £90\.00"):
        expense_claim_submit(
            member=member, involvement=took_part, items=[{"kind": "mileage", "miles": "200"}]
        )
    client.force_login(member)
    claim_start(client, took_part)
    page = cost_add(client, "mileage", index=0, miles="200").content.decode()
    assert "one cost can be for up to £50.00. Check the miles" in page
    assert 'href="#id_miles"' in page and 'value="200"' in page
    assert not ExpenseClaim.objects.exists()
    claim = expense_claim_submit(
        member=member, involvement=took_part, items=[{"kind": "mileage", "miles": "100"}]
    )
    assert claim.total == Decimal("45.00")  # just under: still accepted
