"""Emails about new opportunities: one at a time for members who asked for that, or a
weekly digest, both chosen by the scoring core (opportunities.matching.core): a member
hears of the opportunities worth telling them of (`is_worth_telling`: nothing rules
them out, and its topics touch theirs, or they chose none, or it names none), ranked
by score, best first.

Set-based: the members are read into one table in a fixed number of queries and scored
in bulk, one opportunity at a time over every member (numpy), keeping only each
member's best (matching.bulk.BestPerMember), so neither the queries nor the memory grow with
members × opportunities. Then one email per member, each with an idempotency key so a
re-run never sends twice.

What an email says about why: health topics tied to a named person are special-category
data, and so are access needs, and an email sits in inboxes and mail servers beyond our
care. So the emails give only the first reason of the kinds in EMAIL_REASON_KINDS (the
way to take part, times, region, research stage, skills, being a new voice) and never
a topic or access reason ("you told us about Diabetes" stays on the website, behind
sign-in)."""

import datetime

import numpy as np
from django.db.models import Q
from django.utils import timezone

from members.models import MemberProfile, User
from members.services.email import email_person
from opportunities.matching.bulk import BestPerMember
from opportunities.matching.core import explain, member_facts_from_table, score_members
from opportunities.matching.data import (
    matching_weights,
    member_role_user_ids,
    member_table_from_db,
    opportunities_for_matching,
    opportunity_facts,
    vocabulary,
)
from opportunities.models import Application, NotForMe, OpportunityPage
from opportunities.selectors import opportunities_index_url

DIGEST_DAYS = 7
# The most opportunities one digest lists, best first; the email says how many more
# there are. A busy week can bring hundreds: a list that long helps nobody, and the cap
# keeps the digest's memory to members × DIGEST_LIMIT.
DIGEST_LIMIT = 10
# Reasons an email may give (see the module's docstring): never "topic*" or "access".
EMAIL_REASON_KINDS = frozenset({"format", "times", "region", "stage", "skill", "new_voice"})
NONE = np.array([], dtype=np.intp)


def _profiles(updates: list[str], today: datetime.date):
    """Members' profiles that want these emails now (a finished pause counts as weekly)."""
    wanted = Q(updates__in=updates)
    if MemberProfile.Updates.DIGEST in updates:
        wanted |= Q(updates=MemberProfile.Updates.PAUSED, updates_paused_until__lte=today)
    return MemberProfile.objects.filter(wanted).filter(
        user__is_active=True, user__email__isnull=False, user_id__in=member_role_user_ids()
    )


def _recipients(profiles):
    """The profiles' people, in user id order (the table's), in one query."""
    return (
        User.objects.filter(pk__in=profiles.values("user_id"))
        .only("pk", "email", "name")
        .order_by("pk")
        .iterator(chunk_size=2000)
    )


def _excluded(table, opportunities, profiles) -> dict[int, np.ndarray]:
    """Per opportunity, the table rows of members who must not hear of it: they said it
    is not for them, or they applied already. Two queries."""
    member_ids: dict[int, list[int]] = {}
    for model in (NotForMe, Application):
        pairs = model.objects.filter(
            opportunity_id__in=[o.pk for o in opportunities],
            member_id__in=profiles.values("user_id"),
        ).values_list("opportunity_id", "member_id")
        for opportunity_id, member_id in pairs:
            member_ids.setdefault(opportunity_id, []).append(member_id)
    rows = {}
    for opportunity_id, found in member_ids.items():
        ids = np.array(found, dtype=np.int64)
        # table.ids are in user id order: a binary search finds each member's row.
        positions = np.minimum(np.searchsorted(table.ids, ids), len(table.ids) - 1)
        rows[opportunity_id] = positions[table.ids[positions] == ids]
    return rows


def email_reason(member, facts, *, words, weights, today) -> str:
    """The first reason an email may carry (EMAIL_REASON_KINDS), or ""."""
    match = explain(member, facts, vocabulary=words, weights=weights, today=today)
    return next((r.text for r in match.reasons if r.kind in EMAIL_REASON_KINDS), "")


def digest_select(*, today: datetime.date | None = None, limit: int = DIGEST_LIMIT):
    """What the weekly digest would send, without sending: the new opportunities, the
    member table, the facts and, per member row, the opportunities worth telling them of,
    best first
    (BestPerMember over the opportunities' order). A fixed number of queries."""
    today = today or timezone.localdate()
    since = timezone.now() - datetime.timedelta(days=DIGEST_DAYS)
    new = list(
        opportunities_for_matching(
            OpportunityPage.objects.open(today).public().filter(first_published_at__gte=since)
        )
        .prefetch_related("sessions")
        .order_by("closing_date", "pk")
    )
    words, weights = vocabulary(), matching_weights()
    profiles = _profiles([MemberProfile.Updates.DIGEST], today)
    table = member_table_from_db(profiles=profiles, today=today, vocabulary=words)
    facts = [opportunity_facts(o) for o in new]
    best = BestPerMember(len(table), limit)
    if new and len(table):
        excluded = _excluded(table, new, profiles)
        for column, (opportunity, one) in enumerate(zip(new, facts, strict=True)):
            scores = score_members(table, one, vocabulary=words, weights=weights)
            telling = scores.worth_telling(one)
            telling[excluded.get(opportunity.pk, NONE)] = False
            rows = np.flatnonzero(telling)
            best.add(column, rows, scores.score[rows])
    return new, table, facts, best, words, weights


def digest_send(*, today: datetime.date | None = None) -> int:
    """The weekly email: open opportunities published in the last week worth telling
    the member of (scoring core), best first, leaving out those they said are not for them and
    those they applied for; group-only ones reach only the groups' members."""
    today = today or timezone.localdate()
    new, table, facts, best, words, weights = digest_select(today=today)
    rows = best.rows()
    if not len(rows):
        return 0
    wanted = set(table.ids[rows].tolist())
    row_of = {int(pk): row for row, pk in enumerate(table.ids.tolist())}
    year, week, _day = today.isocalendar()
    # Where "see them all" goes: the listing, best match first for a signed-in member
    # (views.listing.BEST_MATCH; a service does not import views).
    listing = opportunities_index_url()
    listing_url = f"{listing}?sort=best" if listing else ""
    sent = 0
    for user in _recipients(_profiles([MemberProfile.Updates.DIGEST], today)):
        if user.pk not in wanted:
            continue
        row = row_of[user.pk]
        member = member_facts_from_table(table, row, today=today)
        items = [
            {
                "opportunity": new[column],
                "reason": email_reason(
                    member, facts[column], words=words, weights=weights, today=today
                ),
            }
            for column, _score in best.best(row)
        ]
        if email_person(
            user=user,
            template="opportunities/email/digest",
            context={
                "items": items,
                "count": int(best.count[row]),
                "more": int(best.count[row]) - len(items),
                "listing_url": listing_url,
            },
            key=f"digest:{user.pk}:{year}-W{week:02d}",
        ):
            sent += 1
    return sent


def announce_new(*, opportunity: OpportunityPage) -> int:
    """When an opportunity is first published: email the members who want each one and
    for whom it is worth telling (not those who said it is not for them or applied already).
    Once per opportunity: nothing is sent if it was announced before."""
    opportunity = (
        opportunities_for_matching(OpportunityPage.objects.open().public())
        .prefetch_related("sessions")
        .filter(pk=opportunity.pk)
        .first()
    )
    if opportunity is None or opportunity.announced_at is not None:
        return 0
    today = timezone.localdate()
    words, weights = vocabulary(), matching_weights()
    profiles = _profiles([MemberProfile.Updates.EACH], today)
    table = member_table_from_db(profiles=profiles, today=today, vocabulary=words)
    facts = opportunity_facts(opportunity)
    sent = 0
    if len(table):
        scores = score_members(table, facts, vocabulary=words, weights=weights)
        telling = scores.worth_telling(facts)
        telling[_excluded(table, [opportunity], profiles).get(opportunity.pk, NONE)] = False
        wanted = {
            int(pk): row
            for row, pk in zip(np.flatnonzero(telling), table.ids[telling], strict=True)
        }
        for user in _recipients(profiles) if wanted else ():
            row = wanted.get(user.pk)
            if row is None:
                continue
            member = member_facts_from_table(table, row, today=today)
            reason = email_reason(member, facts, words=words, weights=weights, today=today)
            if email_person(
                user=user,
                template="opportunities/email/new_opportunity",
                context={"opportunity": opportunity, "reason": reason},
                key=f"new-opportunity:{opportunity.pk}:{user.pk}",
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
