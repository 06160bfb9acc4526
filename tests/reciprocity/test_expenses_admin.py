"""Expense claims on the staff screens: staff decide a claim; members cannot open them."""

import pytest

from reciprocity.services.expenses import expense_claim_submit
from tests.reciprocity.expense_journey import pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


def test_staff_decide_a_claim_on_the_admin_screen(admin_login, staff, member, took_part):
    claim = expense_claim_submit(
        member=member,
        involvement=took_part,
        items=[{"kind": "parking", "amount": "3", "receipt": pdf()}],
    )
    client = admin_login(staff)
    assert "£3.00" in client.get("/admin/payments/expenses/").content.decode()
    response = client.post(f"/admin/payments/expenses/{claim.pk}/", {"decision": "rejected"})
    page = response.content.decode()
    assert "Write a message to the member" in page and "<title>Error:" in page
    response = client.post(f"/admin/payments/expenses/{claim.pk}/", {"decision": "approved"})
    assert response["Location"] == "/admin/payments/expenses/"
    claim.refresh_from_db()
    assert claim.status == "approved" and claim.decided_by == staff


def test_members_cannot_open_the_claims_screens(client, member, took_part):
    claim = expense_claim_submit(
        member=member,
        involvement=took_part,
        items=[{"kind": "parking", "amount": "3", "receipt": pdf()}],
    )
    client.force_login(member)
    for url in ["/admin/payments/expenses/", f"/admin/payments/expenses/{claim.pk}/"]:
        assert client.get(url).status_code in (302, 403)
    client.post(f"/admin/payments/expenses/{claim.pk}/", {"decision": "approved"})
    claim.refresh_from_db()
    assert claim.status == "submitted"


def test_staff_cannot_approve_a_claim_changed_since_they_opened_it(
    admin_login, staff, member, took_part
):
    """The member may change a claim until staff act: a decision sent from the screen as
    it was before the change would approve amounts nobody checked."""
    import re

    from reciprocity.services.expenses import expense_claim_change

    claim = expense_claim_submit(
        member=member,
        involvement=took_part,
        items=[{"kind": "parking", "amount": "3", "receipt": pdf()}],
    )
    client = admin_login(staff)
    page = client.get(f"/admin/payments/expenses/{claim.pk}/").content.decode()
    seen = re.search(r'name="seen" value="(\d+)"', page).group(1)
    expense_claim_change(
        claim=claim,
        member=member,
        items=[{"kind": "parking", "amount": "90", "receipt": pdf()}],
    )
    response = client.post(
        f"/admin/payments/expenses/{claim.pk}/", {"decision": "approved", "seen": seen}
    )
    assert response.status_code == 200
    assert "This claim changed after you opened it" in response.content.decode()
    assert "£90.00" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == "submitted"
