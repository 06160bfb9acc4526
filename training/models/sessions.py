"""A course's sessions: real date-times (home.sessions), where, capacity and a booking
deadline. Plain rows, not inline in the page editor: bookings point at them, and a
session removed from a page's form would take its bookings with it. Staff add and
change them on the course's sessions screen (training/admin), through services that
tell the people booked."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from home.sessions import DatedSession, DatedSessionQuerySet

# In UIDs of calendar entries (home.calendar.event_uid): never change them, or calendars
# that hold a booking would add it again instead of updating it.
CALENDAR_KIND_BOOKING = "training-booking"
CALENDAR_KIND_SESSION = "training-session"


class CourseSessionQuerySet(DatedSessionQuerySet):
    def not_cancelled(self):
        return self.filter(cancelled_at__isnull=True)

    def bookable(self, now: datetime.datetime | None = None):
        """Still taking bookings (or places on the waiting list): not cancelled, the
        course published, the booking deadline not passed and not started."""
        now = now or timezone.now()
        return (
            self.not_cancelled()
            .filter(course__live=True, starts_at__gt=now)
            .exclude(booking_deadline__lt=now)
        )


class CourseSession(DatedSession):
    """One sitting of a course, with its own places and its own register."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    course = models.ForeignKey(
        "training.CoursePage", on_delete=models.CASCADE, related_name="sessions"
    )
    mode = models.CharField(_("in person or online"), max_length=10, choices=Mode.choices)
    place = models.CharField(
        _("place"), max_length=300, blank=True, help_text=_("The address, for in person.")
    )
    access_information = models.TextField(
        _("access at this place"),
        max_length=1000,
        blank=True,
        help_text=_("For example: step-free entrance, accessible toilet, hearing loop."),
    )
    # Shown only to the people booked (a public link invites anyone in).
    joining_link = models.URLField(
        _("joining link"), blank=True, help_text=_("For online: shown only to people booked.")
    )
    capacity = models.PositiveSmallIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(500)], default=12
    )
    booking_deadline = models.DateTimeField(
        _("booking closes"),
        null=True,
        blank=True,
        help_text=_("Leave blank to take bookings until it starts."),
    )
    facilitator = models.CharField(_("run by"), max_length=200, blank=True)
    # "All its required sessions" make a completion; an optional extra one does not.
    is_required = models.BooleanField(_("needed to complete the course"), default=True)
    # A course given over several sessions has parts; a course run again on other dates
    # has sittings of the same part. Completing it takes one attended sitting of every
    # required part (training.services.completions.completions_from_attendance).
    part = models.PositiveSmallIntegerField(
        _("part of the course"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_(
            "Sessions with the same number are other dates for the same thing: people "
            "need to attend one of them. For a course given over several sessions, "
            "number them 1, 2, 3 in order."
        ),
    )
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Why, as the people booked were told (training.services.sessions.session_cancel).
    cancelled_reason = models.CharField(
        _("why it is cancelled"), max_length=500, blank=True, editable=False
    )
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # One more each time the time or place changes and for the cancellation, so
    # calendars replace the entry they hold (home.calendar, RFC 5546).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # What attendance is recorded against (involvement), made when the register is
    # first saved for a paid course (training.services.attendance).
    activity = models.OneToOneField(
        "involvement.Activity",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CourseSessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("course session")
        verbose_name_plural = _("course sessions")
        indexes = [models.Index(fields=["course", "starts_at"])]
        permissions = [("run_register", _("Can take a course session's register"))]

    def clean(self):
        super().clean()
        errors = {}
        if self.mode == self.Mode.IN_PERSON and not self.place:
            errors["place"] = _("Say where it happens, for an in-person session.")
        if self.mode == self.Mode.ONLINE and not self.joining_link:
            errors["joining_link"] = _("Give the joining link, for an online session.")
        if self.booking_deadline and self.starts_at and self.booking_deadline > self.starts_at:
            errors["booking_deadline"] = _("Booking must close before the session starts.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def closes_at(self) -> datetime.datetime:
        """When booking closes: the deadline, or the start."""
        return self.booking_deadline or self.starts_at

    def location(self) -> str:
        """For a calendar's location box."""
        return self.place if self.mode == self.Mode.IN_PERSON else gettext("Online")
