"""Issue 14, item 10: a request to join that is still waiting offers what fits it,
"Cancel your request", not "Renew, pause or leave"."""

import pytest
from django.urls import reverse

from home.demo_content import demo_pages_create
from members.demo_content import demo_groups_create
from members.models import GroupMembership
from members.services.memberships import membership_join

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(member):
    demo_pages_create()
    groups = {group.slug: group for group in demo_groups_create()}
    group = groups["mental-health-lived-experience-panel"]  # joined by approval
    membership = membership_join(
        member=member, group=group, accepted_version=group.current_ground_rules()
    )
    assert membership.status == GroupMembership.Status.APPLIED
    return membership


def test_the_account_offers_only_to_cancel_a_pending_request(client, member, pending):
    client.force_login(member)
    page = client.get(reverse("members:account")).content.decode()
    leave_url = reverse("members:group_leave", args=[pending.group_id])
    assert (
        f'<a href="{leave_url}">Cancel your request<span class="nhsuk-u-visually-hidden">' in page
    )
    assert "Renew, pause or leave" not in page


def test_the_membership_page_of_a_pending_request_offers_no_renewal_pause_or_leaving(
    client, member, pending
):
    client.force_login(member)
    page = client.get(reverse("members:group_membership", args=[pending.group_id]))
    html = page.content.decode()
    assert "Cancel your request to join" in html
    for offer in ("Renew", "Pause my membership", "Leave the group", "Leave Mental"):
        assert offer not in html


def test_cancelling_a_pending_request_ends_it_and_says_so(client, member, pending):
    client.force_login(member)
    url = reverse("members:group_leave", args=[pending.group_id])
    check = client.get(url).content.decode()
    assert "Are you sure you want to cancel your request to join" in check
    assert "Cancel my request" in check
    assert "Leave the group" not in check

    response = client.post(url, follow=True)
    pending.refresh_from_db()
    assert pending.status == GroupMembership.Status.ENDED
    assert pending.end_reason == GroupMembership.EndReason.CANCELLED
    assert f"Your request to join {pending.group.title} is cancelled." in response.content.decode()


def test_another_member_cannot_cancel_someone_elses_request(client, pending):
    from members.factories import MemberFactory

    client.force_login(MemberFactory())
    response = client.post(reverse("members:group_leave", args=[pending.group_id]))
    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == GroupMembership.Status.APPLIED
