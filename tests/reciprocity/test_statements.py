"""A member's statement: hours, payments by the date paid and what is to come, per
tax year."""

import datetime
import importlib
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from home.demo_content import demo_pages_create
from involvement.models import Involvement
from members.factories import MemberFactory, StaffFactory
from members.models import MemberProfile
from opportunities.factories import opportunity_create
from opportunities.services.involvement import opportunity_activity_sync
from reciprocity.factories import rate_card_example
from reciprocity.models import Payment
from reciprocity.money import tax_year, totals_by
from reciprocity.services.payments import payment_approve, payment_mark_paid, payments_generate

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_member(staff):
    demo_pages_create()
    rate_card_example()
    member = MemberFactory(email="statement@example.org", name="Anjali Rao")
    MemberProfile.objects.create(user=member, payment_preference="voucher")
    colleague = StaffFactory()
    for day, hours in [(datetime.date(2026, 4, 5), "2"), (datetime.date(2026, 4, 6), "1.5")]:
        opportunity = opportunity_create(title=f"Panel on {day}")
        involvement = Involvement.objects.create(
            member=member,
            activity=opportunity_activity_sync(opportunity=opportunity),
            started_on=day,
            hours=Decimal(hours),
        )
        payments_generate(involvements=[involvement], by=staff)
    for payment in Payment.objects.all():
        payment_approve(payment=payment, by=colleague)
    return member


@pytest.fixture
def today(monkeypatch):
    """Today is 5 December 2026 (tax year 2026-27), whatever the clock says."""
    day = datetime.date(2026, 12, 5)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)
    return day


def _pay(payment_title: str, *, on: datetime.date, by) -> Payment:
    payment = Payment.objects.get(activity=payment_title)
    return payment_mark_paid(payment=payment, by=by, paid_on=on, reference="BACS-1")


def test_paid_payments_count_in_the_tax_year_they_were_paid(client, paid_member, staff, today):
    # Activity on 5 April 2026 (tax year 2025-26), paid on 20 April 2026 (2026-27):
    # HMRC and the benefits rules count it when it was received.
    paid = _pay("Panel on 2026-04-05", on=datetime.date(2026, 4, 20), by=staff)
    assert paid.tax_year == "2026-27"
    client.force_login(paid_member)
    response = client.get("/statement/2026-27/")
    page = response.content.decode()
    assert [p.activity for p in response.context["paid"]] == ["Panel on 2026-04-05"]
    assert response.context["received"] == Decimal("50.00")
    assert "20 April 2026" in page and "Panel on 2026-04-05 on 5 April 2026" in page
    earlier = client.get("/statement/2025-26/")
    assert earlier.context["paid"] == [] and earlier.context["received"] == 0
    assert "No payments were paid to you in this tax year." in earlier.content.decode()


def test_approved_payments_not_paid_yet_are_to_come_with_the_activity_date(
    client, paid_member, today
):
    client.force_login(paid_member)
    response = client.get("/statement/2026-27/")
    page = response.content.decode()
    assert response.context["paid"] == [] and response.context["received"] == 0
    assert [p.activity for p in response.context["to_come"]] == [
        "Panel on 2026-04-05",
        "Panel on 2026-04-06",
    ]
    assert response.context["to_come_total"] == Decimal("87.50")
    assert "<h2>To come</h2>" in page and "Approved, not paid yet" in page
    assert "5 April 2026" in page and "6 April 2026" in page and "£37.50" in page
    assert "may affect benefits" in page and "Read how payment works" in page
    # Only the current year's statement shows what is to come: it counts when paid.
    earlier = client.get("/statement/2025-26/")
    assert earlier.context["to_come"] == [] and "To come" not in earlier.content.decode()


def test_tax_years_are_written_as_people_say_them(client, paid_member, staff, today):
    _pay("Panel on 2026-04-05", on=datetime.date(2026, 4, 5), by=staff)
    client.force_login(paid_member)
    page = client.get("/statement/2026-27/").content.decode()
    assert "<title>Your statement for 2026 to 2027" in page
    assert "Your statement for the tax year 2026 to 2027" in page
    assert '<a href="/statement/2025-26/">2025 to 2026</a>' in page


def test_the_current_year_is_the_default(client, paid_member):
    client.force_login(paid_member)
    response = client.get("/statement/")
    assert response.context["year"] == tax_year(datetime.date.today())


def test_only_members_see_a_statement_and_only_their_own(client, paid_member, researcher):
    assert "/accounts/login/" in client.get("/statement/")["Location"]
    client.force_login(researcher)
    assert client.get("/statement/").status_code == 403
    client.force_login(MemberFactory(email="someone.else@example.org"))
    page = client.get("/statement/2026-27/").content.decode()
    assert "Panel on" not in page
    assert "No payments were paid to you in this tax year." in page


def test_a_made_up_year_is_not_found(client, paid_member):
    client.force_login(paid_member)
    for year in ["2026-28", "abcd-ef", "2026", "9999-00", "0000-01"]:
        assert client.get(f"/statement/{year}/").status_code == 404


def test_staff_see_running_totals_per_tax_year_on_the_member_record(
    admin_login, staff, paid_member
):
    page = admin_login(staff).get(f"/admin/members/{paid_member.pk}/").content.decode()
    assert "Payments by tax year" in page
    # Tax years in words since issue 14 (item 10), not as stored ("2026-27").
    assert "2026 to 2027" in page and "£37.50" in page and "2025 to 2026" in page


def test_the_running_totals_follow_the_date_paid(admin_login, staff, paid_member):
    _pay("Panel on 2026-04-05", on=datetime.date(2026, 4, 20), by=staff)
    page = admin_login(staff).get(f"/admin/members/{paid_member.pk}/").content.decode()
    # Both payments now count in 2026-27: £50.00 paid and £37.50 approved.
    assert "<td>2026 to 2027</td><td>£87.50</td><td>2</td>" in page
    assert "2025 to 2026" not in page


def test_the_account_page_links_to_the_statement(client, paid_member):
    client.force_login(paid_member)
    assert 'href="/statement/"' in client.get("/account/").content.decode()


amounts = st.decimals(min_value=Decimal("0"), max_value=Decimal("9999"), places=2)


@given(st.lists(st.tuples(st.sampled_from(["Bank transfer", "Voucher"]), amounts), max_size=50))
def test_statement_totals_always_equal_the_sum_of_the_rows(rows):
    by_label, total = totals_by(rows)
    assert total == sum((amount for _label, amount in rows), Decimal("0.00"))
    assert sum(by_label.values(), Decimal("0.00")) == total
    assert total == total.quantize(Decimal("0.01"))


def test_payments_paid_before_the_change_move_to_the_year_they_were_paid(paid_member):
    """The data migration: paid payments recorded under the activity's tax year."""
    from django.apps import apps

    migration = importlib.import_module(
        "reciprocity.migrations.0012_paid_payments_count_in_the_year_paid"
    )
    early = Payment.objects.get(activity="Panel on 2026-04-05")
    Payment.objects.filter(pk=early.pk).update(
        status="paid", paid_on=datetime.date(2026, 4, 20), tax_year="2025-26"
    )
    migration.follow_date_paid(apps, None)
    early.refresh_from_db()
    assert early.tax_year == "2026-27"
    # Not paid yet: still the activity's year.
    assert Payment.objects.get(activity="Panel on 2026-04-06").tax_year == "2026-27"
