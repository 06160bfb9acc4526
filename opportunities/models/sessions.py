"""An opportunity's sessions: when it happens, as real date-times (home.sessions), in
the page editor as an inline under "When and where"."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel

from home.sessions import DatedSession, DatedSessionQuerySet

# In UIDs of calendar entries (home.calendar.event_uid): never change it, or calendars
# that hold a session would add it again instead of updating it.
CALENDAR_KIND = "opportunity-session"


class OpportunitySession(DatedSession):
    """One meeting, workshop or interview of an opportunity. Saved with the page when it
    is published (a draft's sessions wait in its revision, like its other fields).

    Not Orderable: sessions are always shown in the order they happen, so a hand-made
    order in the editor would change nothing anyone sees."""

    page = ParentalKey(
        "opportunities.OpportunityPage", on_delete=models.CASCADE, related_name="sessions"
    )

    objects = DatedSessionQuerySet.as_manager()

    panels = [FieldPanel("starts_at"), FieldPanel("ends_at")]

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["page", "starts_at"])]
