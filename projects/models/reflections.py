"""Reflection. At each change of stage every team member is invited, once, to a short
private reflection and a check-in. Reflections are read by their author only (and the
project's leads if the author chooses); check-ins are only ever shown as team totals,
suppressed below the threshold like equality counts. Members also check their
confidence and skills before and after (non-financial reciprocity)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class ReflectionInvitation(models.Model):
    """One per person and stage change: made once, emailed once (through the outbox)."""

    stage_change = models.ForeignKey(
        "projects.StageChange", on_delete=models.CASCADE, related_name="invitations"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-invited_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["stage_change", "person"], name="one_reflection_invitation_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"Invitation to reflect on {self.stage_change}"


class Reflection(models.Model):
    """A private reflection: its author's own, never counted or shown to others unless
    they chose to share it with the project's leads."""

    invitation = models.OneToOneField(
        ReflectionInvitation, on_delete=models.CASCADE, related_name="reflection"
    )
    went_well = models.TextField(_("what went well"), max_length=3000, blank=True)
    voice_heard = models.TextField(_("was your voice heard"), max_length=3000, blank=True)
    would_change = models.TextField(_("what would you change"), max_length=3000, blank=True)
    share_with_lead = models.BooleanField(
        _("share this with the project's co-production leads"), default=False
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Reflection on {self.invitation.stage_change}"


class CheckIn(models.Model):
    """A short check-in on how the team works, answered on a five-point scale (1: not at
    all, 5: completely). Only team totals are shown, suppressed below the threshold."""

    STATEMENTS = {
        "speak_up": _("I felt able to speak up"),
        "listened_to": _("My views were listened to"),
        "understood": _("I understood what was decided and why"),
    }

    invitation = models.OneToOneField(
        ReflectionInvitation, on_delete=models.CASCADE, related_name="check_in"
    )
    speak_up = models.PositiveSmallIntegerField(validators=SCALE)
    listened_to = models.PositiveSmallIntegerField(validators=SCALE)
    understood = models.PositiveSmallIntegerField(validators=SCALE)
    submitted_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Check-in on {self.invitation.stage_change}"


class ConfidenceCheckIn(models.Model):
    """A member's own confidence and skills, at the start of a project and at its end
    (1: not at all confident, 5: very confident)."""

    class When(models.TextChoices):
        BEFORE = "before", _("At the start")
        AFTER = "after", _("At the end")

    STATEMENTS = {
        "research": _("Taking part in research discussions"),
        "speaking": _("Speaking up in a group"),
        "understanding": _("Understanding how health and care research is done"),
    }

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="confidence_check_ins"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    when = models.CharField(max_length=10, choices=When.choices)
    research = models.PositiveSmallIntegerField(validators=SCALE)
    speaking = models.PositiveSmallIntegerField(validators=SCALE)
    understanding = models.PositiveSmallIntegerField(validators=SCALE)
    skills = models.TextField(_("skills you have used or gained"), max_length=2000, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "person", "when"], name="one_confidence_check_in_each_time"
            )
        ]

    def __str__(self) -> str:
        return f"Confidence {self.when} in {self.project}"
