"""A member's statement: hours, payments by method and status, per tax year."""

import datetime
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
from reciprocity.services.payments import payment_approve, payments_generate

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


def test_the_statement_shows_the_tax_year_of_each_activity(client, paid_member):
    client.force_login(paid_member)
    page = client.get("/statement/2026-27/").content.decode()
    assert "Panel on 2026-04-06" in page and "Panel on 2026-04-05" not in page
    assert "£37.50" in page and "1.5" in page
    assert "may affect benefits" in page and "Read how payment works" in page
    earlier = client.get("/statement/2025-26/").content.decode()
    assert "Panel on 2026-04-05" in earlier and "£50.00" in earlier


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
    assert "Panel on" not in page and "No payments in this tax year." in page


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
