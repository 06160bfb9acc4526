"""A group meeting from a member's side, in a real browser (issue 17): a member finds
the next meeting on the group page, opens it, sends the reply without an answer (the
error), says they will come with what they need (the question beneath "I will come"),
then reads the notes shared with those who came and suggests a correction. Every page
is scanned with axe (WCAG 2.2 A and AA, and the `region` rule)."""

import re

import pytest
from playwright.sync_api import expect


def _sign_in(page, live_server, email):
    from members.factories import DEFAULT_PASSWORD

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/account/$"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_member_replies_to_a_meeting_and_corrects_the_notes(
    live_server, browser, axe_check, baseline, settings, tmp_path
):
    from home.demo_content import demo_pages_create
    from members.demo_content import demo_groups_create
    from opportunities.factories import AgendaItemFactory, meeting_create, paper_create
    from opportunities.models import MeetingNotes, MeetingReply, NotesCorrection
    from tests.opportunities.meetings_member_helpers import attended, join, move_to_past

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    demo_pages_create()
    group = demo_groups_create()[0]
    ama = join(group, email="ama@example.org", name="Ama Boateng")
    meeting = meeting_create(
        group=group, title="Winter meeting", access_information="Live captions."
    )
    item = AgendaItemFactory(meeting=meeting, title="The new leaflet")
    leaflet = paper_create(agenda_item=item, title="Draft leaflet")
    paper_create(agenda_item=item, title="Draft leaflet", version="easy_read", version_of=leaflet)
    held = move_to_past(meeting_create(group=group, title="Autumn meeting"))
    attended(held, ama)
    MeetingNotes.objects.create(
        meeting=held, text="We looked at the leaflet.", status=MeetingNotes.Status.SHARED
    )

    page = browser.new_page()
    _sign_in(page, live_server, "ama@example.org")
    expect(page.get_by_role("heading", name="Your group meetings")).to_be_visible()
    axe_check(page)

    page.goto(live_server.url + group.url)
    expect(page.get_by_role("heading", name="Upcoming meetings")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Winter meeting").click()
    expect(page.get_by_role("heading", level=1, name="Winter meeting")).to_be_visible()
    axe_check(page)

    page.get_by_role("button", name="Send your reply").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    axe_check(page)
    page.get_by_label("I will come").check()
    needs = page.get_by_label("Is there anything you need to take part in this meeting?")
    expect(needs).to_be_visible()
    needs.fill("A hearing loop")
    axe_check(page)
    page.get_by_role("button", name="Send your reply").click()
    expect(page.get_by_text("Thank you: you said you will come.")).to_be_visible()
    axe_check(page)
    assert MeetingReply.objects.get(member=ama, meeting=meeting).answer == "coming"

    page.goto(f"{live_server.url}/meetings/{held.pk}/")
    expect(page.get_by_text("We looked at the leaflet.")).to_be_visible()
    page.get_by_role("button", name="Send your correction").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    axe_check(page)
    page.get_by_label("Suggest a correction").fill("I said the print was too small.")
    page.get_by_role("button", name="Send your correction").click()
    expect(page.get_by_text("I said the print was too small.")).to_be_visible()
    axe_check(page)
    assert NotesCorrection.objects.filter(member=ama).count() == 1
