"""Reads of involvement that are more than a one-line query: a member's involvement and
the difference it made, and where staff run an activity."""

from involvement.hooks import activity_admin_url as activity_admin_url_hook
from involvement.hooks import applicant_badges as applicant_badges_hook
from involvement.models import Activity, ImpactEntry, Involvement
from members.models import User


def involvements_of(member: User):
    """Everything the member took part in (or was recorded as missing), newest first."""
    return Involvement.objects.filter(member=member).select_related("activity")


def impact_for_member(member: User, *, limit: int = 5) -> list[ImpactEntry]:
    """'What difference you made': the latest impact of the activities the member took
    part in, newest first."""
    return list(
        ImpactEntry.objects.filter(
            activity__involvements__member=member, activity__involvements__attended=True
        )
        .select_related("activity")
        .order_by("-added_at")[:limit]
    )


def activity_admin_url(activity: Activity) -> str:
    """Where staff run the activity (the app that owns it says), or "" if nowhere."""
    for _receiver, url in activity_admin_url_hook.send(sender=Activity, activity=activity):
        if url:
            return url
    return ""


def applicant_badges(member_ids: list[int]) -> dict[int, list[str]]:
    """What the apps above say staff should see beside each of these people (the
    applicant_badges hook), gathered: {member id: [label, …]}, in the apps' order."""
    badges: dict[int, list[str]] = {}
    if not member_ids:
        return badges
    for _receiver, answer in applicant_badges_hook.send(sender=Activity, member_ids=member_ids):
        for member_id, labels in (answer or {}).items():
            badges.setdefault(member_id, []).extend(labels)
    return badges
