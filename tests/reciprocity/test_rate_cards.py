"""Rate cards: staff may look at them, only administrators add or change them, and a
card refuses a negative amount."""

from decimal import Decimal

import pytest

from involvement.factories import ActivityFactory
from involvement.models import Activity
from involvement.services import involvement_record
from members.factories import MemberFactory
from reciprocity.factories import rate_card_example
from reciprocity.models import Payment, RateCard
from reciprocity.models.rate_cards import PAID_AS_FIELDS
from reciprocity.services.payments import payments_generate

pytestmark = pytest.mark.django_db


@pytest.fixture
def card(db):
    return rate_card_example()


RATE_CARD_FORM = {
    "name": "Our policy 2027",
    "valid_from": "2027-04-06",
    "hourly": "30.00",
    "half_day": "90.00",
    "full_day": "180.00",
    "per_document_review": "30.00",
    "per_meeting_from_home": "30.00",
    "opportunity_paid_as": "time",
    "group_meeting_paid_as": "time",
    "training_session_paid_as": "time",
    "comment_round_paid_as": "time",
    "mileage_per_mile": "0.450",
    "food_cap": "10.00",
    "carer_cover_per_hour": "15.00",
    "support_worker_per_hour": "20.00",
    "expense_item_max": "1000.00",
    "expense_claim_max": "1500.00",
    "notes": "",
}


def test_staff_see_rate_cards_but_cannot_add_or_edit_one(card, admin_login, staff):
    client = admin_login(staff)
    listing = client.get("/admin/payments/rate-cards/")
    assert listing.status_code == 200 and "Example rates" in listing.content.decode()
    assert client.get("/admin/payments/rate-cards/new/").status_code in (302, 403)
    assert client.post("/admin/payments/rate-cards/new/", RATE_CARD_FORM).status_code in (
        302,
        403,
    )
    edit = f"/admin/payments/rate-cards/edit/{card.pk}/"
    assert client.get(edit).status_code in (302, 403)
    assert client.post(edit, {**RATE_CARD_FORM, "hourly": "1.00"}).status_code in (302, 403)
    assert client.post(f"/admin/payments/rate-cards/delete/{card.pk}/").status_code in (302, 403)
    card.refresh_from_db()
    assert card.hourly == Decimal("25.00") and RateCard.objects.count() == 1


def test_a_superuser_adds_and_edits_a_rate_card(card, admin_login, superuser):
    client = admin_login(superuser)
    added = client.post("/admin/payments/rate-cards/new/", RATE_CARD_FORM)
    assert added.status_code == 302
    new = RateCard.objects.get(name="Our policy 2027")
    assert new.hourly == Decimal("30.00") and not new.is_example
    assert new.expense_claim_max == Decimal("1500.00")
    edited = client.post(
        f"/admin/payments/rate-cards/edit/{card.pk}/",
        {**RATE_CARD_FORM, "name": card.name, "valid_from": "2020-04-06", "hourly": "26.50"},
    )
    assert edited.status_code == 302
    card.refresh_from_db()
    assert card.hourly == Decimal("26.50")


def test_a_rate_card_refuses_a_negative_amount(admin_login, superuser):
    response = admin_login(superuser).post(
        "/admin/payments/rate-cards/new/", {**RATE_CARD_FORM, "hourly": "-1"}
    )
    assert response.status_code == 200
    assert not RateCard.objects.exists()


def test_a_rate_card_says_how_each_kind_of_activity_is_paid(card):
    assert set(PAID_AS_FIELDS) == set(Activity.Kind.values)
    assert card.rates().paid_as == dict.fromkeys(Activity.Kind.values, "time")


def test_a_kind_paid_by_the_meeting_is_paid_the_cards_meeting_rate(card, staff):
    card.group_meeting_paid_as = "meeting"
    card.save()
    meeting, panel = ActivityFactory(kind="group_meeting"), ActivityFactory(kind="opportunity")
    rows = [
        involvement_record(
            member=MemberFactory(),
            activity=activity,
            attended=True,
            started_on=card.valid_from,
            hours=Decimal("4"),
            by=staff,
        )
        for activity in (meeting, panel)
    ]
    payments_generate(involvements=rows, by=staff)
    by_activity = {p.involvement.activity: p for p in Payment.objects.all()}
    assert by_activity[meeting].basis == "meeting"
    assert by_activity[meeting].amount == card.per_meeting_from_home
    assert by_activity[panel].basis == "half_day" and by_activity[panel].amount == card.half_day


def test_the_card_form_offers_how_each_kind_is_paid(card, admin_login, superuser):
    page = admin_login(superuser).get(f"/admin/payments/rate-cards/edit/{card.pk}/")
    text = page.content.decode()
    assert "Group meetings are paid" in text and "The rate for a meeting from home" in text
