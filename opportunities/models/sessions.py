"""An opportunity's sessions: when it happens, as real date-times (home.sessions), in
the page editor as an inline under "When and where"."""

from django import forms
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel

from home.calendar import CalendarEvent, google_calendar_url, outlook_calendar_url
from home.sessions import DatedSession, DatedSessionQuerySet
from opportunities.models.research_requests import Format

# In UIDs of calendar entries (home.calendar.event_uid): never change it, or calendars
# that hold a session would add it again instead of updating it.
CALENDAR_KIND = "opportunity-session"


def date_time_input() -> forms.DateTimeInput:
    """The browser's own date and time box, not Wagtail's pop-up picker, whose month and
    time arrows have no names (axe: button-name): staff who use a screen reader or a
    keyboard can enter a session too. Shown and read on the UK's clock."""
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class OpportunitySession(DatedSession):
    """One meeting, workshop or interview of an opportunity. Saved with the page when it
    is published (a draft's sessions wait in its revision, like its other fields).

    Not Orderable: sessions are always shown in the order they happen, so a hand-made
    order in the editor would change nothing anyone sees."""

    page = ParentalKey(
        "opportunities.OpportunityPage", on_delete=models.CASCADE, related_name="sessions"
    )

    objects = DatedSessionQuerySet.as_manager()

    panels = [
        FieldPanel("starts_at", widget=date_time_input()),
        FieldPanel("ends_at", widget=date_time_input()),
    ]

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["page", "starts_at"])]

    def event(self, *, url: str = "") -> CalendarEvent:
        """This session as a calendar entry: the opportunity's title and summary, where
        it happens, and its page (`url`, absolute)."""
        page = self.page
        description = "\n\n".join(part for part in (page.summary, page.dates) if part)
        return self.calendar_event(
            kind=CALENDAR_KIND,
            summary=page.title,
            description=description,
            location=session_location(page),
            url=url,
        )


def session_location(page) -> str:
    """Where an opportunity's sessions happen, in a calendar's "location" box."""
    if page.format in (Format.IN_PERSON, Format.MIXED):
        region = page.region.name if page.region_id else ""
        return ", ".join(part for part in (page.place, region) if part)
    if page.format == Format.ONLINE:
        return gettext("Online")
    if page.format == Format.PHONE:
        return gettext("By phone")
    return ""


def session_rows(page, request) -> list[dict]:
    """Every session of `page`, soonest first, with "add to calendar" links for those
    not over yet (none in a preview: a draft's new sessions have no address yet)."""
    url = page.get_full_url(request) or ""
    now = timezone.now()
    rows = []
    for session in sorted(page.sessions.all(), key=lambda s: (s.starts_at, s.pk or 0)):
        row = {"session": session, "upcoming": session.is_upcoming(now)}
        if row["upcoming"] and session.pk and page.live:
            session.page = page
            event = session.event(url=url)
            row |= {
                "ics_url": reverse(
                    "opportunities:session_calendar",
                    kwargs={"opportunity_id": page.pk, "session_id": session.pk},
                ),
                "google_url": google_calendar_url(event),
                "outlook_url": outlook_calendar_url(event),
                "outlook_work_url": outlook_calendar_url(event, work_account=True),
            }
        rows.append(row)
    return rows
