"""Activities of every kind, who took part in each (involvement), and what difference
it made (impact, "you said, we did")."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models.taxonomy import ResearchStage


class Activity(models.Model):
    """Something members take part in, whatever its kind: what involvement, payments,
    skills gained and impact are about.

    One activity is one opportunity, not one of its sessions: a member's part in an
    opportunity is recorded once (one involvement per member and activity), however many
    sessions it had, as it always was. A group meeting will be one activity per meeting,
    and a training course one activity per session, so each attendance there is an
    involvement of its own.

    The app that owns an activity points down at it (an opportunity page's `activity`)
    and keeps its title, payment and skills in step; nothing here points up at it."""

    class Kind(models.TextChoices):
        OPPORTUNITY = "opportunity", _("Opportunity")
        GROUP_MEETING = "group_meeting", _("Group meeting")
        TRAINING_SESSION = "training_session", _("Training session")
        COMMENT_ROUND = "comment_round", _("Comment round")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    # For an activity held on given days (a meeting, a course session). An opportunity
    # states its dates in words on its page, so it leaves them empty.
    starts_on = models.DateField(_("date"), null=True, blank=True)
    ends_on = models.DateField(_("last date"), null=True, blank=True)
    is_paid = models.BooleanField(
        _("paid"), default=True, help_text=_("Whether members are paid for their time.")
    )
    skills = models.ManyToManyField("members.Skill", blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title


class Involvement(models.Model):
    """One member's part in one activity. Payments, skills gained, fairness in selection
    (how recently and how often someone took part) and statements all read these, for
    every kind of activity alike. Written only by involvement.services."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="involvements"
    )
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="involvements")
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
        # The table the opportunities app made, kept (with its rows) when the model moved.
        db_table = "opportunities_involvement"
        ordering = ["-started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "activity"], name="one_involvement_per_activity"
            )
        ]
        indexes = [models.Index(fields=["member", "started_on"])]

    def __str__(self) -> str:
        return f"{self.member}: {self.activity} on {self.started_on}"


class ImpactEntry(models.Model):
    """'You said, we did': what changed because of the members' input to an activity,
    with the research stage it changed and what kind of difference it was (for the
    project's record and its GRIPP2 report)."""

    class Kind(models.TextChoices):
        RESEARCH = "research", _("On the research")
        PEOPLE = "people", _("On the people involved")
        RESEARCHERS = "researchers", _("On the researchers")
        ORGANISATION = "organisation", _("On the organisation")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="impact_entries")
    what_changed = models.TextField(
        _("what changed because of the members' input"), max_length=3000
    )
    kind = models.CharField(
        _("what kind of difference"), max_length=15, choices=Kind.choices, blank=True
    )
    research_stage = models.CharField(
        _("research stage"), max_length=20, choices=ResearchStage.choices, blank=True
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # The table the opportunities app made, kept (with its rows) when the model moved.
        db_table = "opportunities_impactentry"
        ordering = ["-added_at"]
        verbose_name_plural = _("impact entries")

    def __str__(self) -> str:
        return f"Impact of {self.activity}"
