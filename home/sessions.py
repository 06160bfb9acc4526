"""A dated session: something that happens from one date-time to another, on the UK's
clock. Opportunity sessions (issue 14, item 7) and training course sessions (issue 15)
are both one of these, so they read, sort, list by month and go into calendars alike.

    class CourseSession(DatedSession):          # abstract: start, end, checks
        course = ParentalKey(...)
        objects = DatedSessionQuerySet.as_manager()

    session.when                                "Tuesday 12 January 2027, 6pm to 8pm"
    session.is_upcoming()                       not over yet
    next_session(page.sessions.all())           from what is prefetched: no query
    next_start(OpportunitySession, "page")      an annotation to sort parents by
    session.calendar_event(kind=…, summary=…)   a home.calendar.CalendarEvent

Times are stored in UTC (USE_TZ) and entered and shown on the UK's clock: Django's
forms read a typed time in the current zone (settings.TIME_ZONE, Europe/London) and
home.datetimes writes it back on that clock, whatever the season.

"Upcoming" means "not over yet": a session under way still counts (the listing's next
date is the meeting happening now, not the one after it). Code that must know whether a
session has started asks `has_started`.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home import datetimes
from home.calendar import CalendarEvent, event_uid

__all__ = [
    "DatedSession",
    "DatedSessionQuerySet",
    "next_session",
    "next_start",
    "session_times",
]


class DatedSessionQuerySet(models.QuerySet):
    def upcoming(self, now: datetime.datetime | None = None):
        """Sessions not over yet, soonest first."""
        return self.filter(ends_at__gt=now or timezone.now()).order_by("starts_at", "pk")

    def starting_between(self, start: datetime.datetime, end: datetime.datetime):
        """Sessions that start in [start, end): a month of the month view."""
        return self.filter(starts_at__gte=start, starts_at__lt=end).order_by("starts_at", "pk")


class DatedSession(models.Model):
    """Abstract: a start and an end, the end after the start (on the same day or days
    later). The concrete model adds what it belongs to."""

    starts_at = models.DateTimeField(
        _("starts"), help_text=_("The date and the time it starts, UK time.")
    )
    ends_at = models.DateTimeField(_("ends"), help_text=_("The date and the time it ends."))

    objects = DatedSessionQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.when if self.starts_at and self.ends_at else ""

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError(
                {
                    "ends_at": _(
                        "The end must be after the start. For a session over two days, "
                        "give the date it ends, like 13 January 2027 at 10am."
                    )
                }
            )

    @property
    def when(self) -> str:
        """ "Tuesday 12 January 2027, 6pm to 8pm" (home.datetimes)."""
        return datetimes.format_range(self.starts_at, self.ends_at)

    def is_upcoming(self, now: datetime.datetime | None = None) -> bool:
        """Not over yet (still to come, or under way)."""
        return self.ends_at > (now or timezone.now())

    def has_started(self, now: datetime.datetime | None = None) -> bool:
        return self.starts_at <= (now or timezone.now())

    def calendar_event(
        self,
        *,
        kind: str,
        summary: str,
        description: str = "",
        location: str = "",
        url: str = "",
        sequence: int = 0,
    ) -> CalendarEvent:
        """This session as an entry for a calendar: `kind` names the model in the UID
        ("opportunity-session"), which stays the same for as long as the row does."""
        return CalendarEvent(
            uid=event_uid(kind, self.pk),
            start=self.starts_at,
            end=self.ends_at,
            summary=summary,
            description=description,
            location=location,
            url=url,
            sequence=sequence,
        )


def next_session(sessions: Iterable[DatedSession], now: datetime.datetime | None = None):
    """The soonest session not over yet, or None. Reads what it is given (a prefetched
    list), so a listing asks no query per row."""
    now = now or timezone.now()
    upcoming = [session for session in sessions if session.ends_at > now]
    return min(upcoming, key=lambda session: (session.starts_at, session.pk or 0), default=None)


def next_start(model: type[DatedSession], parent_field: str, now: datetime.datetime | None = None):
    """An annotation: when the parent's soonest session not over yet starts (None when
    it has none), to sort parents by: `.annotate(next_start=next_start(Session, "page"))`
    then `.order_by(F("next_start").asc(nulls_last=True))`."""
    sessions = model.objects.filter(
        **{parent_field: OuterRef("pk")}, ends_at__gt=now or timezone.now()
    ).order_by("starts_at")
    return Subquery(sessions.values("starts_at")[:1])


def session_times(
    days: int, *, hour: int = 18, hours: int = 2
) -> tuple[datetime.datetime, datetime.datetime]:
    """A start and an end `days` from today at `hour` o'clock UK time, lasting `hours`:
    for factories, the demo data and tests."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    return start, start + datetime.timedelta(hours=hours)
