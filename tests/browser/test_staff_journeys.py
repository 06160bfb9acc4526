"""Involvement staff in the Wagtail admin, in a real browser: sign in with a password and
an authenticator code, approve a request to join a group, and register a member who has
no email address. Every page on the way is scanned with axe-core (WCAG 2.2 A and AA)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.admin_helpers import (
    admin_scan,
    sign_in_to_the_admin,
    staff_with_authenticator,
)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_approve_a_request_to_join_a_group(live_server, page, axe_check, baseline):
    from home.demo_content import demo_pages_create
    from members.demo_content import demo_groups_create
    from members.factories import MemberFactory
    from members.models import GroupMembership
    from members.services.memberships import membership_join

    demo_pages_create()
    panel = next(
        g for g in demo_groups_create() if g.slug == "mental-health-lived-experience-panel"
    )
    member = MemberFactory(email="siobhan@example.org", name="Siobhán O'Connor")
    request_to_join = membership_join(
        member=member, group=panel, accepted_version=panel.current_ground_rules()
    )
    assert request_to_join.status == GroupMembership.Status.APPLIED
    staff, secret = staff_with_authenticator()
    mail.outbox.clear()

    sign_in_to_the_admin(page, live_server, axe_check, secret)
    page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="Membership requests"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Membership requests")
    expect(page.get_by_role("cell", name="Mental health lived experience panel")).to_be_visible()
    admin_scan(page, axe_check)

    page.get_by_label("Message to the person (needed when declining) Siobhán O'Connor").fill(
        "Welcome! We meet next on 4 March."
    )
    page.get_by_role("button", name="Approve Siobhán O'Connor").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Siobhán O'Connor is now a member of Mental health lived experience panel. "
        "They have been emailed the decision."
    )
    expect(page.get_by_text("No one is waiting.")).to_be_visible()
    admin_scan(page, axe_check)

    request_to_join.refresh_from_db()
    assert request_to_join.status == GroupMembership.Status.ACTIVE
    assert request_to_join.decided_by == staff
    assert [m.to for m in mail.outbox] == [["siobhan@example.org"]]
    assert mail.outbox[0].subject == "Welcome to Mental health lived experience panel"
    assert "We meet next on 4 March." in mail.outbox[0].body
    assert len(axe_check.scanned) == 5


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_register_a_member_who_has_no_email_address(live_server, page, axe_check, baseline):
    from home.demo_content import demo_pages_create
    from members.demo_content import demo_groups_create
    from members.models import GroupMembership, User

    demo_pages_create()
    demo_groups_create()
    staff, secret = staff_with_authenticator()
    mail.outbox.clear()

    sign_in_to_the_admin(page, live_server, axe_check, secret)
    page.get_by_role("link", name="Register a member").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register a member")
    admin_scan(page, axe_check)

    # A mistake first: no name. The form comes back with the answers kept.
    page.get_by_label("Phone number").fill("01632 960123")
    page.get_by_label("By phone, with staff").check()
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("I have explained the privacy notice and they agreed to it").check()
    page.get_by_role("button", name="Register").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    page.get_by_role("link", name="Enter their full name").click()
    expect(page.get_by_label("Full name")).to_be_focused()
    expect(page.get_by_label("Phone number")).to_have_value("01632 960123")
    admin_scan(page, axe_check)

    page.get_by_label("Full name").fill("Siobhán O'Neill")
    page.get_by_label("Join a group now (optional)").select_option(label="Carers' voice")
    page.get_by_label("I have read the group's ground rules to them and they agreed").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Siobhán O'Neill is registered as a member. "
        "They have no email address: contact them by phone or post."
    )
    admin_scan(page, axe_check)

    person = User.objects.get(name="Siobhán O'Neill")
    assert person.email is None
    assert person.registered_by == staff
    assert person.registered_channel == User.Channel.PHONE
    assert person.profile.phone == "01632 960123"
    assert person.profile.contact_by_phone
    membership = GroupMembership.objects.get(member=person)
    assert membership.group.slug == "carers-voice"
    assert membership.status == GroupMembership.Status.ACTIVE
    assert mail.outbox == []
    assert len(axe_check.scanned) == 6
