"""What actually happened, and what difference it made."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Involvement(models.Model):
    """One member's part in one activity. Payments (reciprocity) and fairness in
    selection (how recently and how often someone took part) both read these.

    It is about an activity: today an opportunity; later also group meetings."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="involvements"
    )
    opportunity = models.ForeignKey(
        "opportunities.OpportunityPage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="involvements",
    )
    activity = models.CharField(_("activity"), max_length=200)
    attended = models.BooleanField(_("took part"), default=True)
    started_on = models.DateField(_("date"))
    ended_on = models.DateField(_("last date"), null=True, blank=True)
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(999)],
        default=0,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "opportunity"], name="one_involvement_per_opportunity"
            )
        ]
        indexes = [models.Index(fields=["member", "started_on"])]

    def __str__(self) -> str:
        return f"{self.member}: {self.activity} on {self.started_on}"


class ImpactEntry(models.Model):
    """'You said, we did': what changed because of the members' input."""

    opportunity = models.ForeignKey(
        "opportunities.OpportunityPage", on_delete=models.CASCADE, related_name="impact_entries"
    )
    what_changed = models.TextField(
        _("what changed because of the members' input"), max_length=3000
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-added_at"]
        verbose_name_plural = _("impact entries")

    def __str__(self) -> str:
        return f"Impact of {self.opportunity.title}"
