"""A course from finding it to a certificate anyone can check, in a real browser (issue
15): a member finds the induction and books its last place; a second member joins the
waiting list; the first cancels and the second is given the place by email; staff take
the register; the second member sees the course completed, the skill and the
certificate, lets people check it, and its public page confirms it; the shortlist of an
opportunity shows "Induction not done" beside an applicant who has not done it. Every
page on the way is scanned with axe-core (WCAG 2.2 A and AA)."""

import datetime
import re

import pytest
from django.core import mail
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
def test_from_finding_a_course_to_a_checked_certificate(live_server, browser, axe_check, baseline):
    from home.demo_content import demo_pages_create
    from members.factories import MemberFactory
    from members.models import Skill
    from opportunities.factories import opportunity_create
    from opportunities.services.applications import application_submit
    from reciprocity.models import SkillGained
    from tests.training.helpers import training_settings_set
    from training.factories import course_create, course_session_create
    from training.models import Booking, CourseSession
    from training.services.bookings import booking_make

    demo_pages_create()
    speaking_up, _created = Skill.objects.get_or_create(name="Speaking up in meetings")
    induction = course_create(
        title="Welcome to the reference group",
        summary="How the group works, what to expect, and how we work together.",
        skills=[speaking_up],
    )
    course_create(
        title="Working with the public in research", for_members=False, for_researchers=True
    )
    session = course_session_create(course=induction, days=10, capacity=2)
    booking_make(session=session, person=MemberFactory(name="Priya Shah"))
    training_settings_set(member_induction=induction)
    ama = MemberFactory(email="ama@example.org", name="Ama Boateng")
    bo = MemberFactory(email="bo@example.org", name="Bo Lindqvist")
    cy = MemberFactory(email="cy@example.org", name="Cy Ó Súilleabháin")
    opportunity = opportunity_create(title="Review a leaflet on check-ups")
    for person in (bo, cy):
        application_submit(member=person, opportunity=opportunity, statement="I can help.")

    # 1. Ama finds the induction through the site's navigation and a filter.
    first = browser.new_page()
    _sign_in(first, live_server, "ama@example.org")
    first.get_by_role("link", name="Training", exact=True).first.click()
    expect(first.get_by_role("heading", level=1)).to_have_text("Training and learning")
    axe_check(first)
    first.get_by_label("Who it is for").select_option("members")
    first.get_by_role("button", name=re.compile("Apply filters|Show courses|Filter")).click()
    expect(first.get_by_role("link", name="Working with the public in research")).to_have_count(0)
    axe_check(first)
    first.get_by_role("link", name="Welcome to the reference group").click()
    expect(first.get_by_text("1 place left")).to_be_visible()
    axe_check(first)

    # 2. She books its last place: one question, then check your answers.
    first.get_by_role("link", name=re.compile("^Book a place")).click()
    axe_check(first)
    first.get_by_label("What would help you take part in this session?").fill(
        "Slides sent the day before"
    )
    first.get_by_role("button", name="Continue").click()
    expect(first.get_by_text("Slides sent the day before")).to_be_visible()
    axe_check(first)
    first.get_by_role("button", name="Book my place").click()
    expect(first.get_by_text("We have emailed you to confirm")).to_be_visible()
    axe_check(first)
    confirmation = next(m for m in mail.outbox if m.to == ["ama@example.org"])
    assert confirmation.attachments, "the confirmation carries the calendar file"

    # 3. Bo finds it full and joins the waiting list.
    second = browser.new_context().new_page()
    _sign_in(second, live_server, "bo@example.org")
    second.goto(live_server.url + induction.url)
    expect(second.get_by_text("Full: you can join the waiting list")).to_be_visible()
    second.get_by_role("link", name=re.compile("^Join the waiting list")).click()
    axe_check(second)
    second.get_by_role("button", name="Continue").click()
    second.get_by_role("button", name="Join the waiting list").click()
    expect(second.get_by_text(re.compile("number 1 on the waiting list"))).to_be_visible()
    axe_check(second)

    # 4. Ama cancels from her account; the place is given to Bo, by email.
    mail.outbox.clear()
    first.goto(live_server.url + "/account/")
    axe_check(first)
    first.get_by_role("link", name="Welcome to the reference group").first.click()
    first.get_by_role("link", name=re.compile("^Cancel")).first.click()
    axe_check(first)
    first.get_by_role("button", name="Cancel my booking").click()
    expect(first.get_by_text("Your booking is cancelled.")).to_be_visible()
    axe_check(first)
    given = [m for m in mail.outbox if m.to == ["bo@example.org"]]
    assert len(given) == 1 and "place" in given[0].subject.lower()
    assert Booking.objects.get(person=bo, session=session).status == Booking.Status.BOOKED
    assert Booking.objects.get(person=ama, session=session).status == Booking.Status.CANCELLED

    # 5. The session takes place (yesterday), and staff take its register.
    start = session.starts_at - datetime.timedelta(days=11)
    CourseSession.objects.filter(pk=session.pk).update(
        starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    _staff, secret = staff_with_authenticator()
    staff = browser.new_context().new_page()
    sign_in_to_the_admin(staff, live_server, axe_check, secret)
    staff.get_by_role("navigation", name="Main menu").get_by_role("button", name="Training").click()
    staff.get_by_role("navigation", name="Main menu").get_by_role("link", name="Courses").click()
    admin_scan(staff, axe_check)
    staff.goto(live_server.url + f"/admin/training/sessions/{session.pk}/register/")
    admin_scan(staff, axe_check)
    staff.get_by_role("group", name="Did Bo Lindqvist attend?").get_by_label("Attended").check()
    staff.get_by_role("group", name="Did Priya Shah attend?").get_by_label("Did not attend").check()
    staff.get_by_role("button", name="Save the register").click()
    expect(staff.get_by_text(re.compile("Register saved"))).to_be_visible()
    admin_scan(staff, axe_check)

    # 6. Bo sees the course completed, the skill and the certificate, and lets people
    # check it.
    assert SkillGained.objects.filter(member=bo, skill=speaking_up).exists()
    second.goto(live_server.url + "/account/")
    expect(second.get_by_role("heading", name="Courses you have completed")).to_be_visible()
    axe_check(second)
    second.get_by_role("link", name=re.compile("your certificate")).click()
    expect(second.get_by_text("Speaking up in meetings")).to_be_visible()
    expect(second.get_by_text("Bo Lindqvist")).to_be_visible()
    axe_check(second)
    second.get_by_label("Yes, let people with the code check it").check()
    second.get_by_role("button", name="Save your choice").click()
    axe_check(second)
    code = bo.training_completions.get().certificate_code

    # 7. Anyone with the code can check it: typed in, with or without its dashes.
    visitor = browser.new_context().new_page()
    visitor.goto(live_server.url + "/certificates/")
    axe_check(visitor)
    visitor.get_by_label("Verification code").fill(code.replace("-", "").lower())
    visitor.get_by_role("button", name=re.compile("Check")).click()
    expect(visitor.get_by_text("Welcome to the reference group")).to_be_visible()
    expect(visitor.get_by_text("Bo Lindqvist")).to_be_visible()
    axe_check(visitor)

    # 8. On the shortlist, Cy (no induction) is flagged and Bo (done) is not.
    staff.goto(live_server.url + f"/admin/shortlists/{opportunity.pk}/")
    expect(staff.get_by_role("row", name=re.compile("Cy Ó Súilleabháin"))).to_contain_text(
        "Induction not done"
    )
    expect(staff.get_by_role("row", name=re.compile("Bo Lindqvist"))).not_to_contain_text(
        "Induction not done"
    )
    admin_scan(staff, axe_check)
