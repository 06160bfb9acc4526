"""Reads about reference-group memberships: renewal, changed ground rules, and the
"Phone and post" lists of members without email."""

import datetime

from django.conf import settings
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from members.models import GroundRulesVersion, GroupMembership, User


def membership_can_renew(membership: GroupMembership) -> bool:
    """Renewal opens MEMBERSHIP_RENEWAL_NOTICE_DAYS before the term ends (groups refresh
    their membership; renewing early and often would defeat that)."""
    if membership.term_ends_on is None:
        return False
    opens = membership.term_ends_on - datetime.timedelta(
        days=settings.MEMBERSHIP_RENEWAL_NOTICE_DAYS
    )
    return timezone.localdate() >= opens


def memberships_behind_on_ground_rules():
    """Current memberships whose group has published rules the member has not accepted
    yet (one query)."""
    latest = GroundRulesVersion.objects.filter(group=OuterRef("group")).order_by("-number")
    return (
        GroupMembership.objects.filter(
            status__in=[GroupMembership.Status.ACTIVE, GroupMembership.Status.PAUSED],
        )
        .annotate(
            latest_rules=Subquery(latest.values("pk")[:1]),
            latest_rules_number=Subquery(latest.values("number")[:1]),
        )
        .exclude(ground_rules_version=F("latest_rules"))
        .exclude(latest_rules__isnull=True)
        .select_related("group")
    )


def memberships_with_new_ground_rules(*, member: User):
    """The member's own memberships with rules to agree to (one query)."""
    return memberships_behind_on_ground_rules().filter(member=member)


# --- Phone and post: what would have been emailed, for members without email ----------


def renewals_to_ask():
    """Memberships whose renewal invitation went to nobody: the member has no email."""
    return (
        GroupMembership.objects.filter(
            status__in=[GroupMembership.Status.ACTIVE, GroupMembership.Status.PAUSED],
            renewal_invited_at__isnull=False,
            member__email__isnull=True,
        )
        .select_related("group", "member__profile")
        .order_by("term_ends_on", "pk")
    )


def rules_to_read():
    """Memberships with changed ground rules to read to a member who has no email."""
    return (
        memberships_behind_on_ground_rules()
        .filter(member__email__isnull=True)
        .select_related("member__profile")
        .order_by("group__title", "pk")
    )
