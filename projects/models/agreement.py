"""The team agreement: the team's own ground rules, drafted from the group's, accepted
by everyone on the team (researchers too). A change is a new version, proposed and
then accepted by each person; each acceptance is recorded."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AgreementVersion(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed: waiting for everyone to accept")
        IN_FORCE = "in_force", _("Agreed by everyone")
        REPLACED = "replaced", _("Replaced by a later version")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="agreement_versions"
    )
    number = models.PositiveIntegerField()
    # The rules, in order: a list of strings.
    rules = models.JSONField(_("the team's ground rules"), default=list)
    change_note = models.TextField(_("what changed and why"), max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    in_force_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"], name="one_agreement_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"Team agreement {self.number} of {self.project}"


class AgreementAcceptance(models.Model):
    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="acceptances"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    accepted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["accepted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "person"], name="one_acceptance_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} accepted {self.version}"
