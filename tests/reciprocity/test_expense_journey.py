"""The member's expense claim as the NHS.UK pattern (issue 14, items 1, 2 and 10):
limits first, one cost at a time with only the boxes that fit, amounts as people type
them, a check page that says what is capped and why, receipts kept privately until the
claim is sent, and a sent claim changed or withdrawn until staff act on it."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from members.models import JourneyDraft
from reciprocity.models import DraftReceipt, ExpenseClaim, RateCard
from reciprocity.services.expense_drafts import draft_receipts_purge
from reciprocity.services.expenses import expense_claim_submit
from reciprocity.services.payments import PaymentError
from tests.reciprocity.expense_journey import (
    cost_add,
    cost_details,
    cost_kind,
    files,
    pdf,
    title,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


# --- The start page: limits and rates first -------------------------------------------


def test_the_start_page_shows_the_rate_cards_limits_rates_and_receipt_rules(
    client, member, took_part
):
    RateCard.objects.update(receipt_over_parking=Decimal("5"), receipt_over_carer=None)
    client.force_login(member)
    page = client.get("/expenses/new/").content.decode()
    for text in [
        "45p a mile",
        "up to £10.00 for one activity",
        "up to £1,000.00",
        "up to £1,500.00",
        "Food and drink: a receipt for every cost",
        "Parking: a receipt for costs over £5.00",
        "Childcare or carer cover: no receipt needed",
        "Travel by car (mileage): no receipt needed",
    ]:
        assert text in page
    assert page.index("45p a mile") < page.index("Which activity are you claiming for?")


def test_a_blank_start_says_which_activity_once_in_the_title(client, member, took_part):
    client.force_login(member)
    page = client.post("/expenses/new/", {}).content.decode()
    assert title(page).startswith("Error: Claim expenses")
    assert "Error: Error:" not in page
    assert 'href="#id_involvement_0"' in page and "Choose the activity you are claiming for" in page


# --- One cost at a time, only the boxes that fit --------------------------------------


def test_mileage_asks_for_miles_and_other_costs_ask_for_an_amount_and_a_receipt(started):
    cost_kind(started, "mileage")
    page = started.get("/expenses/new/cost/0/details/").content.decode()
    assert 'name="miles"' in page and "We pay 45p a mile" in page
    assert 'name="amount"' not in page and 'name="receipt"' not in page
    cost_kind(started, "food")
    page = started.get("/expenses/new/cost/0/details/").content.decode()
    assert 'name="amount"' in page and 'name="receipt"' in page and 'name="miles"' not in page


def test_something_else_asks_what_it_was_in_a_reveal_that_works_without_javascript(started):
    page = started.get("/expenses/new/cost/").content.decode()
    # Hidden only by the script's class (.nhsuk-frontend-supported): shown without it.
    assert 'data-reveal-controls="conditional-other"' in page and 'id="conditional-other"' in page
    assert "js/reveals.js" in page
    response = cost_kind(started, "other", what="")
    assert "Say what the cost was for" in response.content.decode()
    assert cost_kind(started, "other", what="Printer ink").status_code == 302
    page = started.get("/expenses/new/cost/0/details/").content.decode()
    assert "Something else: Printer ink" in page


def test_a_blank_cost_is_flagged_with_a_link_to_its_box_and_error_once_in_the_title(started):
    response = started.post("/expenses/new/cost/", {})
    page = response.content.decode()
    assert title(page).startswith("Error: What was the cost for?")
    assert 'href="#id_kind_0"' in page and "Choose what the cost was for" in page
    cost_kind(started, "parking")
    page = cost_details(started, 0).content.decode()
    assert title(page).startswith("Error: Parking") and "Error: Error:" not in page
    assert 'href="#id_amount"' in page and "Enter the amount, like £3.50" in page
    assert not JourneyDraft.objects.get().answers["costs"]


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("£3.50", "£3.50"),
        ("3.50", "£3.50"),
        ("£3", "£3.00"),
        ("3.5", "£3.50"),
        ("£1,000", "£1,000.00"),
    ],
)
def test_amounts_are_read_as_people_type_them(started, typed, shown):
    response = cost_add(started, "transport", index=0, amount=typed, receipt=pdf())
    assert response["Location"] == "/expenses/new/check/"
    assert shown in started.get("/expenses/new/check/").content.decode()


@pytest.mark.parametrize("typed", ["three pounds", "3.555", "£", "3..5", "£3.50p", "-5"])
def test_nonsense_amounts_say_how_to_write_one(started, typed):
    page = cost_add(started, "transport", index=0, amount=typed, receipt=pdf()).content.decode()
    assert "Enter the amount in pounds and pence, like £3.50" in page
    assert f'value="{typed}"' in page


# --- The check page -------------------------------------------------------------------


def test_the_check_page_states_the_food_cap_and_why_and_sends_nothing_before_send(started):
    cost_add(started, "food", index=0, amount="£25", receipt=pdf())
    cost_add(started, "mileage", index=1, miles="12")
    page = started.get("/expenses/new/check/").content.decode()
    assert "Food is paid up to £10.00 for one activity, so £25.00 becomes £10.00" in page
    assert "12 miles at 45p a mile" in page and "£5.40" in page
    assert "£15.40" in page  # the total paid back
    assert "Add another cost" in page and "/expenses/new/cost/0/" in page
    assert not ExpenseClaim.objects.exists()
    started.post("/expenses/new/check/")
    claim = ExpenseClaim.objects.get()
    assert claim.total == Decimal("15.40")


def test_the_cap_counts_food_already_claimed_and_says_so(started, member, took_part):
    expense_claim_submit(
        member=member,
        involvement=took_part,
        items=[{"kind": "food", "amount": "6", "receipt": pdf()}],
    )
    cost_add(started, "food", index=0, amount="9", receipt=pdf())
    page = started.get("/expenses/new/check/").content.decode()
    assert "Food is paid up to £10.00 for one activity and £6.00 is already claimed" in page
    assert "so £9.00 becomes £4.00" in page


def test_a_cost_can_be_changed_or_removed_from_the_check_page(
    started, tmp_path, django_capture_on_commit_callbacks
):
    cost_add(started, "food", index=0, amount="25", receipt=pdf())
    cost_add(started, "parking", index=1, amount="4", receipt=pdf())
    assert len(files(tmp_path)) == 2
    # Change the food: the receipt already added is kept, and not asked for again.
    page = started.get("/expenses/new/cost/0/details/").content.decode()
    assert "You have added a receipt" in page and 'value="£25.00"' in page
    cost_kind(started, "food", index=0)
    assert cost_details(started, 0, amount="8")["Location"] == "/expenses/new/check/"
    page = started.get("/expenses/new/check/").content.decode()
    assert "£8.00" in page and "becomes" not in page
    # Remove the parking: its receipt is deleted with it (once the removal is saved).
    with django_capture_on_commit_callbacks(execute=True):
        started.post("/expenses/new/cost/1/remove/")
    page = started.get("/expenses/new/check/").content.decode()
    assert "Parking" not in page
    assert DraftReceipt.objects.count() == 1 and len(files(tmp_path)) == 1


# --- Receipts: the organisation's rules, kept privately until sent -------------------


def test_food_of_25_pounds_without_a_receipt_is_refused_beside_the_receipt_box(started):
    page = cost_add(started, "food", index=0, amount="25").content.decode()
    assert "Add a photo or PDF of the receipt: we need one for food and drink." in page
    assert 'href="#id_receipt"' in page and 'value="25"' in page


def test_the_receipt_rule_follows_the_rate_card(started, member, took_part):
    RateCard.objects.update(receipt_over_parking=Decimal("5"), receipt_over_carer=None)
    assert cost_add(started, "parking", index=0, amount="4").status_code == 302
    page = cost_add(started, "parking", index=1, amount="6").content.decode()
    assert "we need one for parking over £5.00" in page
    assert cost_add(started, "carer", index=1, amount="60").status_code == 302
    assert cost_add(started, "mileage", index=2, miles="10").status_code == 302
    with pytest.raises(PaymentError, match="we need one for parking over £5.00"):
        expense_claim_submit(
            member=member, involvement=took_part, items=[{"kind": "parking", "amount": "6"}]
        )


def test_receipts_survive_the_check_page_privately_and_pass_to_the_claim(started, tmp_path):
    cost_add(started, "transport", index=0, amount="4.60", receipt=pdf("kofi-bus.pdf"))
    draft_receipt = DraftReceipt.objects.get()
    stored = draft_receipt.receipt.name
    assert (tmp_path / "receipts" / stored).is_file() and "kofi" not in stored
    assert str(tmp_path) not in django_settings.MEDIA_ROOT.as_posix()
    # The session holds only the draft's token: never the answers.
    session = started.session
    assert set(session.keys()) - {"_auth_user_id", "_auth_user_backend", "_auth_user_hash"} == {
        "journey-draft-token"
    }
    started.post("/expenses/new/check/")
    item = ExpenseClaim.objects.get().items.get()
    assert item.receipt.name == stored and item.receipt_type == "application/pdf"
    assert not DraftReceipt.objects.exists() and (tmp_path / "receipts" / stored).is_file()
    assert not JourneyDraft.objects.exists()


def test_a_good_receipt_is_kept_when_another_box_needs_fixing(started):
    page = cost_add(started, "transport", index=0, amount="four", receipt=pdf()).content.decode()
    assert "We have kept the receipt you chose" in page
    assert cost_details(started, 0, amount="4")["Location"] == "/expenses/new/check/"
    assert "Receipt added" in started.get("/expenses/new/check/").content.decode()


def test_abandoned_draft_receipts_are_deleted_after_the_set_time(started, tmp_path, settings):
    settings.EXPENSE_DRAFT_RECEIPT_DAYS = 7
    cost_add(started, "transport", index=0, amount="4", receipt=pdf())
    cost_add(started, "parking", index=1, amount="2", receipt=pdf())
    old = DraftReceipt.objects.order_by("pk").first()
    DraftReceipt.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    assert draft_receipts_purge() == 1
    assert DraftReceipt.objects.count() == 1 and len(files(tmp_path)) == 1
    assert draft_receipts_purge() == 0  # safe to run twice
    schedule = django_settings.CELERY_BEAT_SCHEDULE["expense-draft-receipts-purge"]
    assert schedule["task"] == "reciprocity.draft_receipts_purge"


def test_cancelling_a_claim_deletes_its_answers_and_receipts(
    started, tmp_path, django_capture_on_commit_callbacks
):
    cost_add(started, "transport", index=0, amount="4", receipt=pdf())
    with django_capture_on_commit_callbacks(execute=True):
        response = started.post("/expenses/new/cancel/")
    assert response["Location"] == "/expenses/"
    assert not DraftReceipt.objects.exists() and not files(tmp_path)
    assert not JourneyDraft.objects.exists()
