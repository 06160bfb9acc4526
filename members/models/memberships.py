"""Memberships of the reference groups: a member's place in a group, over time."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models.groups import GroundRulesVersion, ReferenceGroupPage


class MembershipQuerySet(models.QuerySet):
    LIVE = ("applied", "active", "paused")

    def live(self):
        """Memberships that still mean something: not ended or declined."""
        return self.filter(status__in=self.LIVE)


class GroupMembership(models.Model):
    """A member's place in a reference group, over time."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Waiting for approval")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        ENDED = "ended", _("Ended")
        DECLINED = "declined", _("Not approved")

    class EndReason(models.TextChoices):
        LAPSED = "lapsed", _("The term ended without renewal")
        LEFT = "left", _("The member left")
        DECLINED = "declined", _("The request to join was declined")
        CANCELLED = "cancelled", _("The member cancelled their request to join")

    class Method(models.TextChoices):
        ONLINE = "online", _("Online, by the member")
        ASSISTED = "assisted", _("By staff on the member's behalf")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    group = models.ForeignKey(
        ReferenceGroupPage, on_delete=models.CASCADE, related_name="memberships"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    applied_at = models.DateTimeField(default=timezone.now)
    started_on = models.DateField(null=True, blank=True)
    term_ends_on = models.DateField(null=True, blank=True)
    paused_until = models.DateField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=10, choices=EndReason.choices, blank=True)
    renewal_invited_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When the member was asked to renew this term; empty once renewed."),
    )
    ground_rules_version = models.ForeignKey(
        GroundRulesVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The version of the ground rules the member last accepted."),
    )
    joined_via = models.CharField(max_length=10, choices=Method.choices, default=Method.ONLINE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The staff member who joined them up, if assisted."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_note = models.TextField(blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            # Joining twice (a double click, two tabs) must not make two memberships.
            models.UniqueConstraint(
                fields=["member", "group"],
                condition=Q(status__in=MembershipQuerySet.LIVE),
                name="one_live_membership_per_group",
            ),
        ]
        indexes = [models.Index(fields=["status", "term_ends_on"])]
        permissions = [("decide_membership", _("Can approve or decline membership requests"))]

    def __str__(self) -> str:
        return f"{self.member} in {self.group.title} ({self.get_status_display()})"
