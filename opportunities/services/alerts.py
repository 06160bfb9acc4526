"""Emails about new opportunities: one at a time for members who asked for that, or a
weekly digest. Set-based reads (a fixed number of queries for any number of members),
one email per member, each with an idempotency key so a re-run never sends twice."""

import datetime

from django.db.models import Q
from django.utils import timezone

from members import roles
from members.models import GroupMembership, MemberProfile, Topic
from members.services.email import email_person
from opportunities.matching import (
    FORMAT_FLAGS,
    MemberInterests,
    OpportunityFacts,
    opportunity_fits,
)
from opportunities.models import OpportunityPage

DIGEST_DAYS = 7


def _top_level(topic_ids, parents: dict[int, int | None]) -> frozenset[int]:
    """Each topic as its category: a condition ("Diabetes") matches its category
    ("Diabetes, thyroid and hormones") and the other conditions beneath it, however
    deep staff nest them."""

    def root(pk: int) -> int:
        seen = {pk}
        while parents.get(pk) and parents[pk] not in seen:
            pk = parents[pk]
            seen.add(pk)
        return pk

    return frozenset(root(pk) for pk in topic_ids)


def _topic_parents() -> dict[int, int | None]:
    return dict(Topic.objects.values_list("pk", "parent_id"))


def _facts(opportunities, parents) -> dict[int, OpportunityFacts]:
    return {
        o.pk: OpportunityFacts(
            topics=_top_level([t.pk for t in o.topics.all()], parents), format=o.format
        )
        for o in opportunities
    }


def _profiles(updates: list[str], today: datetime.date):
    """Members' profiles that want these emails now (a finished pause counts as weekly)."""
    wanted = Q(updates__in=updates)
    if MemberProfile.Updates.DIGEST in updates:
        wanted |= Q(updates=MemberProfile.Updates.PAUSED, updates_paused_until__lte=today)
    return (
        MemberProfile.objects.filter(wanted)
        .filter(user__is_active=True, user__email__isnull=False, user__groups__name=roles.MEMBER)
        .select_related("user")
        .prefetch_related("topics")
    )


def _interests(profile, parents) -> MemberInterests:
    return MemberInterests(
        topics=_top_level([t.pk for t in profile.topics.all()], parents),
        formats=frozenset(fmt for flag, fmt in FORMAT_FLAGS.items() if getattr(profile, flag)),
    )


def _groups_by_member() -> dict[int, set[int]]:
    groups: dict[int, set[int]] = {}
    for member_id, group_id in GroupMembership.objects.filter(
        status=GroupMembership.Status.ACTIVE
    ).values_list("member_id", "group_id"):
        groups.setdefault(member_id, set()).add(group_id)
    return groups


def _visible(opportunity, member_groups: set[int]) -> bool:
    if opportunity.visibility == OpportunityPage.Visibility.ANYONE:
        return True
    return bool(member_groups & {g.pk for g in opportunity.groups.all()})


def digest_send(*, today: datetime.date | None = None) -> int:
    """The weekly email: open opportunities published in the last week that fit."""
    today = today or timezone.localdate()
    since = timezone.now() - datetime.timedelta(days=DIGEST_DAYS)
    new = list(
        OpportunityPage.objects.open(today)
        .public()
        .filter(first_published_at__gte=since)
        .prefetch_related("topics", "groups", "sessions")
        .order_by("closing_date", "pk")
    )
    if not new:
        return 0
    parents = _topic_parents()
    facts = _facts(new, parents)
    member_groups = _groups_by_member()
    year, week, _day = today.isocalendar()
    sent = 0
    for profile in _profiles([MemberProfile.Updates.DIGEST], today).iterator(chunk_size=500):
        interests = _interests(profile, parents)
        fitting = [
            o
            for o in new
            if opportunity_fits(interests, facts[o.pk])
            and _visible(o, member_groups.get(profile.user_id, set()))
        ]
        if fitting and email_person(
            user=profile.user,
            template="opportunities/email/digest",
            context={"opportunities": fitting},
            key=f"digest:{profile.user_id}:{year}-W{week:02d}",
        ):
            sent += 1
    return sent


def announce_new(*, opportunity: OpportunityPage) -> int:
    """When an opportunity is first published: email members who want each one.
    Once per opportunity: nothing is sent if it was announced before."""
    opportunity = (
        OpportunityPage.objects.open()
        .public()
        .prefetch_related("topics", "groups", "sessions")
        .filter(pk=opportunity.pk)
        .first()
    )
    if opportunity is None or opportunity.announced_at is not None:
        return 0
    parents = _topic_parents()
    facts = _facts([opportunity], parents)[opportunity.pk]
    member_groups = _groups_by_member()
    sent = 0
    profiles = _profiles([MemberProfile.Updates.EACH], timezone.localdate())
    for profile in profiles.iterator(chunk_size=500):
        if not opportunity_fits(_interests(profile, parents), facts):
            continue
        if not _visible(opportunity, member_groups.get(profile.user_id, set())):
            continue
        if email_person(
            user=profile.user,
            template="opportunities/email/new_opportunity",
            context={"opportunity": opportunity},
            key=f"new-opportunity:{opportunity.pk}:{profile.user_id}",
        ):
            sent += 1
    # Marked at the end: a run cut short is finished by announce_pending (the keys stop
    # anyone getting it twice), and a later republish announces nothing.
    OpportunityPage.objects.filter(pk=opportunity.pk).update(announced_at=timezone.now())
    return sent


def announce_pending(*, older_than: datetime.timedelta = datetime.timedelta(minutes=5)) -> int:
    """Announce open opportunities published a while ago but never announced (the
    broker was down when they were published, or a run was cut short)."""
    pending = (
        OpportunityPage.objects.open()
        .public()
        .filter(announced_at__isnull=True, first_published_at__lte=timezone.now() - older_than)
        .order_by("pk")
    )
    return sum(announce_new(opportunity=page) for page in pending)
