"""The decision log: what was decided, the options considered, who took part, how it
was agreed, and any dissent, in the dissenter's own words. Members can propose an item
for decision; team members endorse or comment on proposals."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models.taxonomy import ResearchStage


class Decision(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed for decision")
        DECIDED = "decided", _("Decided")
        NOT_TAKEN_FORWARD = "not_taken", _("Not taken forward")

    class HowAgreed(models.TextChoices):
        CONSENSUS = "consensus", _("By consensus")
        VOTE = "vote", _("By a vote")
        RESEARCHER = "researcher", _("The researcher's call, with reasons")

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="decisions"
    )
    title = models.CharField(_("what needs deciding"), max_length=200)
    background = models.TextField(_("background"), max_length=3000, blank=True)
    # The options considered: a list of strings.
    options = models.JSONField(_("options considered"), default=list, blank=True)
    stage = models.CharField(
        _("research stage"), max_length=20, choices=ResearchStage.choices, blank=True
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    # When decided:
    outcome = models.TextField(_("what was decided"), max_length=3000, blank=True)
    how_agreed = models.CharField(
        _("how it was agreed"), max_length=12, choices=HowAgreed.choices, blank=True
    )
    reasons = models.TextField(_("reasons"), max_length=3000, blank=True)
    votes_for = models.PositiveSmallIntegerField(null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(null=True, blank=True)
    votes_abstained = models.PositiveSmallIntegerField(null=True, blank=True)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("who took part")
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-proposed_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Endorsement(models.Model):
    """A team member's support for a proposal ("I support this being decided")."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="endorsements")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "person"], name="one_endorsement_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} supports {self.decision}"


class DecisionComment(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("comment"), max_length=3000)
    at = models.DateTimeField(default=timezone.now)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"Comment on {self.decision}"


class Dissent(models.Model):
    """Disagreement with a decision, recorded by the person who disagrees, in their own
    words. Kept on erasure as "a former member" (the log must stay honest about the
    disagreement), with the person removed."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="dissents")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("why you disagree"), max_length=3000)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "person"],
                condition=models.Q(person__isnull=False),
                name="one_dissent_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"Dissent from {self.decision}"
