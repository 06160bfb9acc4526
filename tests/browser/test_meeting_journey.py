"""A researcher asks a reference group, in a real browser (issue 17): the researcher
asks for a slot at a group's meeting; staff put it on the agenda of the group's next
meeting; two members see it and say they will come (one of them first sends the reply
without an answer, then says what she needs beneath "I will come"); after the meeting
staff take the register and send the group's feedback; the researcher reads it and
answers "you said, we did"; a member who came reads the answer, and staff generate the
meeting's payments at the rate card. Every page on the way is scanned with axe-core
(WCAG 2.2 A and AA). The comment round's journey is test_comment_round_journey.py."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
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
def test_a_researcher_asks_the_group_at_its_meeting_and_hears_back(  # noqa: PLR0915 (one journey)
    live_server, browser, axe_check, baseline, settings, tmp_path
):
    from home.demo_content import demo_pages_create
    from members.demo_content import demo_groups_create
    from members.factories import ResearcherFactory
    from opportunities.factories import meeting_create
    from opportunities.models import AgendaItem, MeetingReply, ResearchRequest
    from reciprocity.factories import rate_card_example
    from reciprocity.models import Payment
    from tests.opportunities.meetings_member_helpers import join, move_to_past

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    demo_pages_create()
    rate_card_example()
    group = demo_groups_create()[0]
    ama = join(group, email="ama@example.org", name="Ama Boateng")
    bo = join(group, email="bo@example.org", name="Bo Lindqvist")
    ResearcherFactory(email="dr.lee@example.org", name="Dr Lee")
    meeting = meeting_create(group=group, days=20, title="Spring meeting")
    _staff, secret = staff_with_authenticator()

    # 1. The researcher asks for a slot at the group's meeting.
    researcher = browser.new_page()
    _sign_in(researcher, live_server, "dr.lee@example.org")
    researcher.goto(live_server.url + "/requests/new/")
    axe_check(researcher)
    researcher.get_by_label("A slot at a reference group's meeting").check()
    researcher.get_by_label("Which group's meeting?").select_option(label=group.title)
    researcher.get_by_label("How long do you need at the meeting, in minutes?").fill("30")
    axe_check(researcher)
    researcher.get_by_role("button", name="Continue").click()
    researcher.get_by_label("Project title").fill("Choosing a glucose meter")
    researcher.get_by_label("What is the project about?").fill(
        "Which features matter most to people choosing a meter, and why."
    )
    researcher.get_by_role("button", name="Continue").click()
    researcher.get_by_label("Designing the research").check()
    researcher.get_by_role("button", name="Continue").click()
    by = timezone.localdate() + datetime.timedelta(days=40)
    researcher.get_by_label("By when do you need the group's input?").fill(f"{by:%d/%m/%Y}")
    researcher.get_by_role("button", name="Continue").click()
    researcher.get_by_label("Our organisation's payment rates").check()
    researcher.get_by_role("button", name="Continue").click()
    expect(researcher.get_by_text("A slot at a reference group's meeting")).to_be_visible()
    axe_check(researcher)
    researcher.get_by_role("button", name="Send the request").click()
    axe_check(researcher)
    slot_request = ResearchRequest.objects.get(project_title="Choosing a glucose meter")
    assert slot_request.route == "meeting_slot" and slot_request.group_id == group.pk

    # 2. Staff put it on the agenda of the group's next meeting; the researcher is told.
    staff = browser.new_page()
    sign_in_to_the_admin(staff, live_server, axe_check, secret)
    staff.get_by_role("link", name="Group meetings").first.click()
    admin_scan(staff, axe_check)
    staff.goto(f"{live_server.url}/admin/meetings/group/{group.pk}/")
    admin_scan(staff, axe_check)
    staff.get_by_role("row", name=re.compile("Spring meeting")).get_by_role(
        "link", name=meeting.when
    ).click()
    expect(staff.get_by_role("heading", name="Requests waiting for a slot")).to_be_visible()
    admin_scan(staff, axe_check)
    staff.get_by_role("link", name=re.compile("Add to this meeting's agenda")).click()
    expect(staff.get_by_label("How long, in minutes")).to_have_value("30")
    staff.get_by_label("What the researcher should send").fill(
        "A one-page summary and three questions for the group."
    )
    admin_scan(staff, axe_check)
    mail.outbox.clear()
    staff.get_by_role("button", name="Add to the agenda and email the researcher").click()
    admin_scan(staff, axe_check)
    item = AgendaItem.objects.get(meeting=meeting, request=slot_request)
    assert [m.to for m in mail.outbox] == [["dr.lee@example.org"]]
    assert "30 minutes" in mail.outbox[0].body

    # 3. Two members of the group see it on the agenda and say they will come.
    for email in ("ama@example.org", "bo@example.org"):
        member = browser.new_page()
        _sign_in(member, live_server, email)
        member.goto(live_server.url + group.url)
        expect(member.get_by_role("heading", name="Upcoming meetings")).to_be_visible()
        member.get_by_role("link", name="Spring meeting").click()
        expect(member.get_by_text("Choosing a glucose meter").first).to_be_visible()
        axe_check(member)
        if email == "ama@example.org":
            member.get_by_role("button", name="Send your reply").click()
            expect(member).to_have_title(re.compile(r"^Error: "))
            axe_check(member)
        member.get_by_label("I will come").check()
        if email == "ama@example.org":
            member.get_by_label("Is there anything you need to take part in this meeting?").fill(
                "A hearing loop"
            )
        member.get_by_role("button", name="Send your reply").click()
        expect(member.get_by_text("Thank you: you said you will come.")).to_be_visible()
        axe_check(member)
        member.close()
    assert MeetingReply.objects.filter(meeting=meeting, answer="coming").count() == 2

    # 4. The meeting is held: staff take the register and send the group's feedback.
    move_to_past(meeting)
    staff.goto(f"{live_server.url}/admin/meetings/{meeting.pk}/register/")
    admin_scan(staff, axe_check)
    for person in (ama, bo):
        staff.get_by_role("group", name=person.name).get_by_label("Attended").check()
    staff.get_by_role("button", name="Save the register").click()
    admin_scan(staff, axe_check)
    meeting.refresh_from_db()
    assert meeting.activity.involvements.filter(attended=True).count() == 2

    staff.goto(f"{live_server.url}/admin/meetings/agenda/{item.pk}/feedback/")
    staff.get_by_label("The group's feedback to the researcher").fill(
        "Most want a meter with a large screen and a light; cost worries everyone."
    )
    admin_scan(staff, axe_check)
    staff.get_by_role("button", name="Continue").click()
    admin_scan(staff, axe_check)
    mail.outbox.clear()
    staff.get_by_role("button", name="Send to the researcher").click()
    admin_scan(staff, axe_check)
    assert [m.to for m in mail.outbox] == [["dr.lee@example.org"]]

    # 5. The researcher reads the feedback and answers "you said, we did".
    researcher.goto(f"{live_server.url}/requests/{slot_request.pk}/")
    expect(researcher.get_by_text("a large screen and a light", exact=False)).to_be_visible()
    axe_check(researcher)
    researcher.get_by_label("What changed because of the members' input?").fill(
        "We added screen size and a backlight to the features we test."
    )
    mail.outbox.clear()
    researcher.get_by_role("button", name="Tell the members").click()
    expect(
        researcher.get_by_text("The members who came to the meeting have been told.", exact=True)
    ).to_be_visible()
    axe_check(researcher)
    assert sorted(m.to[0] for m in mail.outbox) == ["ama@example.org", "bo@example.org"]

    # 6. A member who came reads the answer; staff generate the meeting's payments.
    member = browser.new_page()
    _sign_in(member, live_server, "ama@example.org")
    member.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    expect(member.get_by_role("heading", name="You said, we did")).to_be_visible()
    expect(member.get_by_text("screen size and a backlight", exact=False)).to_be_visible()
    axe_check(member)

    staff.goto(f"{live_server.url}/admin/payments/generate/")
    staff.get_by_label("Activity").select_option(value=str(meeting.activity_id))
    admin_scan(staff, axe_check)
    staff.get_by_role("button", name="Generate payments").click()
    expect(staff.get_by_text("2 payments made", exact=False)).to_be_visible()
    admin_scan(staff, axe_check)
    paid = Payment.objects.filter(involvement__activity=meeting.activity)
    assert sorted(paid.values_list("member__email", flat=True)) == [
        "ama@example.org",
        "bo@example.org",
    ]
    assert all(payment.amount > 0 for payment in paid)
