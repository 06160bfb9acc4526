"""Reads for the staff screens: courses with their sessions and numbers, the sessions
to come, and a session's register. Each is a fixed number of queries, however many
courses, sessions or bookings there are."""

from django.db.models import Count, Prefetch, Q, QuerySet

from training.models import Booking, CoursePage, CourseSession


def sessions_with_numbers() -> QuerySet:
    """Sessions with `booked`, `waiting` and `attended` counted in the same query."""
    return CourseSession.objects.annotate(
        booked=Count("bookings", filter=Q(bookings__status=Booking.Status.BOOKED)),
        waiting=Count("bookings", filter=Q(bookings__status=Booking.Status.WAITING)),
        attended=Count(
            "bookings",
            filter=Q(
                bookings__status=Booking.Status.BOOKED,
                bookings__attendance=Booking.Attendance.ATTENDED,
            ),
        ),
    ).order_by("starts_at", "pk")


def courses_with_sessions() -> QuerySet:
    """Every course (drafts too), by title, each with `sessions_listed`: its sessions
    with their numbers (one query for all the courses' sessions)."""
    return (
        CoursePage.objects.all()
        .order_by("title", "pk")
        .prefetch_related(
            Prefetch("sessions", queryset=sessions_with_numbers(), to_attr="sessions_listed")
        )
    )


def sessions_to_come() -> QuerySet:
    """Sessions not over yet, soonest first, with their course and numbers."""
    return sessions_with_numbers().upcoming().select_related("course")


def register_bookings(session: CourseSession) -> list[Booking]:
    """Everyone with a place, by name, with what staff need to reach those without
    email (the profile's phone and address)."""
    return list(
        session.bookings.booked()
        .select_related("person__profile")
        .order_by("person__name", "person__email", "pk")
    )


def register_bookings_and_waiting(session: CourseSession) -> tuple[list[Booking], list[Booking]]:
    """The register's screen: everyone with a place, by name, and the waiting list in its
    order, each with the profile that says how to reach them; in one query."""
    current = list(
        session.bookings.current()
        .select_related("person__profile")
        .order_by("person__name", "person__email", "pk")
    )
    booked = [booking for booking in current if booking.status == Booking.Status.BOOKED]
    waiting = sorted(
        (booking for booking in current if booking.status == Booking.Status.WAITING),
        key=lambda booking: (booking.queue_number or 0, booking.pk),
    )
    return booked, waiting


def register_download_bookings(session: CourseSession) -> list[Booking]:
    """The register's download: everyone with a place, by name, then the waiting list
    in its order (staff may phone them when a place comes free)."""
    return register_bookings(session) + list(session.bookings.waiting().select_related("person"))
