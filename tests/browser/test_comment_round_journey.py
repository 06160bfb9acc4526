"""A written comment round from a researcher's request to the collated comments, in a
real browser (issue 17): staff make the round from the request, add its paper and open
it; two members of the group say they will comment, one saves a draft first, both send;
staff close it; the researcher reads the two comments collated, without names. Every
page on the way is scanned with axe-core (WCAG 2.2 A and AA)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.admin_helpers import admin_scan, sign_in_to_the_admin, staff_with_authenticator


def _sign_in(page, live_server, email):
    from members.factories import DEFAULT_PASSWORD

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/account/$"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_comment_round_is_collated_for_the_researcher(
    live_server, browser, axe_check, baseline, tmp_path, settings
):
    from home.demo_content import demo_pages_create
    from members.factories import ResearcherFactory
    from opportunities.factories import TINY_PDF, ResearchRequestFactory
    from opportunities.models import CommentRound
    from opportunities.models.research_requests import Route
    from tests.opportunities.comment_round_world import active_member, demo_group

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    demo_pages_create()
    group = demo_group()
    active_member(group, email="ama@example.org", name="Ama Boateng")
    active_member(group, email="bo@example.org", name="Bo Lindqvist")
    researcher = ResearcherFactory(email="dr.lee@example.org", name="Dr Lee")
    request = ResearchRequestFactory(
        researcher=researcher, route=Route.COMMENTS, group=group, project_title="Leaflet study"
    )
    staff, secret = staff_with_authenticator()
    leaflet = tmp_path / "leaflet.pdf"
    leaflet.write_bytes(TINY_PDF)

    # 1. Staff make the round from the request, add its paper and open it.
    admin = browser.new_page()
    sign_in_to_the_admin(admin, live_server, axe_check, secret)
    admin.get_by_role("link", name="Comment rounds").first.click()
    expect(admin.get_by_role("heading", level=1)).to_have_text(re.compile("Comment rounds"))
    admin_scan(admin, axe_check)
    admin.goto(f"{live_server.url}/admin/comment-rounds/new/?request={request.pk}")
    admin_scan(admin, axe_check)
    expect(admin.get_by_label("Title")).to_have_value("Leaflet study")
    admin.get_by_label("What members are asked").fill(
        "Is our leaflet clear? What would you change?"
    )
    admin.get_by_label("Comments close").fill("2099-01-15T17:00")
    admin.get_by_role("button", name="Save the round").click()
    expect(admin).to_have_url(re.compile(r"/admin/comment-rounds/\d+/$"))
    admin_scan(admin, axe_check)
    admin.locator("#id_paper-title").fill("Participant leaflet")
    admin.locator("input[type=file]").set_input_files(str(leaflet))
    admin.get_by_role("button", name="Add the paper").click()
    expect(admin.get_by_text("Paper added.")).to_be_visible()
    admin.get_by_role("button", name="Open it to the group").click()
    expect(admin.get_by_text("The round is open")).to_be_visible()
    admin_scan(admin, axe_check)
    comment_round = CommentRound.objects.get(title="Leaflet study")

    # 2. Two members of the group find it on their account page and comment.
    for email, words in (
        ("ama@example.org", "The second page is hard to follow."),
        ("bo@example.org", "Say how long the study lasts."),
    ):
        member = browser.new_page()
        _sign_in(member, live_server, email)
        expect(member.get_by_role("heading", name="Comments wanted from you")).to_be_visible()
        member.get_by_role("link", name="Leaflet study").click()
        expect(member.get_by_role("heading", level=1)).to_have_text("Leaflet study")
        expect(member.get_by_text("Participant leaflet")).to_be_visible()
        axe_check(member)
        member.get_by_role("button", name="I will comment").click()
        axe_check(member)
        member.get_by_label("Your comments").fill("A first go")
        member.get_by_role("button", name="Save as draft").click()
        expect(member.get_by_text("Your draft has been saved")).to_be_visible()
        axe_check(member)
        member.get_by_label("Your comments").fill(words)
        member.get_by_label(re.compile("About how long it took you")).fill("20")
        member.get_by_role("button", name="Send your comments").click()
        expect(member.get_by_text("Your comments have been sent")).to_be_visible()
        # While it is open and not shared, nobody else's comments are shown.
        expect(member.get_by_text("Everyone's comments")).to_have_count(0)
        axe_check(member)
        member.close()

    # 3. Staff close it now; the researcher reads the comments collated.
    admin.reload()
    admin.get_by_role("button", name="Close it now").click()
    expect(admin.get_by_text("The round is closed")).to_be_visible()
    admin_scan(admin, axe_check)
    reader = browser.new_page()
    _sign_in(reader, live_server, "dr.lee@example.org")
    reader.goto(f"{live_server.url}/comments/{comment_round.pk}/collated/")
    expect(reader.get_by_role("heading", level=1)).to_have_text("Leaflet study")
    expect(reader.get_by_text("The second page is hard to follow.")).to_be_visible()
    expect(reader.get_by_text("Say how long the study lasts.")).to_be_visible()
    expect(reader.get_by_text("Ama Boateng")).to_have_count(0)
    axe_check(reader)
    assert comment_round.activity_id is not None
