"""In a real browser, every page scanned with axe: the induction flag on a shortlist
and selecting with a reason; a researcher told about the course for researchers; a
member saying what training they would like, and staff seeing the counts."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.admin_helpers import admin_scan, sign_in_to_the_admin, staff_with_authenticator


def sign_in(page, live_server, email):
    from members.factories import DEFAULT_PASSWORD

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_member_says_what_training_they_would_like(live_server, page, baseline, axe_check):
    from members.factories import MemberFactory

    MemberFactory(email="grace@example.org", name="Grace Mensah")
    sign_in(page, live_server, "grace@example.org")
    expect(page).to_have_url(re.compile(r"/account/$"))
    page.get_by_role("link", name="Say what training you would like").click()
    axe_check(page)
    page.get_by_label("Public speaking").check()
    page.get_by_label("Anything else you would like to learn").fill("Reading a study")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/account/$"))
    expect(page.get_by_text("We have saved the training you would like")).to_be_visible()
    axe_check(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_researcher_is_told_they_need_the_course(live_server, page, baseline, axe_check):
    from members.factories import ResearcherFactory
    from tests.training.helpers import training_settings_set
    from training.factories import course_create

    course = course_create(
        title="Working with the public in research", for_members=False, for_researchers=True
    )
    training_settings_set(researcher_induction=course, researcher_rule="required")
    ResearcherFactory(email="amara@example.org")
    sign_in(page, live_server, "amara@example.org")
    page.goto(live_server.url + "/requests/")
    expect(page.get_by_text("you need to take our course for researchers")).to_be_visible()
    expect(page.get_by_role("link", name="Working with the public in research")).to_be_visible()
    axe_check(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_select_an_applicant_without_the_induction_with_a_reason(
    live_server, page, baseline, axe_check
):
    from members.factories import MemberFactory
    from opportunities.factories import opportunity_create
    from opportunities.services.applications import application_submit
    from tests.training.helpers import training_settings_set
    from training.factories import course_create
    from training.services.wishes import training_wish_save

    training_settings_set(member_induction=course_create(title="Welcome to the group"))
    opportunity = opportunity_create(title="Review a leaflet")
    nadia = MemberFactory(name="New Nadia")
    application_submit(member=nadia, opportunity=opportunity, statement="I can help.")
    from members.models import Skill

    training_wish_save(person=nadia, skills=[Skill.objects.get(name="Writing")], other="")
    staff, secret = staff_with_authenticator()
    sign_in_to_the_admin(page, live_server, axe_check, secret)

    page.goto(f"{live_server.url}/admin/shortlists/{opportunity.pk}/")
    expect(page.get_by_text("Induction not done")).to_be_visible()
    admin_scan(page, axe_check)
    page.get_by_role("link", name=re.compile(r"^Select\W+New Nadia$")).click()
    page.get_by_role("button", name="Select").click()
    expect(page.get_by_text("Say why you are selecting them").first).to_be_visible()
    admin_scan(page, axe_check)
    page.get_by_label("Why are you selecting them?").fill("Booked on the next induction.")
    page.get_by_role("button", name="Select").click()
    expect(page).to_have_url(re.compile(rf"/admin/shortlists/{opportunity.pk}/$"))
    admin_scan(page, axe_check)

    page.goto(f"{live_server.url}/admin/training/wishes/")
    expect(page.get_by_role("row", name="Writing 1")).to_be_visible()
    admin_scan(page, axe_check)
