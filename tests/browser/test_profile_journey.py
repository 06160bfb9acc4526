"""A member fills in their profile in a real browser: leaves optional pages blank and
still sees it complete, finds "Diabetes" by typing, and meets the follow-up questions
only beneath the answers that need them ("Pause until", how much a condition limits
them), with the ethnic group asked in two steps. Every page is scanned with axe,
including the `region` rule (everything inside a landmark)."""

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import AXE_OPTIONS

WITH_REGION = {**AXE_OPTIONS, "rules": {**AXE_OPTIONS["rules"], "region": {"enabled": True}}}


def scan(page):
    results = Axe().run(page, options=WITH_REGION)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def proceed(page):
    page.get_by_role("button", name="Continue").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_member_completes_the_profile_and_the_conditional_questions(live_server, page, baseline):
    from home.demo_content import demo_pages_create
    from members.factories import DEFAULT_PASSWORD, MemberFactory
    from members.models import EqualityResponse, MemberProfile

    demo_pages_create()
    member = MemberFactory(email="amara@example.org", name="Amara Okafor")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("amara@example.org")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/account/$"))

    page.get_by_role("link", name="Tell us about yourself").click()
    expect(page.get_by_text("Step 1 of 8")).to_be_visible()
    scan(page)
    proceed(page)  # "About you" left blank: every question on it is optional

    # Health topics: typing narrows the list to the conditions that match.
    finder = page.get_by_label("Find a topic")
    expect(finder).to_be_visible()
    finder.fill("diabet")
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^\d+ topics match\.$"))
    expect(page.get_by_label("Asthma", exact=True)).to_be_hidden()
    page.get_by_label("Diabetes", exact=True).check()
    scan(page)
    finder.fill("")
    expect(page.get_by_label("Asthma", exact=True)).to_be_visible()
    proceed(page)
    proceed(page)  # skills, left blank
    proceed(page)  # how you like to take part, left blank
    proceed(page)  # access needs, left blank
    page.get_by_label("Be paid for my time").check()
    proceed(page)

    # "Pause until" only beneath "Not for now".
    pause_until = page.get_by_label("Pause until")
    expect(pause_until).to_be_hidden()
    page.get_by_label(re.compile("^Not for now")).check()
    expect(pause_until).to_be_visible()
    pause_until.fill((timezone.localdate() + datetime.timedelta(days=60)).strftime("%d/%m/%Y"))
    scan(page)
    proceed(page)
    page.get_by_label("I have read the privacy notice").check()
    proceed(page)
    expect(page.get_by_text("Diabetes", exact=True)).to_be_visible()
    scan(page)
    page.get_by_role("button", name="Save my profile").click()
    page.goto(live_server.url + "/account/")
    expect(page.get_by_text("You have answered 8 of 8 sections.")).to_be_visible()
    scan(page)
    profile = MemberProfile.objects.get(user=member)
    assert [t.name for t in profile.topics.all()] == ["Diabetes"]
    assert profile.updates == "paused" and profile.updates_paused_until is not None

    # Equality monitoring: the ethnic group in two steps, then the detail within it.
    page.goto(live_server.url + "/equality/ethnic-group/")
    scan(page)
    page.get_by_label("Asian, Asian British or Asian Welsh").check()
    proceed(page)
    expect(
        page.get_by_role("group", name=re.compile("Asian, Asian British or Asian Welsh"))
    ).to_be_visible()
    expect(page.get_by_label("African")).to_have_count(0)
    describe = page.get_by_label("You can describe your ethnic group or background")
    expect(describe).to_be_hidden()
    page.get_by_label("Any other Asian background").check()
    expect(describe).to_be_visible()
    describe.fill("Nepali")
    scan(page)
    proceed(page)

    # How much a condition limits them: only beneath "Yes".
    page.goto(live_server.url + "/equality/disability/")
    limits = page.get_by_role("group", name=re.compile("reduce your ability"))
    expect(limits).to_be_hidden()
    page.get_by_label("Yes", exact=True).check()
    expect(limits).to_be_visible()
    page.get_by_label("Yes, a little").check()
    scan(page)
    proceed(page)
    page.goto(live_server.url + "/equality/check/")
    scan(page)
    page.get_by_role("button", name="Save my answers").click()
    saved = EqualityResponse.objects.get(member=member)
    assert (saved.ethnicity, saved.ethnicity_write_in) == ("other_asian", "Nepali")
    assert (saved.long_term_condition, saved.day_to_day) == ("yes", "a_little")
