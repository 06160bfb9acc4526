"""Written comment rounds: a document shared with a group's members who opt in, a
deadline, comments collected here, collated for the researcher, and the time people
spent recorded as involvement (so it is paid like a meeting).

Each member sees only their own comment until the round closes, unless the group
decided to share comments as they come (`comments_shared`)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CommentRoundQuerySet(models.QuerySet):
    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(status=CommentRound.Status.OPEN, closes_at__gt=now)


class CommentRound(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Not open yet")
        OPEN = "open", _("Open for comments")
        CLOSED = "closed", _("Closed")

    group = models.ForeignKey(
        "members.ReferenceGroupPage", on_delete=models.CASCADE, related_name="comment_rounds"
    )
    request = models.ForeignKey(
        "opportunities.ResearchRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comment_rounds",
    )
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("what members are asked"), max_length=3000)
    closes_at = models.DateTimeField(_("comments close"))
    expected_minutes = models.PositiveSmallIntegerField(
        _("about how long it takes, in minutes"),
        default=60,
        validators=[MinValueValidator(5), MaxValueValidator(600)],
        help_text=_("Members are told this, and it is the time recorded unless they say."),
    )
    comments_shared = models.BooleanField(
        _("members can read each other's comments while it is open"),
        default=False,
        help_text=_(
            "Only if the group decided so. Otherwise each sees only their own until it closes."
        ),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # What the time people spent is recorded against (involvement), made when it opens.
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
    created_at = models.DateTimeField(default=timezone.now)

    objects = CommentRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-closes_at", "pk"]
        verbose_name = _("comment round")
        permissions = [("run_comment_round", _("Can run written comment rounds"))]

    def __str__(self) -> str:
        return self.title

    def is_open(self, now=None) -> bool:
        return self.status == self.Status.OPEN and self.closes_at > (now or timezone.now())


class RoundResponse(models.Model):
    """One member's part in a round: opted in, their comment, and the time it took."""

    round = models.ForeignKey(CommentRound, on_delete=models.CASCADE, related_name="responses")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="round_responses"
    )
    opted_in_at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(_("your comments"), max_length=20000, blank=True)
    minutes_spent = models.PositiveSmallIntegerField(
        _("about how long it took you, in minutes"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["round", "submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "member"], name="one_response_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.member} on {self.round}"
