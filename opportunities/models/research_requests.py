"""A researcher's ask for public input, and its triage by staff."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The one list of research stages lives with the shared vocabularies (members), so a
# member can say which stages interest them; requests and projects use it from here.
from members.models.taxonomy import ResearchStage  # noqa: F401 (re-exported)


class RoleKind(models.TextChoices):
    """The kinds of public involvement role in the NIHR briefing notes."""

    CO_APPLICANT = "co_applicant", _("Co-applicant on a grant")
    STEERING = "steering", _("Steering or advisory group member")
    REVIEWING = "reviewing", _("Reviewing documents")
    PARTICIPANT_INFO = "participant_info", _("Developing participant information")
    INTERVIEWING = "interviewing", _("Interviewing")
    PUBLIC_RESEARCHER = "public_researcher", _("Public researcher")
    DISSEMINATION = "dissemination", _("Sharing the results")
    OTHER = "other", _("Something else")


class Format(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("By phone")
    PAPER = "paper", _("On paper, by post")
    MIXED = "mixed", _("A mix, or the member's choice")


class PaymentOffer(models.TextChoices):
    RATE_POLICY = "rate_policy", _("Our organisation's payment rates")
    TO_BE_AGREED = "to_be_agreed", _("To be agreed with the involvement team")


class Route(models.TextChoices):
    """How a researcher wants the public's input."""

    INDIVIDUALS = "individuals", _("Recruit individual members for a role")
    MEETING_SLOT = "meeting_slot", _("A slot at a reference group's meeting")
    COMMENTS = "comments", _("Written comments from a reference group")


class ResearchRequestQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(researcher=user)

    def with_answers(self):
        """Without drafts nobody has written anything in (there used to be such rows:
        starting a request made one at once)."""
        return self.exclude(status=ResearchRequest.Status.DRAFT, project_title="")

    def waiting_for_staff(self):
        return self.filter(
            status__in=[ResearchRequest.Status.SUBMITTED, ResearchRequest.Status.IN_REVIEW]
        )


class ResearchRequest(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Not sent yet")
        SUBMITTED = "submitted", _("Sent")
        IN_REVIEW = "in_review", _("Being reviewed")
        CHANGES_REQUESTED = "changes", _("Changes requested")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    researcher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="research_requests",
    )
    project_title = models.CharField(_("project title"), max_length=200)
    route = models.CharField(
        _("how you would like input"),
        max_length=12,
        choices=Route.choices,
        default=Route.INDIVIDUALS,
    )
    # For a meeting slot or comments: the group asked (staff may choose another).
    group = models.ForeignKey(
        "members.ReferenceGroupPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reference group"),
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("how long you need at the meeting, in minutes"),
        null=True,
        blank=True,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    summary = models.TextField(_("plain-English summary"), max_length=3000)
    research_stage = models.CharField(
        _("research stage"), max_length=20, choices=ResearchStage.choices
    )
    role_kind = models.CharField(_("kind of role"), max_length=20, choices=RoleKind.choices)
    people_needed = models.PositiveSmallIntegerField(
        _("how many people"), validators=[MinValueValidator(1), MaxValueValidator(100)], null=True
    )
    topics = models.ManyToManyField("members.Topic", blank=True, related_name="+")
    skills = models.ManyToManyField("members.Skill", blank=True, related_name="+")
    experience_wanted = models.TextField(_("experience wanted"), max_length=2000, blank=True)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    dates_needed = models.TextField(_("dates and times"), max_length=1000, blank=True)
    time_needed = models.CharField(_("time needed"), max_length=200, blank=True)
    payment_offer = models.CharField(
        _("payment offered"), max_length=20, choices=PaymentOffer.choices, blank=True
    )
    payment_detail = models.CharField(_("about the payment"), max_length=300, blank=True)
    deadline = models.DateField(_("people needed by"), null=True, blank=True)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    status_message = models.TextField(_("latest message from the involvement team"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResearchRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        verbose_name = _("researcher request")
        indexes = [models.Index(fields=["status", "submitted_at"])]
        permissions = [("triage_researchrequest", _("Can review researcher requests"))]

    def __str__(self) -> str:
        return self.project_title or str(_("Untitled request"))

    @property
    def is_editable_by_researcher(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.CHANGES_REQUESTED)


class ResearchRequestEvent(models.Model):
    """Each status change, with its message: the request's history, never edited."""

    request = models.ForeignKey(ResearchRequest, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=10, choices=ResearchRequest.Status.choices)
    message = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} at {self.at:%Y-%m-%d %H:%M}"
