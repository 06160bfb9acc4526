"""The admin home's "Waiting for you" panel: counts and links to what waits for this
member of staff, each kind only to staff who may act on it, in a fixed number of
queries. Each app adds its own rows (home.waiting_work)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from involvement.factories import ActivityFactory
from involvement.models import Involvement
from members.demo_content import demo_groups_create
from members.factories import MemberFactory, StaffFactory, UserFactory
from members.models import GroupMembership, User
from members.services.memberships import membership_join
from opportunities.factories import ResearchRequestFactory
from reciprocity.factories import rate_card_example
from reciprocity.models import ExpenseClaim
from reciprocity.services.payments import payments_generate
from training.factories import course_create
from training.services.completions import completion_declare

pytestmark = pytest.mark.django_db


def panel(page: str) -> dict[str, tuple[str, str]]:
    """{label: (link, count)} of the panel's rows; {} without the panel."""
    if 'id="waiting-for-you-section"' not in page:
        return {}
    body = page.split('id="waiting-for-you-section"')[1].split("</table>")[0]
    rows = re.findall(r'<td><a href="([^"]+)">([^<]+)</a></td><td>(\d+)</td>', body)
    return {label: (href.replace("&amp;", "&"), count) for href, label, count in rows}


def work(n: int, *, proposer) -> None:
    """n of each kind of waiting work."""
    group = next(
        g for g in demo_groups_create() if g.slug == "mental-health-lived-experience-panel"
    )
    rate_card_example()
    reading = course_create(title=f"Reading {n}", format="self_paced")
    for i in range(n):
        member = MemberFactory()
        membership_join(member=member, group=group, accepted_version=group.current_ground_rules())
        UserFactory(researcher_request=User.ResearcherRequest.PENDING)
        ResearchRequestFactory()
        involvement = Involvement.objects.create(
            member=member,
            activity=ActivityFactory(title=f"Panel {i}"),
            started_on=datetime.date(2026, 6, 1),
            hours=Decimal("2"),
        )
        payments_generate(involvements=[involvement], by=proposer)
        ExpenseClaim.objects.create(
            member=member,
            payee_reference=f"RT-{member.pk:06d}",
            activity=f"Panel {i}",
            activity_date=datetime.date(2026, 6, 1),
            tax_year="2026-27",
        )
        completion_declare(person=member, course=reading)


def test_staff_see_what_waits_for_them_with_counts_and_links(admin_login, staff):
    colleague = StaffFactory()
    work(2, proposer=colleague)
    assert GroupMembership.objects.filter(status="applied").count() == 2
    page = admin_login(staff).get("/admin/").content.decode()
    assert "Waiting for you" in page
    assert panel(page) == {
        "Membership requests": ("/admin/membership-requests/", "2"),
        "Researcher requests": ("/admin/researcher-requests/", "2"),
        "Requests for input": ("/admin/requests-for-input/", "2"),
        "Expense claims to check": ("/admin/payments/expenses/", "2"),
        "Payments to approve": ("/admin/payments/?status=proposed", "2"),
        "Completions to confirm": ("/admin/training/completions/", "2"),
    }


def test_the_claims_count_is_what_the_linked_list_shows(admin_login, staff):
    work(2, proposer=StaffFactory())
    ExpenseClaim.objects.filter(pk=ExpenseClaim.objects.first().pk).update(status="queried")
    ExpenseClaim.objects.filter(pk=ExpenseClaim.objects.last().pk).update(status="approved")
    client = admin_login(staff)
    link, count = panel(client.get("/admin/").content.decode())["Expense claims to check"]
    shown = client.get(link).context["page_obj"].object_list
    assert count == "1" and len(shown) == 1  # the queried one: still waiting; approved: not


def test_nobody_is_counted_work_they_may_not_do(admin_login, staff):
    # staff proposed these payments: a colleague must approve them.
    work(1, proposer=staff)
    client = admin_login(staff)
    rows = panel(client.get("/admin/").content.decode())
    assert rows["Payments to approve"][1] == "0"
    # Their own claim is not theirs to check.
    ExpenseClaim.objects.create(
        member=staff,
        payee_reference="RT-0",
        activity="Own",
        activity_date=datetime.date(2026, 6, 1),
        tax_year="2026-27",
    )
    assert panel(client.get("/admin/").content.decode())["Expense claims to check"] == (
        "/admin/payments/expenses/",
        "1",
    )


def test_each_kind_shows_only_to_staff_with_its_permission(admin_login):
    work(1, proposer=StaffFactory())
    person = UserFactory()
    person.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="decide_membership"),
    )
    rows = panel(admin_login(person).get("/admin/").content.decode())
    assert rows == {"Membership requests": ("/admin/membership-requests/", "1")}


def test_staff_with_nothing_to_act_on_get_no_panel(admin_login):
    person = UserFactory()
    person.user_permissions.add(Permission.objects.get(codename="access_admin"))
    page = admin_login(person).get("/admin/").content.decode()
    assert page.count("Waiting for you") == 0


def test_when_nothing_waits_the_panel_says_so(admin_login, staff):
    page = admin_login(staff).get("/admin/").content.decode()
    assert "Nothing is waiting for you." in page
    assert {count for _link, count in panel(page).values()} == {"0"}


def test_the_panel_costs_the_same_queries_however_much_waits(admin_login, staff):
    client = admin_login(staff)
    colleague = StaffFactory()
    work(1, proposer=colleague)
    client.get("/admin/")  # caches warm, as on any visit
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/")
    work(4, proposer=colleague)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/admin/").content.decode()
    assert panel(page)["Payments to approve"][1] == "5"
    assert len(many) == len(few)
