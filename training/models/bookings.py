"""Bookings of course sessions: a place, or a place on the waiting list. Written only by
training.services.bookings, which locks the session row so places are never
over-given and waiting-list numbers are unique and in commit order."""

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BookingQuerySet(models.QuerySet):
    def current(self):
        """Booked or waiting: what counts as 'has booked'."""
        return self.exclude(status=Booking.Status.CANCELLED)

    def booked(self):
        return self.filter(status=Booking.Status.BOOKED)

    def waiting(self):
        """The waiting list, longest-waiting first."""
        return self.filter(status=Booking.Status.WAITING).order_by("queue_number")

    def with_waiting_position(self):
        """Each booking's place in its session's queue (`waiting_position`: how many
        wait before them, and them), in one subquery whatever the number of rows."""
        ahead = (
            Booking.objects.filter(
                session=OuterRef("session"),
                status=Booking.Status.WAITING,
                queue_number__lte=OuterRef("queue_number"),
            )
            .order_by()
            .values("session")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(waiting_position=Subquery(ahead))


class Booking(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    class Attendance(models.TextChoices):
        NOT_RECORDED = "", _("Not recorded")
        ATTENDED = "attended", _("Attended")
        ABSENT = "absent", _("Did not attend")

    session = models.ForeignKey(
        "training.CourseSession", on_delete=models.CASCADE, related_name="bookings"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_bookings"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    # Health data for this session only, given by the person (pre-filled from their
    # profile, editable); shown to staff running it, never to anyone else.
    access_needs = models.TextField(_("access needs for this session"), max_length=2000, blank=True)
    # The waiting list's order: given under the session's lock, one more than the
    # session's highest so far, so unique and in commit order. Kept when the person is
    # given a place (it is history); the list is the waiting rows by this number.
    queue_number = models.PositiveIntegerField(null=True, blank=True, editable=False)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default="", blank=True
    )
    booked_at = models.DateTimeField(default=timezone.now)
    place_given_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Staff who booked for the person (the assisted route), else empty.
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The calendar entry's SEQUENCE for this booking (home.calendar).
    sequence = models.PositiveIntegerField(default=0, editable=False)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["booked_at", "pk"]
        constraints = [
            # Booking twice (double click, two tabs) must not make two bookings.
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=~Q(status="cancelled"),
                name="one_current_booking_per_session",
            ),
            models.UniqueConstraint(
                fields=["session", "queue_number"], name="one_waiting_number_per_session"
            ),
        ]
        indexes = [
            models.Index(fields=["session", "status"]),
            models.Index(fields=["person", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.person} at {self.session_id} ({self.get_status_display()})"

    def _gets_joining_link(self) -> bool:
        session = self.session
        return bool(
            session.mode == session.Mode.ONLINE
            and self.status == self.Status.BOOKED
            and not session.is_cancelled
        )

    def calendar_event(self, *, url: str = ""):
        """This booking as an entry in the person's calendar: one entry per booking
        (home.calendar.event_uid), updated when the session moves and removed when the
        booking or the session is cancelled. `url` is the course's page (absolute); an
        online session's joining link is given instead while the person holds a place
        on a session still on; an entry that takes the place away (the booking or the
        session cancelled) keeps to the course's page, so the link never reaches
        anyone no longer booked.

        SEQUENCE is the session's changes plus the booking's own, both only ever rise,
        so each update or cancellation outranks what the calendar holds."""
        from home.calendar import CalendarEvent, event_uid
        from training.models.sessions import CALENDAR_KIND_BOOKING

        session = self.session
        course = session.course
        description = "\n\n".join(
            part for part in (course.summary, session.access_information) if part
        )
        return CalendarEvent(
            uid=event_uid(CALENDAR_KIND_BOOKING, self.pk),
            start=session.starts_at,
            end=session.ends_at,
            summary=course.title,
            description=description,
            location=session.location(),
            url=session.joining_link if self._gets_joining_link() else url,
            sequence=session.sequence + self.sequence,
            attendee_name=getattr(self.person, "name", "") or "",
            attendee_email=self.person.email or "",
        )
