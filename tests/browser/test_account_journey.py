"""A new member's first visit, in a real browser: sign up, enter the emailed code (which
signs them in), answer the profile questions, check the answers, join an open reference
group, see it on their account, change an answer, sign out. Every page on the way is scanned with
axe-core (WCAG 2.2 A and AA)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

PASSWORD = "a-long-enough-passphrase"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_sign_up_verify_sign_in_and_sign_out(live_server, page, axe_check, baseline):
    from home.demo_content import demo_pages_create
    from members.demo_content import demo_groups_create

    demo_pages_create()
    demo_groups_create()
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Have your say in health and care research"
    )
    axe_check(page)

    # Keyboard first: the skip link is the first thing a Tab reaches.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()

    page.get_by_role("link", name="Create an account").click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))
    axe_check(page)

    # A mistake first: the page comes back with an error summary and the answers kept.
    page.get_by_label("Full name").fill("Zoë O'Brien")
    page.get_by_label("Email address").fill("zoe@example.org")
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label("Full name")).to_have_value("Zoë O'Brien")
    axe_check(page)

    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    axe_check(page)

    # The code from the email confirms the address and signs Zoë in: no second sign-in.
    assert len(mail.outbox) == 1
    code = re.search(r"^([A-Z]{4}-[A-Z]{4})$", mail.outbox[0].body, re.M).group(1)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Confirm email address").click()
    expect(page).to_have_url(re.compile(r"/account/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.get_by_text("Zoë O'Brien", exact=True)).to_be_visible()
    axe_check(page)

    # The profile questions, one page each.
    page.get_by_role("link", name="Tell us about yourself").click()
    page.get_by_label("What would you like us to call you?").fill("Zoë")
    axe_check(page)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Carer", exact=True).check()
    axe_check(page)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Interviewing").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("By phone").check()
    page.get_by_label("I take part from home only").check()
    axe_check(page)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Large print").check()
    axe_check(page)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()  # nothing chosen: an error
    expect(page).to_have_title(re.compile(r"^Error: "))
    axe_check(page)
    page.get_by_label("Vouchers instead of money").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Each time there is a new opportunity for me").check()
    axe_check(page)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    axe_check(page)
    page.get_by_role("button", name="Save my profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile is saved")
    axe_check(page)
    page.get_by_role("link", name="Go to your account").click()

    # The main navigation names it "Reference groups" (issue 14, item 6).
    page.get_by_role("navigation").get_by_role("link", name="Reference groups", exact=True).click()
    axe_check(page)
    page.get_by_role("link", name="Living with diabetes").click()
    axe_check(page)
    page.get_by_role("link", name="Join this group").click()
    axe_check(page)
    page.get_by_label("I agree to the ground rules of this group").check()
    page.get_by_role("button", name="Join the group").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You have joined Living with diabetes"
    )
    axe_check(page)
    page.get_by_role("link", name="Go to your account").click()
    expect(page.get_by_role("link", name="Living with diabetes", exact=True)).to_be_visible()

    # The group changes its ground rules: the member is asked to agree again.
    from members.models import ReferenceGroupPage

    group = ReferenceGroupPage.objects.get(slug="living-with-diabetes")
    group.ground_rules = [("rule", "Cameras on when you can.")]
    group.save_revision().publish()
    page.reload()
    page.get_by_role(
        "link", name="Read and agree to the new ground rules of Living with diabetes"
    ).click()
    expect(page.get_by_text("Cameras on when you can.")).to_be_visible()
    axe_check(page)
    page.get_by_label("I agree to the ground rules of this group").check()
    page.get_by_role("button", name="Agree to the new ground rules").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")

    # Change one answer from the profile summary.
    page.get_by_role("link", name="See or change your profile").click()
    page.get_by_role("link", name="Change payment").click()
    page.get_by_label("Be paid for my time").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    expect(page.get_by_text("Be paid for my time")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Back to your account").click()

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    axe_check(page)

    assert len(axe_check.scanned) == 20  # the link's two pages are one code page now


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_researcher_waiting_for_approval_sees_why(live_server, page, axe_check, baseline):
    from members.factories import DEFAULT_PASSWORD, UserFactory
    from members.models import User

    UserFactory(
        email="rita@somewhere.ac.uk",
        researcher_request=User.ResearcherRequest.PENDING,
        researcher_organisation="University of Somewhere",
    )
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email address").fill("rita@somewhere.ac.uk")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_text("Your researcher account is waiting for approval")).to_be_visible()
    axe_check(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_members_other_pages_pass_the_scan_too(
    live_server, page, axe_check, baseline, monkeypatch
):
    """Manage a membership (with a pause error), the leave check, a closed group, the
    contact page, the error pages a member can meet, and their data page (download,
    and the erasure check with a wrong password)."""
    from home.demo_content import demo_pages_create
    from members.demo_content import demo_groups_create
    from members.factories import DEFAULT_PASSWORD, MemberFactory

    demo_pages_create()
    member = MemberFactory(email="member@example.org")
    groups = {g.slug: g for g in demo_groups_create(member=member)}
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email address").fill("member@example.org")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_role("link", name="Renew, pause or leave Carers' voice").click()
    axe_check(page)
    page.get_by_label("Pause until").fill("1/1/2020")
    page.get_by_role("button", name="Pause my membership").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    axe_check(page)
    page.get_by_role("link", name="Leave Carers' voice").click()
    axe_check(page)
    page.goto(live_server.url + groups["stroke-recovery-group"].url)
    expect(page.get_by_text("This group is not taking new members at the moment.")).to_be_visible()
    axe_check(page)
    page.goto(live_server.url + f"/groups/{groups['stroke-recovery-group'].pk}/join/")
    axe_check(page)
    page.goto(live_server.url + "/contact/")
    axe_check(page)
    page.goto(live_server.url + "/no-such-page/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    axe_check(page)
    page.goto(live_server.url + "/admin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have access to this page")
    axe_check(page)
    # Your data: download, and the erasure check with a wrong password.
    page.goto(live_server.url + "/account/")
    page.get_by_role("link", name="Download your data or delete your account").click()
    axe_check(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download your data").click()
    assert download.value.suggested_filename.startswith("your-data-")
    page.get_by_role("link", name="Delete your account").click()
    page.get_by_label("Your password").fill("not-my-password")
    page.get_by_role("button", name="Delete my account").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    axe_check(page)
    # Where you are signed in (allauth's sessions page, in our words).
    page.goto(live_server.url + "/account/")
    page.get_by_role("link", name="Manage where you are signed in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Where you are signed in")
    axe_check(page)
    # Equality monitoring: why we ask, the longest question page, check your answers.
    page.goto(live_server.url + "/account/")
    page.get_by_role("link", name="help us see who is missing from research").click()
    axe_check(page)
    page.goto(live_server.url + "/equality/ethnicity/")
    page.get_by_label("Any other Black, Black British or Caribbean background").check()
    axe_check(page)
    page.get_by_role("button", name="Continue").click()
    page.goto(live_server.url + "/equality/check/")
    axe_check(page)
    # Signing out while the shared cache is down (config/middleware.py): the plain
    # "try again" page. The live server runs in this process, so the patch reaches it.
    monkeypatch.setattr("config.middleware.cache_unavailable", lambda: True)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sorry, signing in is not working at the moment"
    )
    axe_check(page)
    assert len(axe_check.scanned) == 15


@pytest.mark.browser
def test_the_axe_scan_does_find_problems(page):
    # Guards the journey above: an unlabelled field and a tiny target must be reported.
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.conftest import AXE_OPTIONS

    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main>'
        '<input type="text"><a href="#a" style="font-size:4px;display:inline-block;'
        'width:8px;height:8px">x</a> <a href="#b" style="display:inline-block;width:8px;'
        'height:8px;font-size:4px">y</a></main></body></html>'
    )
    ids = {v["id"] for v in Axe().run(page, options=AXE_OPTIONS).response["violations"]}
    assert "label" in ids
    assert "target-size" in ids
