"""Reads for the member record: everything staff see about one person (and the person
sees in their data download), in a fixed number of queries."""

from members.models import ConsentRecord, GroupMembership, User
from members.selectors.profiles import (
    has_accepted_privacy_notice,
    profile_answers,
    profile_with_answers,
)


def member_summary(user: User) -> dict:
    """Everything a member record shows, with a fixed number of queries."""
    profile = profile_with_answers(user)
    privacy_accepted = has_accepted_privacy_notice(user=user)
    return {
        "profile": profile,
        "answers": profile_answers(profile, privacy_accepted=privacy_accepted) if profile else [],
        "memberships": list(
            GroupMembership.objects.filter(member=user)
            .select_related("group", "ground_rules_version", "recorded_by", "decided_by")
            .order_by("-applied_at")
        ),
        "consents": list(ConsentRecord.objects.filter(user=user).select_related("recorded_by")),
    }
