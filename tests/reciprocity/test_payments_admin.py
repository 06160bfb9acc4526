"""Staff payment screens: generate, approve by a second person, mark paid, export for
finance, the lists' query budgets, who may open them, and the Payments menu."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from involvement.models import Involvement
from members.factories import MemberFactory, StaffFactory
from members.models import MemberProfile
from opportunities.factories import opportunity_create
from opportunities.services.involvement import opportunity_activity_sync
from reciprocity.factories import rate_card_example
from reciprocity.models import FinanceExport, Payment
from reciprocity.money import tax_year
from reciprocity.services.payments import finance_export_create, payment_approve, payments_generate

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def card(db):
    return rate_card_example()


def took_part(opportunity, preference="paid", hours="2", attended=True):
    member = MemberFactory()
    MemberProfile.objects.create(user=member, payment_preference=preference)
    return Involvement.objects.create(
        member=member,
        activity=opportunity_activity_sync(opportunity=opportunity),
        attended=attended,
        started_on=TODAY,
        hours=Decimal(hours),
    )


def proposed_payment(by, opportunity=None):
    involvement = took_part(opportunity or opportunity_create())
    payments_generate(involvements=[involvement], by=by)
    return Payment.objects.get(involvement=involvement)


def approved_payment(by):
    payment = proposed_payment(by)
    payment_approve(payment=payment, by=StaffFactory())
    return payment


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


# --- Generate -------------------------------------------------------------------------


def test_staff_generate_payments_for_an_activity_and_see_the_counts(card, admin_login, staff):
    opportunity = opportunity_create(title="Leaflet review")
    took_part(opportunity)
    took_part(opportunity, preference="benefits")
    missed = took_part(opportunity, attended=False)
    client = admin_login(staff)

    form = client.get("/admin/payments/generate/").content.decode()
    assert "Leaflet review (2 took part without a payment yet)" in form
    response = client.post(
        "/admin/payments/generate/",
        {
            "activity": opportunity_activity_sync(opportunity=opportunity).pk,
            "cost_code": "PPI-2027",
        },
        follow=True,
    )
    said = messages_of(response)
    assert "Leaflet review: 2 payments made." in said
    assert any(m.startswith("1 is held until someone talks") for m in said)
    assert f"Not paid: {missed.member} did not take part." in said
    assert Payment.objects.count() == 2
    assert set(Payment.objects.values_list("cost_code", flat=True)) == {"PPI-2027"}
    assert set(Payment.objects.values_list("proposed_by", flat=True)) == {staff.pk}


def test_generating_again_through_the_screen_makes_none(card, admin_login, staff):
    opportunity = opportunity_create(title="Leaflet review")
    took_part(opportunity)
    client = admin_login(staff)
    activity = opportunity_activity_sync(opportunity=opportunity)
    client.post("/admin/payments/generate/", {"activity": activity.pk})
    response = client.post("/admin/payments/generate/", {"activity": activity.pk}, follow=True)
    said = messages_of(response)
    assert "Leaflet review: 0 payments made." in said
    assert "1 already had a payment, so none was made again." in said
    assert Payment.objects.count() == 1


def test_generating_without_choosing_keeps_the_cost_code_and_says_what_to_do(
    card, admin_login, staff
):
    took_part(opportunity_create())
    response = admin_login(staff).post("/admin/payments/generate/", {"cost_code": "PPI-9"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in page
    assert "Choose the activity to make payments for" in page
    assert 'value="PPI-9"' in page
    assert not Payment.objects.exists()


# --- Approve --------------------------------------------------------------------------


def test_a_second_staff_member_approves_through_the_screen(card, admin_login, staff):
    payment = proposed_payment(staff)
    colleague = StaffFactory()
    response = admin_login(colleague).post(
        f"/admin/payments/{payment.pk}/", {"action": "approve"}, follow=True
    )
    assert "Approved." in messages_of(response)
    payment.refresh_from_db()
    assert payment.status == "approved" and payment.approved_by == colleague


def test_the_proposer_is_refused_and_the_payment_stays_proposed(card, admin_login, staff):
    payment = proposed_payment(staff)
    response = admin_login(staff).post(f"/admin/payments/{payment.pk}/", {"action": "approve"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in page
    assert "Someone other than the person who proposed it must approve it." in page
    payment.refresh_from_db()
    assert payment.status == "proposed" and payment.approved_by is None


# --- Hold, mark paid, cancel ----------------------------------------------------------


def test_a_held_payment_is_released_with_a_note(card, admin_login, staff):
    opportunity = opportunity_create()
    payments_generate(involvements=[took_part(opportunity, preference="benefits")], by=staff)
    payment = Payment.objects.get()
    client = admin_login(StaffFactory())
    empty = client.post(f"/admin/payments/{payment.pk}/", {"action": "release", "release-note": ""})
    assert "Say what you agreed with the member" in empty.content.decode()
    client.post(
        f"/admin/payments/{payment.pk}/",
        {"action": "release", "release-note": "Phoned: paying is fine for her"},
    )
    payment.refresh_from_db()
    assert payment.status == "proposed"
    assert payment.events.last().note == "Phoned: paying is fine for her"


def test_mark_paid_with_a_bad_date_keeps_the_reference_and_says_how_to_fix_it(
    card, admin_login, staff
):
    payment = approved_payment(staff)
    response = admin_login(staff).post(
        f"/admin/payments/{payment.pk}/",
        {"action": "paid", "paid-paid_on": "31/02/2027", "paid-reference": "BACS-0412"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in page
    assert "Enter the date paid as day/month/year" in page
    assert 'href="#id_paid-paid_on"' in page
    assert 'value="BACS-0412"' in page and 'value="31/02/2027"' in page
    payment.refresh_from_db()
    assert payment.status == "approved"


def test_mark_paid_in_the_future_is_refused_with_the_input_kept(card, admin_login, staff):
    payment = approved_payment(staff)
    tomorrow = TODAY + datetime.timedelta(days=1)
    response = admin_login(staff).post(
        f"/admin/payments/{payment.pk}/",
        {"action": "paid", "paid-paid_on": f"{tomorrow:%d/%m/%Y}", "paid-reference": "BACS-7"},
    )
    page = response.content.decode()
    assert "The date paid cannot be in the future." in page and 'value="BACS-7"' in page
    payment.refresh_from_db()
    assert payment.status == "approved"


def test_mark_paid_before_the_activity_is_refused_with_the_input_kept(card, admin_login, staff):
    """The date paid now sets the tax year the money counts in (statement, retention): a
    slip of the year must not move it into another one. Nobody is paid before they
    have taken part."""
    payment = approved_payment(staff)
    earlier = payment.activity_date - datetime.timedelta(days=365)
    response = admin_login(staff).post(
        f"/admin/payments/{payment.pk}/",
        {"action": "paid", "paid-paid_on": f"{earlier:%d/%m/%Y}", "paid-reference": "BACS-8"},
    )
    page = response.content.decode()
    assert "The date paid cannot be before the activity" in page and 'value="BACS-8"' in page
    payment.refresh_from_db()
    assert payment.status == "approved" and payment.tax_year == tax_year(payment.activity_date)


def test_mark_paid_with_a_good_date(card, admin_login, staff):
    payment = approved_payment(staff)
    response = admin_login(staff).post(
        f"/admin/payments/{payment.pk}/",
        {"action": "paid", "paid-paid_on": f"{TODAY:%d/%m/%Y}", "paid-reference": "BACS-0412"},
        follow=True,
    )
    assert "Recorded as paid." in messages_of(response)
    payment.refresh_from_db()
    assert payment.status == "paid" and payment.paid_on == TODAY
    assert payment.paid_reference == "BACS-0412"
    page = response.content.decode()
    assert "BACS-0412" in page and "Record as paid</h2>" not in page  # no second time


def test_cancelling_needs_a_reason_and_shows_in_the_history(card, admin_login, staff):
    payment = proposed_payment(staff)
    client = admin_login(staff)
    refused = client.post(f"/admin/payments/{payment.pk}/", {"action": "cancel"})
    assert "Say why the payment is cancelled" in refused.content.decode()
    page = client.post(
        f"/admin/payments/{payment.pk}/",
        {"action": "cancel", "cancel-note": "Recorded twice by mistake"},
        follow=True,
    ).content.decode()
    payment.refresh_from_db()
    assert payment.status == "cancelled"
    assert "Recorded twice by mistake" in page


# --- Finance export -------------------------------------------------------------------


def test_the_export_downloads_the_approved_payments_once(card, admin_login, staff):
    approved = [approved_payment(staff) for _ in range(2)]
    proposed_payment(staff)  # not approved: not exported
    client = admin_login(staff)
    period = {"period_start": f"{TODAY:%d/%m/%Y}", "period_end": f"{TODAY:%d/%m/%Y}"}

    response = client.post("/admin/payments/export/", period)
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == (
        f'attachment; filename="payments-{TODAY:%Y-%m-%d}-{TODAY:%Y-%m-%d}.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert sorted(int(row["payment_id"]) for row in rows) == sorted(p.pk for p in approved)

    again = client.post("/admin/payments/export/", period)
    assert list(csv.DictReader(io.StringIO(again.content.decode()))) == []
    history = client.get("/admin/payments/export/").content.decode()
    assert history.count("<td>2</td>") == 1 and history.count("<td>0</td>") == 1


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("32/13/2027", "1/1/2027", "Enter the start of the period as day/month/year"),
        ("2/1/2027", "1/1/2027", "The end of the period must be on or after its start"),
        ("", "1/1/2027", "Enter the start of the period"),
    ],
)
def test_a_bad_period_comes_back_with_an_error_and_the_input_kept(
    admin_login, staff, start, end, message
):
    response = admin_login(staff).post(
        "/admin/payments/export/", {"period_start": start, "period_end": end}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in page
    assert message in page and f'value="{end}"' in page
    assert not FinanceExport.objects.exists()


# --- Lists: a fixed number of queries -------------------------------------------------


@pytest.mark.parametrize("url", ["/admin/payments/", "/admin/payments/export/"])
def test_payment_lists_keep_a_fixed_query_count(
    card, admin_login, staff, url, django_assert_max_num_queries
):
    opportunity = opportunity_create()

    def add(n):
        involvements = [took_part(opportunity) for _ in range(n)]
        payments_generate(involvements=involvements, by=staff)
        for payment in Payment.objects.filter(status="proposed"):
            payment_approve(payment=payment, by=StaffFactory())
        finance_export_create(period_start=TODAY, period_end=TODAY, by=staff)

    client = admin_login(staff)
    add(2)
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    add(18)
    with django_assert_max_num_queries(40) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_list_filters_by_status_and_shows_erased_members(card, admin_login, staff):
    held = took_part(opportunity_create(title="Held one"), preference="benefits")
    kept = took_part(opportunity_create(title="Proposed one"))
    payments_generate(involvements=[held, kept], by=staff)
    held.member.delete()
    client = admin_login(staff)
    page = client.get("/admin/payments/?status=held").content.decode()
    assert "Held one" in page and "Proposed one" not in page and "Erased" in page
    everything = client.get("/admin/payments/").content.decode()
    assert "£50.00" in everything and "Proposed one" in everything


def test_an_empty_list_says_how_payments_are_made(admin_login, staff):
    page = admin_login(staff).get("/admin/payments/").content.decode()
    assert "No payments yet" in page and "Generate payments" in page


# --- Who may open them ----------------------------------------------------------------


@pytest.mark.parametrize("who", ["member", "researcher"])
def test_members_and_researchers_cannot_open_or_use_any_payment_screen(
    card, admin_login, staff, request, who
):
    person = request.getfixturevalue(who)
    opportunity = opportunity_create()
    took_part(opportunity)
    payment = proposed_payment(StaffFactory())
    client = admin_login(person)
    gets = [
        "/admin/payments/",
        "/admin/payments/generate/",
        f"/admin/payments/{payment.pk}/",
        "/admin/payments/export/",
        "/admin/payments/rate-cards/",
        "/admin/payments/rate-cards/new/",
    ]
    for url in gets:
        assert client.get(url).status_code in (302, 403), url
    posts = [
        (
            "/admin/payments/generate/",
            {"activity": opportunity_activity_sync(opportunity=opportunity).pk},
        ),
        (f"/admin/payments/{payment.pk}/", {"action": "approve"}),
        (f"/admin/payments/{payment.pk}/", {"action": "cancel", "cancel-note": "x"}),
        ("/admin/payments/export/", {"period_start": "1/1/2020", "period_end": "1/1/2030"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code in (302, 403), url
    assert Payment.objects.count() == 1
    payment.refresh_from_db()
    assert payment.status == "proposed"
    assert not FinanceExport.objects.exists()


# --- The menu -------------------------------------------------------------------------


def test_the_payments_menu_lists_the_payment_screens_for_staff(admin_login, staff):
    page = admin_login(staff).get("/admin/").content.decode()
    assert "/admin/payments/generate/" in page and "/admin/payments/rate-cards/" in page


def test_staff_without_the_permission_get_the_403_page_and_nothing_changes(card, admin_login):
    """Inside the admin as outside it, a refusal is the site's 403 page (home.permissions),
    not Wagtail's redirect to the dashboard; an action needs its own permission too."""
    Group.objects.create(name="Payments viewer").permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_payment"])
    )
    client = admin_login(StaffFactory(roles=["Payments viewer"]))
    payment = proposed_payment(StaffFactory())
    assert client.get(f"/admin/payments/{payment.pk}/").status_code == 200
    for url in [
        "/admin/payments/generate/",
        "/admin/payments/export/",
        "/admin/payments/expenses/",
        f"/admin/payments/skills/{MemberFactory().pk}/add/",
    ]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "You do not have access to this page" in response.content.decode(), url
    response = client.post(f"/admin/payments/{payment.pk}/", {"action": "approve"})
    assert response.status_code == 403
    payment.refresh_from_db()
    assert payment.status == "proposed"
