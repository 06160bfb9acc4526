"""Staff run a course in a real browser (issue 15): Admin → Training → Courses, add a
session (a mistake first), take the register of a session held yesterday, and cancel
a session. Every page is scanned with axe-core (WCAG 2.2 A and AA)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.admin_helpers import (
    admin_scan,
    sign_in_to_the_admin,
    staff_with_authenticator,
)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_add_a_session_take_the_register_and_cancel_a_session(
    live_server, browser, axe_check, baseline
):
    from home.demo_content import demo_pages_create
    from members.factories import MemberFactory
    from training.factories import course_create, course_session_create
    from training.models import Booking, Completion, CourseSession

    demo_pages_create()
    course = course_create(title="Working together: an induction", is_paid=True)
    held = course_session_create(course=course, days=-1, capacity=4)
    aisha = MemberFactory(email="aisha@example.org", name="Aisha Rahman")
    joan = MemberFactory(email=None, verified=False, name="Joan Price")
    Booking.objects.create(
        session=held, person=aisha, status="booked", access_needs="A seat near the door"
    )
    Booking.objects.create(session=held, person=joan, status="booked")
    coming = course_session_create(course=course, days=20)
    Booking.objects.create(session=coming, person=aisha, status="booked")
    _staff, secret = staff_with_authenticator()

    page = browser.new_page()
    sign_in_to_the_admin(page, live_server, axe_check, secret)
    page.goto(live_server.url + "/admin/training/courses/")
    expect(page.get_by_role("heading", name="Working together: an induction")).to_be_visible()
    admin_scan(page, axe_check)
    page.goto(live_server.url + "/admin/training/sessions/")
    admin_scan(page, axe_check)

    # Add a session: the end before the start first.
    page.goto(live_server.url + "/admin/training/courses/")
    page.get_by_role("link", name=re.compile("Add a session")).click()
    page.get_by_label("Starts").fill("2030-01-15T18:00")
    page.get_by_label("Ends").fill("2030-01-15T17:00")
    page.get_by_label("Online").check()
    page.get_by_label("Joining link").fill("https://meet.example.org/induction")
    page.get_by_role("button", name="Add the session").click()
    expect(page).to_have_title(re.compile("^Error:"))
    admin_scan(page, axe_check)
    page.get_by_label("Ends").fill("2030-01-15T20:00")
    page.get_by_role("button", name="Add the session").click()
    expect(page).to_have_url(re.compile(r"/admin/training/courses/$"))
    admin_scan(page, axe_check)
    assert CourseSession.objects.filter(course=course).count() == 3

    # The register of yesterday's session: Aisha attended, Joan did not.
    page.goto(live_server.url + f"/admin/training/sessions/{held.pk}/register/")
    expect(page.get_by_text("A seat near the door")).to_be_visible()
    admin_scan(page, axe_check)
    page.get_by_role("group", name="Did Aisha Rahman attend?").get_by_label("Attended").check()
    page.get_by_role("group", name="Did Joan Price attend?").get_by_label("Did not attend").check()
    page.get_by_role("button", name="Save the register").click()
    expect(page.get_by_text("Register saved: 2 changes.")).to_be_visible()
    admin_scan(page, axe_check)

    # Cancel the session to come.
    page.goto(live_server.url + f"/admin/training/sessions/{coming.pk}/cancel/")
    admin_scan(page, axe_check)
    page.get_by_role("button", name="Cancel the session").click()
    expect(page).to_have_title(re.compile("^Error:"))
    admin_scan(page, axe_check)
    page.get_by_label("Why it is cancelled").fill("The trainer is unwell.")
    page.get_by_role("button", name="Cancel the session").click()
    expect(page.get_by_text("1 person has been emailed.")).to_be_visible()
    admin_scan(page, axe_check)

    coming.refresh_from_db()
    assert coming.is_cancelled
    # Sessions still needed (the one added): nobody has completed the course yet.
    assert not Completion.objects.filter(course=course).exists()
    assert len(axe_check.scanned) >= 10
