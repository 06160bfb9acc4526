"""Reads of involvement that are more than a one-line query: a member's involvement and
the difference it made, and where staff run an activity."""

from involvement.hooks import Badge, Notice
from involvement.hooks import activity_admin_url as activity_admin_url_hook
from involvement.hooks import applicant_badges as applicant_badges_hook
from involvement.hooks import involvement_payments as involvement_payments_hook
from involvement.hooks import payment_offer_words as payment_offer_words_hook
from involvement.hooks import researcher_badges as researcher_badges_hook
from involvement.hooks import researcher_notices as researcher_notices_hook
from involvement.models import Activity, ImpactEntry, Involvement
from members.models import User


def involvements_of(member: User):
    """Everything the member took part in (or was recorded as missing), newest first."""
    return Involvement.objects.filter(member=member).select_related("activity")


def impact_for_member(
    member: User, *, limit: int | None = 5, activity_ids: list[int] | None = None
) -> list[ImpactEntry]:
    """'What difference you made': the latest impact of the activities the member took
    part in (of these activities only, when given), newest first."""
    entries = ImpactEntry.objects.filter(
        activity__involvements__member=member, activity__involvements__attended=True
    )
    if activity_ids is not None:
        entries = entries.filter(activity_id__in=activity_ids)
    entries = entries.select_related("activity").order_by("-added_at")
    return list(entries if limit is None else entries[:limit])


def activity_admin_url(activity: Activity) -> str:
    """Where staff run the activity (the app that owns it says), or "" if nowhere."""
    for _receiver, url in activity_admin_url_hook.send(sender=Activity, activity=activity):
        if url:
            return url
    return ""


def _as_badge(badge) -> Badge:
    return badge if isinstance(badge, Badge) else Badge(label=str(badge))


def _badges_gathered(hook, sender, **kwargs) -> dict[int, list[Badge]]:
    badges: dict[int, list[Badge]] = {}
    for _receiver, answer in hook.send(sender=sender, **kwargs):
        for person_id, labels in (answer or {}).items():
            badges.setdefault(person_id, []).extend(_as_badge(label) for label in labels)
    return badges


def applicant_badges(member_ids: list[int]) -> dict[int, list[Badge]]:
    """What the apps above say staff should see beside each of these people (the
    applicant_badges hook), gathered: {member id: [Badge, …]}, in the apps' order. A
    badge shows as its label; `needs_reason` ones ask staff selecting the person why."""
    if not member_ids:
        return {}
    return _badges_gathered(applicant_badges_hook, Activity, member_ids=member_ids)


def selection_reasons_needed(member_id: int) -> list[str]:
    """The labels of this person's badges that need a reason to select them."""
    return [
        badge.label
        for badge in applicant_badges([member_id]).get(member_id, [])
        if badge.needs_reason
    ]


def researcher_badges(researcher_ids: list[int]) -> dict[int, list[Badge]]:
    """What the apps above say staff should see beside these researchers (the
    researcher_badges hook): {researcher id: [Badge, …]}."""
    if not researcher_ids:
        return {}
    return _badges_gathered(researcher_badges_hook, User, researcher_ids=researcher_ids)


def researcher_notices(researcher: User, *, where: str, has_sent_request: bool) -> list[Notice]:
    """What the apps above want this researcher told on their requests' pages (the
    researcher_notices hook), in the apps' order."""
    notices: list[Notice] = []
    for _receiver, answer in researcher_notices_hook.send(
        sender=User, researcher=researcher, where=where, has_sent_request=has_sent_request
    ):
        notices.extend(answer or [])
    return notices


def involvement_payments(involvement_ids: list[int]) -> dict[int, dict]:
    """What the member may see of the payment for each of these involvements (the
    involvement_payments hook): {involvement id: {"status", "amount", "paid_on"}}."""
    payments: dict[int, dict] = {}
    if not involvement_ids:
        return payments
    for _receiver, answer in involvement_payments_hook.send(
        sender=Involvement, involvement_ids=involvement_ids
    ):
        payments.update(answer or {})
    return payments


def payment_offer_words(kind: str, *, on) -> str:
    """What the organisation pays for an activity of `kind` on `on`, in plain words
    (the payment_offer_words hook), or "" when no app knows."""
    for _receiver, words in payment_offer_words_hook.send(sender=Activity, kind=kind, on=on):
        if words:
            return str(words)
    return ""
