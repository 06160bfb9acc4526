"""A course's page: what CoursePage.get_context adds for its template.

Its sessions still to come with the places left, and for the person signed in their own
bookings (booked, or where they stand on the waiting list) with "add to calendar" links.
A fixed number of queries whatever the number of sessions. An online session's joining
link is given only to the people booked on it (a public link invites anyone in); the
page that visitors who are not signed in get is cached whole (home.page_cache), and
shows no link, so the services say when the places left change
(public_pages_changed)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from home.calendar import google_calendar_url, outlook_calendar_url
from training.models.bookings import Booking
from training.models.sessions import CourseSession
from training.services.bookings import course_is_for


def course_context(course, request) -> dict:
    user = request.user
    now = timezone.now()
    sessions = list(
        CourseSession.objects.filter(course=course)
        .not_cancelled()
        .upcoming(now)
        .annotate(
            booked_count=Count("bookings", filter=Q(bookings__status=Booking.Status.BOOKED)),
            waiting_count=Count("bookings", filter=Q(bookings__status=Booking.Status.WAITING)),
        )
    )
    mine = {}
    if user.is_authenticated and sessions:
        mine = {
            booking.session_id: booking
            for booking in Booking.objects.current()
            .filter(person=user, session__in=[s.pk for s in sessions])
            .with_waiting_position()
        }
    may_book = course_is_for(course=course, person=user)
    url = course.get_full_url(request) or ""
    rows = []
    for session in sessions:
        session.course = course
        booking = mine.get(session.pk)
        row = {
            "session": session,
            "places_left": max(session.capacity - session.booked_count, 0),
            "booking": booking,
            "closed": session.booking_deadline is not None
            and session.booking_deadline < now
            or session.starts_at <= now,
            "book_url": reverse("training:book", args=[session.pk]),
        }
        if booking is not None:
            booking.session = session
            booking.person = user
            row["cancel_url"] = reverse("training:booking_cancel", args=[booking.pk])
            if booking.status == Booking.Status.BOOKED:
                event = booking.calendar_event(url=url)
                row |= {
                    "joining_link": session.joining_link
                    if session.mode == CourseSession.Mode.ONLINE
                    else "",
                    "ics_url": reverse("training:booking_calendar", args=[booking.pk]),
                    "google_url": google_calendar_url(event),
                    "outlook_url": outlook_calendar_url(event),
                    "outlook_work_url": outlook_calendar_url(event, work_account=True),
                }
        rows.append(row)
    # A course given over several sessions: people book one date of each part.
    parts = len({row["session"].part for row in rows if row["session"].is_required})
    return {
        "sessions": rows,
        "parts": parts if parts > 1 else 0,
        "may_book": may_book,
        "skills": list(course.skills.all()),
        "prerequisites": list(course.prerequisites.live().order_by("title")),
    }
