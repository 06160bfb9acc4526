"""What matching remembers: the opportunities a member said are not for them, and the
members staff invited to apply (opportunities/matching scores; this keeps the answers)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotForMe(models.Model):
    """A member said an opportunity is not for them: it is not recommended to them again
    (listing, account page, digest), though they can still find and apply for it."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    opportunity = models.ForeignKey(
        "opportunities.OpportunityPage", on_delete=models.CASCADE, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("opportunity not for a member")
        constraints = [
            models.UniqueConstraint(fields=["member", "opportunity"], name="one_not_for_me")
        ]

    def __str__(self) -> str:
        return f"{self.opportunity_id} not for {self.member_id}"


class Invitation(models.Model):
    """Staff invited a member to apply for an opportunity: once per member and
    opportunity, the email at most once (its outbox key). Whether they then applied is
    read from their application, not kept here."""

    opportunity = models.ForeignKey(
        "opportunities.OpportunityPage", on_delete=models.CASCADE, related_name="invitations"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    # When the email went to the outbox; empty when the member's email choices said no
    # (no address, or emails about opportunities paused): staff are told so.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-invited_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "member"], name="one_invitation")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} invited to {self.opportunity_id}"
