"""Equality monitoring in a real browser: a member answers some questions and skips
others, changes an answer from the summary, saves, then deletes them all; staff open the
dashboard and see suppressed counts beside the benchmark, and a bad period gets a plain
page. Every page passes axe."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.admin_helpers import admin_scan, sign_in_to_the_admin, staff_with_authenticator

PASSWORD = "correct-horse-battery-staple"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_answer_change_delete_and_the_dashboard(live_server, browser, axe_check, baseline):
    from django.contrib.auth.models import Permission

    from members.demo_content import demo_groups_create
    from members.factories import EqualityResponseFactory, MemberFactory
    from members.models import EqualityBenchmark
    from members.selectors.equality import equality_answered, equality_answers
    from members.services.memberships import membership_join

    group = next(g for g in demo_groups_create() if g.slug == "living-with-diabetes")
    for sex in ["female"] * 10 + ["male"] * 6 + ["prefer_not"] * 2:
        person = MemberFactory()
        membership_join(member=person, group=group, accepted_version=group.current_ground_rules())
        EqualityResponseFactory(member=person, sex=sex)
    member = MemberFactory(email="nadia@example.org", name="Nadia Rahman")

    # The member: why we ask, some answers, some skipped, a change, save, delete.
    page = browser.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("nadia@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("link", name="help us see who is missing from research").click()
    axe_check(page)
    page.get_by_role("link", name="Start").click()
    page.get_by_label("35 to 44").check()
    axe_check(page)
    page.get_by_role("button", name="Continue").click()
    for _skipped in range(3):  # sex, gender identity, sexual orientation: left blank
        page.get_by_role("button", name="Continue").click()
    # The ethnic group in two steps, as the ONS asks it: the broad group, then the detail.
    page.get_by_label("Asian, Asian British or Asian Welsh").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Bangladeshi").check()
    page.get_by_role("button", name="Continue").click()
    for _skipped in range(3):  # religion, disability, caring
        page.get_by_role("button", name="Continue").click()
    axe_check(page)  # the consent page
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    axe_check(page)
    page.get_by_role("link", name=re.compile(r"^Change how old are you")).click()
    page.get_by_label("45 to 54").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("45 to 54")).to_be_visible()
    page.get_by_role("button", name="Save my answers").click()
    answers = equality_answers(member=member)
    assert answers["age_band"] == "45_54" and answers["sex"] == ""
    assert answers["ethnicity"] == "bangladeshi"
    page.get_by_role("link", name="Change or delete your equality monitoring answers").click()
    page.get_by_role("link", name="Delete your answers").click()
    axe_check(page)
    page.get_by_role("button", name="Delete my answers").click()
    expect(page.get_by_text("Your equality monitoring answers have been deleted.")).to_be_visible()
    assert not equality_answered(member=member)

    # Staff: suppressed counts beside the Census benchmark. Figures are published for
    # quarters that have ended, so the members joined in the middle of the last one.
    import datetime

    from members.models import GroupMembership
    from members.selectors.equality import closed_periods

    middle = closed_periods(1)[0].start + datetime.timedelta(days=40)
    GroupMembership.objects.update(
        started_on=middle,
        applied_at=datetime.datetime.combine(middle, datetime.time(12), tzinfo=datetime.UTC),
    )
    staff, secret = staff_with_authenticator()
    staff.user_permissions.add(Permission.objects.get(codename="view_equality_dashboard"))
    admin = browser.new_page()
    sign_in_to_the_admin(admin, live_server, axe_check, secret)
    admin.get_by_role("link", name="Equality monitoring").click()
    admin_scan(admin, axe_check)
    sex = admin.locator("#table-sex ~ table").first
    expect(sex).to_contain_text("10 (55.6%)")  # the 2, and the 6 beside it, are hidden
    expect(sex).to_contain_text("fewer than 5")
    expect(sex).to_contain_text("not shown")
    # A reporting period that is not one of the list gets a plain page, not a 500.
    admin.goto(live_server.url + "/admin/equality/?period=2024-Q9")
    expect(admin.get_by_text("Choose a reporting period from the list")).to_be_visible()
    admin_scan(admin, axe_check)
    admin.goto(live_server.url + "/admin/equality/")
    expect(sex).to_contain_text("51.0%")
    expect(admin.locator("#table-age_band ~ p").first).to_contain_text("first results")
    # Their own area's figures: one question's answers on one page.
    admin.get_by_role("link", name="Change these benchmark figures (Disability,").click()
    admin.get_by_role("textbox", name="Area").fill("Leeds (Census 2021)")
    admin.get_by_role("textbox", name="Source").fill("ONS, Census 2021, TS038, Leeds")
    admin.get_by_role("spinbutton", name="Disabled: day-to-day activities limited a lot").fill("81")
    admin.get_by_role("spinbutton", name="Not disabled: no long-term condition").fill("75.4")
    admin.get_by_role("button", name="Save figures").click()
    expect(admin.get_by_text("These figures add up to more than 100%")).to_be_visible()
    admin_scan(admin, axe_check)  # the page with its error
    admin.get_by_role("spinbutton", name="Disabled: day-to-day activities limited a lot").fill(
        "8.1"
    )
    admin.get_by_role("button", name="Save figures").click()
    expect(admin.get_by_text("Benchmark figures saved.")).to_be_visible()
    expect(admin.locator("#table-disability ~ table").first).to_contain_text("8.1%")
    leeds = EqualityBenchmark.objects.filter(area="Leeds (Census 2021)")
    assert sorted(leeds.values_list("category", "percent")) == [
        ("a_lot", Decimal("8.1")),
        ("no_condition", Decimal("75.4")),
    ]
    # One figure at a time, from Snippets: the answer is a list, not a typed code.
    admin.goto(live_server.url + "/admin/snippets/members/equalitybenchmark/add/")
    expect(admin.get_by_role("combobox", name="Answer")).to_be_visible()
    admin_scan(admin, axe_check)
    # Two staff pages no other journey reaches: a member record and phone and post.
    admin.goto(live_server.url + f"/admin/members/{member.pk}/")
    expect(admin.get_by_text("Who has looked at this record")).to_be_visible()
    admin_scan(admin, axe_check)
    admin.goto(live_server.url + "/admin/phone-and-post/")
    expect(admin.get_by_text("No one to ask.")).to_be_visible()
    admin_scan(admin, axe_check)
    assert len(axe_check.scanned) == 14
