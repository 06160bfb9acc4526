"""Members' expressions of interest, and what staff decided."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApplicationQuerySet(models.QuerySet):
    def current(self):
        """Not withdrawn: what counts as 'has applied'."""
        return self.exclude(status=Application.Status.WITHDRAWN)

    def holding_a_place(self):
        return self.filter(status=Application.Status.SELECTED)


class Application(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Received")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        SELECTED = "selected", _("Selected")
        WAITLISTED = "waitlisted", _("On the waiting list")
        NOT_SELECTED = "not_selected", _("Not selected this time")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    DECIDABLE = [Status.SHORTLISTED, Status.SELECTED, Status.WAITLISTED, Status.NOT_SELECTED]

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    opportunity = models.ForeignKey(
        "opportunities.OpportunityPage", on_delete=models.CASCADE, related_name="applications"
    )
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.SUBMITTED)
    statement = models.TextField(_("why you are interested"), max_length=2000)
    experience = models.TextField(_("relevant experience"), max_length=2000, blank=True)
    access_needs = models.TextField(_("access needs for this role"), max_length=2000, blank=True)
    availability = models.TextField(_("availability"), max_length=1000, blank=True)
    share_name = models.BooleanField(
        _("share my name with the researcher if I am selected"), default=False
    )
    # Access needs are health data: sharing them with the researcher is its own choice,
    # never part of sharing a name (issue 14); the member can change it on the
    # application's page (services.applications.application_access_sharing_set).
    share_access_needs = models.BooleanField(
        _("share my access needs with the researcher for this role"), default=False
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("latest message to the member"), blank=True)
    waitlisted_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Order on the waiting list: first in, first offered.")
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            # Applying twice (double click, two tabs) must not make two applications.
            models.UniqueConstraint(
                fields=["member", "opportunity"],
                condition=~Q(status="withdrawn"),
                name="one_current_application_per_opportunity",
            )
        ]
        indexes = [models.Index(fields=["opportunity", "status"])]
        permissions = [("select_applicants", _("Can shortlist and select applicants"))]

    def __str__(self) -> str:
        return f"{self.member} for {self.opportunity.title} ({self.get_status_display()})"


class ApplicationEvent(models.Model):
    """Each change of an application's status, with the message sent: never edited."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=15, choices=Application.Status.choices)
    message = models.TextField(blank=True)
    # Why staff chose this, for staff only (never sent to the person): asked when the
    # person carries a badge that needs one (involvement.hooks.applicant_badges), such
    # as training's "Induction not done".
    reason = models.TextField(_("reason, for staff"), max_length=1000, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} at {self.at:%Y-%m-%d %H:%M}"
