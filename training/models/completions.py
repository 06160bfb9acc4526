"""Completions of courses and their certificates."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# No 0/O, 1/I/L: read aloud or typed from paper without mistakes.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10  # 31**10 ≈ 8e14: not guessable at any rate the site allows


def certificate_code_new() -> str:
    """A verification code such as "K7QM-2XWP-HD": grouped for reading."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class CompletionQuerySet(models.QuerySet):
    def completed(self):
        """Completed and not revoked: what counts (induction done, certificates)."""
        return self.filter(status=Completion.Status.COMPLETED)


class Completion(models.Model):
    """A person completed a course, or said they did (a self-paced course) and staff
    have yet to confirm it. A completed one carries a certificate."""

    class Status(models.TextChoices):
        DECLARED = "declared", _("Waiting for staff to confirm")
        COMPLETED = "completed", _("Completed")
        REVOKED = "revoked", _("Revoked")

    class How(models.TextChoices):
        SESSIONS = "sessions", _("Attended every session needed")
        DECLARED = "declared", _("Said they finished it; confirmed by staff")
        STAFF = "staff", _("Recorded by staff")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_completions"
    )
    course = models.ForeignKey(
        "training.CoursePage", on_delete=models.PROTECT, related_name="completions"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    how = models.CharField(max_length=10, choices=How.choices)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # What the certificate says, as it was when the course was completed: a course
    # renamed or given other skills later does not change certificates already issued.
    course_title = models.CharField(_("course, as completed"), max_length=255, blank=True)
    skill_names = models.JSONField(_("skills, as completed"), default=list, blank=True)
    certificate_code = models.CharField(
        max_length=12, unique=True, default=certificate_code_new, editable=False
    )
    # The person's choice: may anyone with the code confirm the certificate at
    # /certificates/<code>/? Off until they say so.
    verifiable = models.BooleanField(
        _("let people with the code check my certificate"), default=False
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_reason = models.CharField(_("why it was revoked"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CompletionQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "course"],
                condition=~Q(status="revoked"),
                name="one_current_completion_per_course",
            )
        ]
        indexes = [models.Index(fields=["person", "status"])]
        permissions = [("confirm_completion", _("Can confirm and revoke course completions"))]

    def __str__(self) -> str:
        return f"{self.person} completed {self.course_id} ({self.get_status_display()})"
