"""From a researcher's ask to the selected names, in a real browser, three people at once:
a researcher sends a request; staff accept it, create the opportunity from it and
publish it; a member filters the listing, finds it and applies; staff select two and
waitlist one; a selected member withdraws and the waiting one gets the place; the
researcher sees the names of the selected who agreed to share them. Every page on the
way is scanned with axe-core (WCAG 2.2 A and AA)."""

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
def test_from_request_to_selection(live_server, browser, axe_check, baseline):
    from home.demo_content import demo_pages_create
    from members.factories import MemberFactory, ResearcherFactory
    from members.models import MemberProfile
    from opportunities.factories import opportunity_index_get_or_create
    from opportunities.models import Application, OpportunityPage
    from opportunities.services.applications import application_submit

    demo_pages_create()
    opportunity_index_get_or_create()
    ResearcherFactory(email="amara@research.example.ac.uk", name="Dr Amara Okafor")
    _staff, secret = staff_with_authenticator()
    ama = MemberFactory(email="ama@example.org", name="Ama Boateng")
    bo = MemberFactory(email="bo@example.org", name="Bo Lindqvist")
    cy = MemberFactory(email="cy@example.org", name="Cy Ó Súilleabháin")
    for person in (ama, bo, cy):
        MemberProfile.objects.create(user=person, format_online=True)

    # 1. The researcher asks for public input.
    researcher = browser.new_page()
    _sign_in(researcher, live_server, "amara@research.example.ac.uk")
    researcher.get_by_role("link", name="See your requests, or ask for public input").click()
    axe_check(researcher)
    researcher.get_by_role("button", name="Request public input").click()
    researcher.get_by_label("Recruit individual members for a role").check()
    axe_check(researcher)
    researcher.get_by_role("button", name="Continue").click()
    researcher.get_by_label("Project title").fill("Making diabetes check-ups easier")
    researcher.get_by_label("What is the project about?").fill(
        "Many people miss their yearly check. We want to know why."
    )
    axe_check(researcher)
    researcher.get_by_role("button", name="Continue").click()
    researcher.get_by_label("Designing the research").check()
    researcher.get_by_label("Reviewing documents").check()
    axe_check(researcher)
    researcher.get_by_role("button", name="Continue").click()
    researcher.get_by_label("How many people do you need?").fill("2")
    axe_check(researcher)
    researcher.get_by_role("button", name="Continue").click()
    researcher.get_by_label("Online", exact=True).check()
    axe_check(researcher)
    researcher.get_by_role("button", name="Continue").click()
    researcher.get_by_label("When do you need people?", exact=True).fill(
        "Two Tuesday evenings in March"
    )
    researcher.get_by_label("How much time will it take?").fill("2 hours each")
    deadline = timezone.localdate() + datetime.timedelta(days=20)
    researcher.get_by_label("By when do you need people?").fill(deadline.strftime("%d/%m/%Y"))
    axe_check(researcher)
    researcher.get_by_role("button", name="Continue").click()
    researcher.get_by_role("button", name="Continue").click()  # nothing chosen: an error
    expect(researcher).to_have_title(re.compile(r"^Error: "))
    axe_check(researcher)
    researcher.get_by_label("Our organisation's payment rates").check()
    researcher.get_by_role("button", name="Continue").click()
    expect(researcher.get_by_role("heading", level=1)).to_have_text(
        "Check your request before sending it"
    )
    axe_check(researcher)
    researcher.get_by_role("button", name="Send the request").click()
    expect(researcher.get_by_role("heading", level=1)).to_have_text("Request sent")
    axe_check(researcher)

    # 2. Staff accept it, make the opportunity from it and publish it.
    staff = browser.new_page()
    sign_in_to_the_admin(staff, live_server, axe_check, secret)
    staff.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="Requests for input"
    ).click()
    admin_scan(staff, axe_check)
    staff.get_by_role("link", name="Making diabetes check-ups easier").click()
    admin_scan(staff, axe_check)
    staff.get_by_label("New status").select_option("accepted")
    staff.get_by_role("button", name="Save and email the researcher").click()
    admin_scan(staff, axe_check)
    staff.get_by_role("button", name="Create opportunity from request").click()
    expect(staff).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    admin_scan(staff, axe_check)
    staff.get_by_role("button", name="More actions").click()
    staff.get_by_role("button", name="Publish").click()
    admin_scan(staff, axe_check)
    opportunity = OpportunityPage.objects.get(title="Making diabetes check-ups easier")
    assert opportunity.live and opportunity.places == 2

    # 3. A member filters the listing, finds it and applies.
    member = browser.new_page()
    _sign_in(member, live_server, "ama@example.org")
    member.get_by_role("link", name="Find opportunities to take part").click()
    axe_check(member)
    member.get_by_label("Where").select_option("online")
    member.get_by_label("Paid only").check()
    member.get_by_role("button", name="Apply filters").click()
    expect(member.get_by_role("heading", name="1 opportunity")).to_be_visible()
    axe_check(member)
    member.get_by_role("link", name="Making diabetes check-ups easier").click()
    axe_check(member)
    member.get_by_role("link", name="Apply for this opportunity").click()
    axe_check(member)
    member.get_by_label("Why are you interested?").fill("I have missed checks myself.")
    member.get_by_label("Share my name with the researcher if I am selected").check()
    member.get_by_role("button", name="Continue").click()
    axe_check(member)
    member.get_by_role("button", name="Send my application").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Application sent")
    axe_check(member)
    for person, share in ((bo, True), (cy, True)):
        application_submit(
            member=person, opportunity=opportunity, statement="Keen", share_name=share
        )

    # 4. Staff select two and put one on the waiting list.
    staff.goto(live_server.url + f"/admin/shortlists/{opportunity.pk}/")
    admin_scan(staff, axe_check)
    for name, action in (("Ama Boateng", "Select"), ("Bo Lindqvist", "Select")):
        staff.get_by_role("link", name=re.compile(rf"^{action}\s*: {name}$")).click()
        admin_scan(staff, axe_check)
        staff.get_by_role("button", name=action).click()
    staff.get_by_role("link", name=re.compile(r"^Waiting list\s*: Cy Ó Súilleabháin$")).click()
    staff.get_by_role("button", name="Waiting list").click()
    expect(staff.get_by_text("2 of 2 places filled", exact=False)).to_be_visible()
    admin_scan(staff, axe_check)

    # 5. A selected member withdraws; the one waiting is offered the place.
    mail.outbox.clear()
    member.goto(live_server.url + "/applications/")
    axe_check(member)
    member.get_by_role("link", name="Withdraw Making diabetes check-ups easier").click()
    axe_check(member)
    member.get_by_role("button", name="Withdraw my application").click()
    expect(member.get_by_text("You have withdrawn from")).to_be_visible()
    axe_check(member)
    assert Application.objects.get(member=cy).status == "selected"
    assert [m.to for m in mail.outbox] == [["cy@example.org"]]

    # 6. The researcher sees how many applied and the names the selected agreed to share.
    researcher.goto(live_server.url + "/requests/")
    researcher.get_by_role("link", name="Making diabetes check-ups easier").click()
    expect(researcher.get_by_text("Bo Lindqvist")).to_be_visible()
    expect(researcher.get_by_text("Cy Ó Súilleabháin")).to_be_visible()
    expect(researcher.get_by_text("Ama Boateng")).to_have_count(0)
    axe_check(researcher)
    assert len(axe_check.scanned) == 32  # 31, and the first question of a request (issue 17)
