"""Skills a member gained: from taking part, added by staff, or from training."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SkillGained(models.Model):
    """A skill a member used or built: from an activity (the skills it asked for), or
    added by staff, or from a course completed (the skills the course gives; gone again
    if the completion is revoked). Part of the member's statement."""

    class Source(models.TextChoices):
        INVOLVEMENT = "involvement", _("From taking part")
        STAFF = "staff", _("Added by staff")
        TRAINING = "training", _("From training")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skills_gained"
    )
    skill = models.ForeignKey("members.Skill", on_delete=models.PROTECT, related_name="+")
    gained_on = models.DateField()
    activity = models.CharField(max_length=200, blank=True)
    involvement = models.ForeignKey(
        "involvement.Involvement",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # The course completion it came from (training.hooks.course_completed): deleted with
    # it, and by the revocation's receiver.
    completion = models.ForeignKey(
        "training.Completion",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    source = models.CharField(max_length=12, choices=Source.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["gained_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "skill", "involvement"], name="one_skill_per_involvement"
            ),
            models.UniqueConstraint(
                fields=["member", "skill", "completion"], name="one_skill_per_completion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({self.gained_on})"
