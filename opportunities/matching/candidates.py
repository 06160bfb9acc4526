"""Members staff might invite to apply for an opportunity: everyone who has not applied,
ranked by the scoring core over the whole member table (a fixed number of queries
whatever the number of members), with the reasons for the people on the page shown.

The equality filter ("agreed to be prioritised, and belongs to a group that is
missing") goes through the equality door (members.selectors.equality), which refuses
staff without the equality permission and logs every look; nothing here reads or shows
anyone's answer.

Access needs are health data too: staff see them only through members' access-needs door
(access_needs_of, which logs the look), so the reasons on this screen are only the kinds
in STAFF_REASON_KINDS, never "access" (the score still counts a need the opportunity can
meet; only the words are left out)."""

import datetime
from dataclasses import dataclass, replace

import numpy as np
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from home.permissions import may
from members.models import GroupMembership, User
from members.selectors.equality import seeks_voices_matches
from opportunities.matching.core import (
    Match,
    explain,
    member_facts_from_table,
    ranked,
    score_members,
)
from opportunities.matching.data import (
    matching_weights,
    member_profiles,
    member_table_from_db,
    opportunities_for_matching,
    opportunity_facts,
    vocabulary,
)
from opportunities.models import Application, Invitation, NotForMe, OpportunityPage

EQUALITY_PERMISSION = "members.view_equality_dashboard"
# Reasons staff may read on the invite screen (see the module's docstring): never "access".
STAFF_REASON_KINDS = frozenset(
    {
        "topic",
        "topic_close",
        "topic_category",
        "skill",
        "format",
        "times",
        "region",
        "stage",
        "new_voice",
    }
)


def _for_staff(match: Match) -> Match:
    """`match` with only the reasons staff may read (STAFF_REASON_KINDS)."""
    return replace(match, reasons=tuple(r for r in match.reasons if r.kind in STAFF_REASON_KINDS))


@dataclass(frozen=True)
class CandidateFilters:
    """What staff narrowed the list to. `seeks` ("characteristic:answer") is used only
    for staff with the equality permission; for anyone else it is ignored."""

    group_id: int | None = None
    region_id: int | None = None
    never_taken_part: bool = False
    include_unsuited: bool = False
    seeks: str = ""


@dataclass
class Candidate:
    member: User
    match: Match
    region: str
    last_involved_on: datetime.date | None
    invitation: Invitation | None = None

    @property
    def is_hard_mismatch(self) -> bool:
        return self.match.is_hard_mismatch


@dataclass
class Candidates:
    """Every candidate's user id, best first (hard mismatches, when asked for, last);
    `page` turns one slice of them into Candidates with their reasons."""

    opportunity: OpportunityPage
    ids: list[int]
    rows: list[int]
    table: object
    facts: object
    vocabulary: object
    weights: object
    today: datetime.date
    equality_filtered: bool = False
    hard_mismatches: int = 0

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        """A Paginator slices this: the slice's ids become Candidates (three queries)."""
        if isinstance(index, slice):
            return self.candidates(self.ids[index], self.rows[index])
        return self.candidates([self.ids[index]], [self.rows[index]])[0]

    def count(self) -> int:
        return len(self.ids)

    def candidates(self, ids: list[int], rows: list[int]) -> list[Candidate]:
        users = User.objects.in_bulk(ids)
        invitations = {
            invitation.member_id: invitation
            for invitation in Invitation.objects.filter(
                opportunity=self.opportunity, member_id__in=ids
            )
        }
        found = []
        for pk, row in zip(ids, rows, strict=True):
            if pk not in users:  # erased since the table was read
                continue
            member = member_facts_from_table(self.table, row, today=self.today)
            found.append(
                Candidate(
                    member=users[pk],
                    match=_for_staff(
                        explain(
                            member,
                            self.facts,
                            vocabulary=self.vocabulary,
                            weights=self.weights,
                            today=self.today,
                        )
                    ),
                    region=self.vocabulary.region_names.get(member.region, ""),
                    last_involved_on=member.last_involved_on,
                    invitation=invitations.get(pk),
                )
            )
        return found


def invitation_candidates(
    opportunity: OpportunityPage,
    *,
    by: User,
    filters: CandidateFilters = CandidateFilters(),  # noqa: B008 (frozen: never changed)
    today: datetime.date | None = None,
) -> Candidates:
    """The members staff (`by`) might invite: active members with a profile, without a
    current application for `opportunity` and who have not said it is not for them,
    never `by` themselves (nobody acts on their
    own record), ranked best first. Hard mismatches are left out unless
    `filters.include_unsuited`, and then come last. A fixed number of queries, whatever
    the number of members."""
    today = today or timezone.localdate()
    words = vocabulary()
    weights = matching_weights()
    page = opportunities_for_matching(OpportunityPage.objects.filter(pk=opportunity.pk)).get()
    facts = opportunity_facts(page)

    profiles = member_profiles().exclude(user_id=by.pk)
    profiles = profiles.exclude(
        user_id__in=Application.objects.current()
        .filter(opportunity=opportunity)
        .values("member_id")
    )
    # Nor anyone who said it is not for them: staff would only be asking again.
    profiles = profiles.exclude(
        user_id__in=NotForMe.objects.filter(opportunity=opportunity).values("member_id")
    )
    if filters.group_id is not None:
        profiles = profiles.filter(
            user_id__in=GroupMembership.objects.filter(
                group_id=filters.group_id, status=GroupMembership.Status.ACTIVE
            ).values("member_id")
        )
    if filters.region_id is not None:
        profiles = profiles.filter(region_id=filters.region_id)
    if filters.never_taken_part:
        profiles = profiles.filter(last_involved_on__isnull=True)
    table = member_table_from_db(profiles=profiles, today=today, vocabulary=words)
    scores = score_members(table, facts, vocabulary=words, weights=weights)
    rows = ranked(scores, keep=~scores.mismatch)
    hard = np.zeros(0, dtype=np.int64)
    if filters.include_unsuited:
        hard = ranked(scores, keep=scores.mismatch)
        rows = np.concatenate([rows, hard])
    ids = table.ids[rows].tolist()
    rows = rows.tolist()

    equality_filtered = False
    if filters.seeks and may(by, permission=EQUALITY_PERMISSION):
        # Through the door, which checks and logs, asked for every consenting match (a
        # small set) and intersected here: the ranked ids can be 100,000, too many for
        # one IN list (SQLite refuses above ~32k parameters; PostgreSQL is slow).
        wanted = seeks_voices_matches(
            seeks=filters.seeks,
            by=by,
            what=f"Find members to invite: {opportunity.title}",
        )
        kept = [(pk, row) for pk, row in zip(ids, rows, strict=True) if pk in wanted]
        ids = [pk for pk, _row in kept]
        rows = [row for _pk, row in kept]
        equality_filtered = True
    hard_rows = set(hard.tolist())
    return Candidates(
        opportunity=opportunity,
        ids=ids,
        rows=rows,
        table=table,
        facts=facts,
        vocabulary=words,
        weights=weights,
        today=today,
        equality_filtered=equality_filtered,
        hard_mismatches=sum(1 for row in rows if row in hard_rows),
    )


def invitations_of(opportunity: OpportunityPage):
    """The opportunity's invitations, latest first, each with `applied_at`: when the
    person's current application was sent, or None (one query)."""
    applied = (
        Application.objects.current()
        .filter(opportunity=opportunity, member=OuterRef("member"))
        .values("submitted_at")[:1]
    )
    return (
        Invitation.objects.filter(opportunity=opportunity)
        .select_related("member")
        .annotate(applied_at=Subquery(applied))
        .order_by("-invited_at", "pk")
    )


def invited_on(opportunity: OpportunityPage, member_ids) -> dict[int, datetime.datetime]:
    """When each of these people was invited to apply for `opportunity` (one query)."""
    return dict(
        Invitation.objects.filter(
            opportunity=opportunity, member_id__in=list(member_ids)
        ).values_list("member_id", "invited_at")
    )
