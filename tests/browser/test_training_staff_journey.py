"""Staff run a course in a real browser (issue 15): Admin → Training → Courses, add a
session (a mistake first), take the register of a session held yesterday, confirm a
declared completion and revoke another, book a place for someone with no email and
cancel it for them, and cancel a session. Every page is scanned with axe-core (WCAG 2.2
A and AA). One test: each browser test starts a browser and a server (CI has 2 cores)."""

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
def test_staff_run_sessions_registers_completions_and_bookings(
    live_server, browser, axe_check, baseline
):
    from home.demo_content import demo_pages_create
    from members.factories import MemberFactory, StaffFactory
    from training.factories import course_create, course_session_create
    from training.models import Booking, Completion, CourseSession
    from training.services.completions import completion_declare, completion_record

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
    # A full session to come on another course, for booking (and cancelling) for Joan.
    later = course_session_create(course=course_create(title="Plain English"), days=30, capacity=1)
    Booking.objects.create(session=later, person=aisha, status="booked")
    # A self-paced course another member says they finished; a completion to revoke.
    declared = completion_declare(
        person=MemberFactory(name="Ola Nowak"),
        course=course_create(title="Reading research papers", format="self_paced"),
    )
    done = completion_record(
        person=aisha,
        course=course_create(title="Data and you"),
        how="staff",
        by=StaffFactory(email="colleague@example.org"),
    )
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
    page.get_by_role("link", name=re.compile("^Add a session.*Working together")).click()
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

    # Completions: confirm Ola's declaration, then revoke Aisha's completion.
    page.goto(live_server.url + "/admin/training/completions/")
    admin_scan(page, axe_check)
    page.goto(live_server.url + f"/admin/training/completions/{declared.pk}/")
    admin_scan(page, axe_check)
    page.get_by_label("Confirm: they finished the course").check()
    page.get_by_role("button", name="Save and tell the person").click()
    expect(page.get_by_text("Confirmed. The person has been emailed.")).to_be_visible()
    admin_scan(page, axe_check)
    page.goto(live_server.url + f"/admin/training/completions/{done.pk}/revoke/")
    admin_scan(page, axe_check)
    page.get_by_label("Why it is revoked (sent to the person)").fill("Recorded by mistake.")
    page.get_by_role("button", name="Revoke it and tell the person").click()
    expect(page.get_by_text("Revoked. The person has been told why.")).to_be_visible()
    admin_scan(page, axe_check)
    declared.refresh_from_db()
    done.refresh_from_db()
    assert declared.status == Completion.Status.COMPLETED
    assert done.status == Completion.Status.REVOKED

    # Book a place for Joan, who has no email (the session is full: she waits) …
    page.goto(live_server.url + f"/admin/training/sessions/{later.pk}/book/")
    admin_scan(page, axe_check)
    page.get_by_label("Who is the place for?").select_option(label="Joan Price")
    page.get_by_role("button", name="Book the place").click()
    expect(page.get_by_text("Joan Price is on the waiting list")).to_be_visible()
    admin_scan(page, axe_check)
    # … and cancel it for her, from the register's waiting list.
    page.goto(live_server.url + f"/admin/training/sessions/{later.pk}/register/")
    admin_scan(page, axe_check)
    page.get_by_role("link", name="Cancel booking for Joan Price").click()
    expect(page).to_have_url(re.compile(r"/admin/training/bookings/\d+/cancel/$"))
    admin_scan(page, axe_check)
    page.get_by_role("button", name="Cancel the booking").click()
    expect(page.get_by_text("Tell them by phone or post.")).to_be_visible()
    admin_scan(page, axe_check)
    assert Booking.objects.get(session=later, person=joan).status == "cancelled"

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
    # The course has one part, given on several dates: Aisha attended one, so she has
    # completed it; Joan, absent, has not.
    assert list(Completion.objects.filter(course=course).values_list("person", flat=True)) == [
        aisha.pk
    ]
    assert len(axe_check.scanned) >= 10
