"""A project: an accepted research request as the team's shared space, its team and
its research stage."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models.taxonomy import ResearchStage


class ProjectQuerySet(models.QuerySet):
    def of(self, user):
        """The projects `user` is on the team of (now, not in the past)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(team__person=user, team__left_at=None).distinct()


class Project(models.Model):
    """One per accepted research request: who is on the team, the research stage, what
    is happening now, and (in the other models here) the conversation, the team
    agreement, the decision log, reflections and the GRIPP2 report."""

    request = models.OneToOneField(
        "opportunities.ResearchRequest",
        on_delete=models.PROTECT,
        related_name="project",
    )
    title = models.CharField(_("project title"), max_length=200)
    # The group whose ground rules the team agreement is drafted from (the request's
    # group, where it has one).
    group = models.ForeignKey(
        "members.ReferenceGroupPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    stage = models.CharField(_("research stage"), max_length=20, choices=ResearchStage.choices)
    now = models.TextField(
        _("what is happening now"),
        max_length=2000,
        blank=True,
        help_text=_("A sentence or two in plain English, for the whole team."),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "pk"]
        permissions = [("manage_project", "Can run co-production projects")]

    def __str__(self) -> str:
        return self.title


class TeamRole(models.TextChoices):
    RESEARCHER = "researcher", _("Researcher")
    STAFF = "staff", _("Involvement staff")
    MEMBER = "member", _("Public member")


class TeamMember(models.Model):
    """A person on a project's team. Someone who leaves keeps their row (with
    `left_at`), so the record of who took part stays true; they no longer see the
    project. Deleted with the person on erasure."""

    class Emails(models.TextChoices):
        EACH = "each", _("An email for each new message")
        DIGEST = "digest", _("One email a day with the new messages")
        NONE = "none", _("No emails about messages")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="team")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_roles"
    )
    role = models.CharField(_("role"), max_length=12, choices=TeamRole.choices)
    is_lead = models.BooleanField(
        _("co-production lead"),
        default=False,
        help_text=_("A project has one or two leads, who look after how the team works together."),
    )
    # How they came on to the team: from the request (selected, attended a meeting or
    # comment round) or added by staff.
    source = models.CharField(max_length=20, blank=True)
    joined_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    left_at = models.DateTimeField(null=True, blank=True)
    # The person's own choices.
    emails = models.CharField(
        _("emails about the team's messages"),
        max_length=10,
        choices=Emails.choices,
        default=Emails.DIGEST,
    )
    digest_sent_up_to = models.DateTimeField(null=True, blank=True)
    named_in_reports = models.BooleanField(
        _("name me in reports about this project"),
        default=False,
        help_text=_(
            "Reports credit the people who agreed to be named; others are counted, not named."
        ),
    )
    credit_as = models.CharField(
        _("the name to credit you by"),
        max_length=100,
        blank=True,
    )

    class Meta:
        ordering = ["role", "joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "person"], name="one_team_row_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.project}"

    @property
    def is_current(self) -> bool:
        return self.left_at is None


class StageChange(models.Model):
    """Each change of a project's research stage: the moment each team member is
    invited (once) to reflect and to check in."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=ResearchStage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=ResearchStage.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.project}: {self.get_to_stage_display()}"
