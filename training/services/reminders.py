"""Reminders two days before a session, to each person booked, once
(home.reminders: the outbox's key makes a second run send nothing)."""

import datetime

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from home.reminders import Reminder, RemindersSent, reminder_window, reminders_send
from training.models import Booking, CourseSession
from training.services.bookings import course_url


def training_reminders_send(*, now: datetime.datetime | None = None) -> RemindersSent:
    """Queue "your session is on …" to everyone booked on a session starting within two
    days. Safe to run as often as the beat likes: each person hears once per session
    (and again only if the session moves)."""
    now = now or timezone.now()
    start_after, start_by = reminder_window(now=now)
    sessions = (
        CourseSession.objects.not_cancelled()
        .filter(starts_at__gt=start_after, starts_at__lte=start_by, course__live=True)
        .select_related("course")
        .prefetch_related(
            Prefetch(
                "bookings",
                queryset=Booking.objects.booked().select_related("person"),
                to_attr="booked",
            )
        )
    )
    due = []
    for session in sessions:
        url = course_url(session.course)
        online = session.mode == CourseSession.Mode.ONLINE
        for booking in session.booked:
            due.append(
                Reminder(
                    person=booking.person,
                    about=f"training-session:{session.pk}",
                    starts_at=session.starts_at,
                    ends_at=session.ends_at,
                    context={
                        "title": session.course.title,
                        "location": session.location(),
                        "joining_link": session.joining_link if online else "",
                        "access_information": "" if online else session.access_information,
                        "url": url,
                        "cancel_url": settings.SITE_URL
                        + reverse("training:booking_cancel", args=[booking.pk]),
                    },
                )
            )
    return reminders_send(due=due, template="training/email/reminder", now=now)
