from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JourneyDraft(models.Model):
    """Answers typed into a multi-page journey (equality monitoring, an application)
    and not sent yet.

    Kept here, server-side, and never in the session: they can be special-category data
    (sexual orientation, religion, health), and a session row is neither erased with the
    person nor part of their data download. A draft belongs to one sign-in (the random
    `session_token` kept in that session), so it ends like the session-held draft did:
    when the journey is saved or abandoned, at sign-out, with the account, or after
    draft_max_age() (home.journeys). No staff permission reads it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journey_drafts"
    )
    session_token = models.CharField(max_length=64)
    journey = models.CharField(max_length=100)
    answers = models.JSONField(default=dict)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("unsent answers")
        # Only the person writes and reads these, through members.services.drafts.journey_drafts.
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["user", "session_token", "journey"], name="members_journey_draft_unique"
            )
        ]

    def __str__(self) -> str:
        return "Unsent answers"  # never the person's name or answers, even in logs
