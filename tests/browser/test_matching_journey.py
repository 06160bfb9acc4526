"""Matching and the fair lottery in a real browser (issue 16): a member with a profile
sees which opportunities suit them and why, and sorts by best match; staff find members
to invite and invite one, who applies; staff run a fair lottery with quotas on two
features for an oversubscribed opportunity, apply it, and the selected are told their
chance. Every page on the way is scanned with axe-core (WCAG 2.2 A and AA). One test:
each browser test starts a browser and a server (CI has 2 cores)."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.admin_helpers import admin_scan, sign_in_to_the_admin, staff_with_authenticator

PASSWORD = "correct-horse-battery-staple"


def _sign_in(page, live_server, email):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/account/$"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_suited_opportunities_invitations_and_a_fair_lottery(
    live_server, browser, axe_check, baseline
):
    from home.demo_content import demo_pages_create
    from members.factories import MemberFactory
    from members.models import MemberProfile, Region, Topic
    from opportunities.factories import opportunity_create
    from opportunities.models import Application, Invitation, Lottery
    from opportunities.services.applications import application_submit

    demo_pages_create()
    diabetes = Topic.objects.get(name="Diabetes")
    anxiety = Topic.objects.filter(parent__isnull=False).exclude(parent=diabetes.parent).first()
    yorkshire = Region.objects.get(name="Yorkshire and the Humber")
    london = Region.objects.get(name="London")
    evening = timezone.make_aware(
        datetime.datetime.combine(
            timezone.localdate() + datetime.timedelta(days=30 - timezone.localdate().weekday()),
            datetime.time(18, 0),
        )
    )
    suited = opportunity_create(
        title="Making diabetes check-ups easier",
        topics=[diabetes],
        format="online",
        sessions=[(evening, evening + datetime.timedelta(hours=2))],
    )
    other = opportunity_create(title="A leaflet about worry", topics=[anxiety], format="online")

    ama = MemberFactory(email="ama@example.org", name="Ama Boateng")
    profile = MemberProfile.objects.create(
        user=ama, region=yorkshire, format_online=True, available_evenings=True
    )
    profile.topics.set([diabetes])

    # 1. The member sees what suits them, and why, and sorts by best match.
    member = browser.new_page()
    _sign_in(member, live_server, "ama@example.org")
    member.get_by_role("link", name="Find opportunities to take part").click()
    card = member.get_by_role("listitem").filter(has_text="Making diabetes check-ups easier")
    expect(card.get_by_text("Suited to you")).to_be_visible()
    expect(card.get_by_text("you told us about Diabetes", exact=False)).to_be_visible()
    worry = member.get_by_role("listitem").filter(has_text="A leaflet about worry")
    expect(worry.get_by_text("Suited to you")).to_have_count(0)
    axe_check(member)
    member.get_by_role("link", name="best match for me").click()
    # Headings are read at once, without waiting: wait for the sorted page first (it
    # shows "best match for me" as the current order, no longer a link).
    expect(member.get_by_role("link", name="best match for me")).to_have_count(0)
    titles = member.get_by_role("heading", level=3).all_inner_texts()
    ranked = [t for t in titles if t in (suited.title, other.title)]
    assert ranked == [suited.title, other.title]
    axe_check(member)
    member.get_by_role("link", name=suited.title).first.click()
    expect(member.get_by_role("heading", name="Why this may suit you")).to_be_visible()
    axe_check(member)

    # 2. Staff find members to invite; one of them applies.
    _staff, secret = staff_with_authenticator()
    staff = browser.new_page()
    sign_in_to_the_admin(staff, live_server, axe_check, secret)
    staff.goto(f"{live_server.url}/admin/shortlists/{suited.pk}/invite/")
    expect(staff.get_by_role("cell", name="Ama Boateng", exact=True)).to_be_visible()
    admin_scan(staff, axe_check)
    staff.get_by_label("Invite Ama Boateng").check()
    mail.outbox.clear()
    staff.get_by_role("button", name="Invite to apply").click()
    expect(staff.get_by_role("heading", name="1 person will be invited")).to_be_visible()
    admin_scan(staff, axe_check)
    staff.get_by_role("button", name="Send invitations").click()
    admin_scan(staff, axe_check)
    assert Invitation.objects.filter(opportunity=suited, member=ama).exists()
    assert [m.to for m in mail.outbox] == [["ama@example.org"]]
    assert "Diabetes" not in mail.outbox[0].body  # no health topic in an email

    member.goto(live_server.url + suited.url)
    expect(member.get_by_text("You were invited to apply", exact=False)).to_be_visible()
    member.get_by_role("link", name="Apply for this opportunity").click()
    member.get_by_label("Why are you interested?").fill("I have missed checks myself.")
    member.get_by_role("button", name="Continue").click()
    member.get_by_role("button", name="Send my application").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Application sent")
    axe_check(member)
    staff.goto(f"{live_server.url}/admin/shortlists/{suited.pk}/")
    expect(staff.get_by_text("Invited on", exact=False).first).to_be_visible()
    admin_scan(staff, axe_check)

    # 3. An oversubscribed opportunity: a fair lottery with quotas on two features.
    popular = opportunity_create(title="Join our steering group", places=2, format="online")
    people = []
    for n, (region, involved) in enumerate(
        [(yorkshire, False), (yorkshire, True), (london, False), (london, True)] * 2
    ):
        person = MemberFactory(email=f"applicant{n}@example.org", name=f"Applicant {n}")
        MemberProfile.objects.create(
            user=person,
            region=region,
            last_involved_on=timezone.localdate() - datetime.timedelta(days=90)
            if involved
            else None,
        )
        application_submit(member=person, opportunity=popular, statement="I would like to help.")
        people.append(person)
    staff.goto(f"{live_server.url}/admin/shortlists/{popular.pk}/")
    staff.get_by_role("link", name="Run a fair lottery").click()
    admin_scan(staff, axe_check)
    staff.get_by_label("Region").check()
    staff.get_by_label("New to involvement", exact=True).check()
    staff.get_by_role("button", name="Continue to quotas").click()
    admin_scan(staff, axe_check)
    # One from each region, at least one new to involvement.
    for region_name in ("Yorkshire and the Humber", "London"):
        staff.get_by_label(f"Region, {region_name}: minimum").fill("1")
        staff.get_by_label(f"Region, {region_name}: maximum").fill("1")
    staff.get_by_label("New to involvement, New to involvement: minimum").fill("1")
    staff.get_by_role("button", name="Draw").click()
    admin_scan(staff, axe_check)
    lottery = Lottery.objects.get(opportunity=popular)
    staff.get_by_role("link", name="Apply this result").click()
    admin_scan(staff, axe_check)
    mail.outbox.clear()
    staff.get_by_role("button", name="Apply this result and tell everyone").click()
    admin_scan(staff, axe_check)

    selected = Application.objects.filter(opportunity=popular, status="selected")
    assert selected.count() == 2
    regions = {a.member.profile.region_id for a in selected.select_related("member__profile")}
    assert regions == {yorkshire.pk, london.pk}
    assert any(a.member.profile.last_involved_on is None for a in selected)
    lottery.refresh_from_db()
    # The audit page re-runs the draw from its record: it reproduces.
    staff.goto(f"{live_server.url}/admin/shortlists/lottery/{lottery.pk}/audit/")
    admin_scan(staff, axe_check)
    staff.get_by_role("button", name="Re-run the draw").click()
    expect(
        staff.get_by_text("The re-run gave the same people and the same waiting order.")
    ).to_be_visible()
    admin_scan(staff, axe_check)
    assert lottery.status == "applied"
    told = {m.to[0] for m in mail.outbox}
    assert {a.member.email for a in selected} <= told
    body = next(m.body for m in mail.outbox if m.to[0] == selected.first().member.email)
    assert "fair lottery" in body and re.search(r"about \d+ in \d+", body)

    # A selected person reads their chance on their application.
    chosen = browser.new_page()
    _sign_in(chosen, live_server, selected.first().member.email)
    chosen.goto(f"{live_server.url}/applications/{selected.first().pk}/")
    expect(chosen.get_by_text("fair lottery", exact=False).first).to_be_visible()
    axe_check(chosen)
