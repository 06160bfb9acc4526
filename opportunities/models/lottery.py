"""Fair lotteries for an oversubscribed opportunity (issue 16): what was asked (quotas,
seed, algorithm), each applicant's chance and what the draw gave, recorded before any
outcome is applied, so the draw can be audited and re-run (opportunities/lottery_core.py).

On erasure an entry loses the person's features and its links to them; the quotas, the
seed and every chance stay (a re-run then no longer reproduces the draw, and the audit
page says so). The same when the person deletes their equality answers or withdraws
consent to their use: the entry loses those answers (members.hooks.equality_answers_withdrawn)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Lottery(models.Model):
    class Status(models.TextChoices):
        DRAWN = "drawn", _("Drawn, not applied")
        APPLIED = "applied", _("Applied")
        ABANDONED = "abandoned", _("Not used")

    opportunity = models.ForeignKey(
        "opportunities.OpportunityPage", on_delete=models.CASCADE, related_name="lotteries"
    )
    places = models.PositiveIntegerField(_("places drawn"))
    # {feature: {"label": …, "equality": bool, "categories": {category: {"label", "min",
    # "max", "pool" (how many applied), "drawn" (how many the panel has)}}}}: labels kept
    # so the record reads the same after a region is renamed or removed.
    quotas = models.JSONField(default=dict, blank=True)
    features_used = models.JSONField(default=list, blank=True)
    seed = models.BigIntegerField()
    algorithm = models.CharField(max_length=20, default="maximin")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAWN)
    # {"pool": people in the draw, "panels": panels in the distribution} (the panel's
    # count per category is in `quotas`, as "drawn").
    summary = models.JSONField(default=dict, blank=True)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    run_at = models.DateTimeField(default=timezone.now)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-run_at", "-pk"]
        verbose_name = _("fair lottery")
        verbose_name_plural = _("fair lotteries")

    def __str__(self) -> str:
        return f"Fair lottery {self.pk} for {self.opportunity.title}"


class LotteryEntry(models.Model):
    class Outcome(models.TextChoices):
        SELECTED = "selected", _("Drawn")
        WAITING = "waiting", _("Waiting list")
        NOT_SELECTED = "not_selected", _("Not drawn")

    lottery = models.ForeignKey(Lottery, on_delete=models.CASCADE, related_name="entries")
    application = models.ForeignKey(
        "opportunities.Application",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lottery_entries",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lottery_entries",
    )
    # The person's category per feature used ({} once they are erased; without the
    # equality answers once they deleted them or withdrew consent).
    features = models.JSONField(default=dict, blank=True)
    # The id the draw knew them by (the application's id), kept after erasure so the
    # record still adds up.
    person_key = models.PositiveIntegerField()
    probability = models.FloatField()
    outcome = models.CharField(max_length=15, choices=Outcome.choices)
    # Selected: 0; waiting: 1, 2, … in waiting-list order; not drawn after them.
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["lottery", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["lottery", "person_key"], name="one_lottery_entry_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"Lottery entry {self.pk}"
