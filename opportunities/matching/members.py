"""What matching shows a member: "Suited to you" with its reasons on the listing and an
opportunity's page, the "Best match for me" order, and "Recommended for you" on the
account page.

Reads only. One member's facts, the vocabulary and their "not for me" answers are read
once (`member_matching`: about ten queries); opportunities come through
`opportunities_for_matching` (a fixed number of queries for any number of them) and
are scored one at a time with the core's `explain`: a page holds 20, and every open
opportunity is at most a few thousand, so a Python loop is quick enough and keeps the
reasons exactly as the core words them.

An opportunity the member said is not for them (NotForMe) is never tagged suited,
never recommended and goes last in the best-match order, though it is still listed
and they can still apply.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import get_language

from home.page_cache import public_fragment
from members import roles
from opportunities.matching.core import (
    Match,
    MemberFacts,
    Reason,
    Vocabulary,
    Weights,
    explain,
    is_suited,
)
from opportunities.matching.data import (
    matching_weights,
    member_facts,
    opportunities_for_matching,
    opportunity_facts,
    vocabulary,
)
from opportunities.models import Application, NotForMe, OpportunityPage

# Reasons shown beside each opportunity in the listing; the page shows them all.
LISTED_REASONS = 3
RECOMMENDED = 5


@dataclass(frozen=True)
class MemberMatching:
    """What scoring needs about one member, read once per page."""

    facts: MemberFacts
    vocabulary: Vocabulary
    weights: Weights
    not_for_me: frozenset[int]  # opportunity ids
    today: datetime.date
    # Opportunities with a current application: "Not for me" is not offered on them.
    applied: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Suitability:
    """How one opportunity suits the member, as the pages show it."""

    match: Match
    suited: bool  # "Suited to you" (never when they said it is not for them)
    not_for_me: bool
    applied: bool = False  # they have a current application for it

    @property
    def reasons(self) -> tuple[Reason, ...]:
        return self.match.reasons

    @property
    def mismatches(self) -> tuple[Reason, ...]:
        return self.match.mismatches

    @property
    def listed_reasons(self) -> tuple[Reason, ...]:
        return self.match.reasons[:LISTED_REASONS]

    @property
    def more_reasons(self) -> int:
        return max(0, len(self.match.reasons) - LISTED_REASONS)

    @property
    def rank(self) -> tuple:
        """Best first: suited, then by score, hard mismatches after, and what they said
        is not for them last."""
        if self.not_for_me:
            group = 3
        elif self.match.mismatches:
            group = 2
        else:
            group = 0 if self.suited else 1
        return (group, -self.match.score)


def member_matching(user) -> MemberMatching | None:
    """The member's matching facts, or None for anyone who is not a signed-in member
    with a profile (they see no suggestions, and no best-match order)."""
    if not user.is_authenticated or not user.has_role(roles.MEMBER):
        return None
    facts = member_facts(user)
    if facts is None:
        return None
    return MemberMatching(
        facts=facts,
        # The same for everyone (in one language): kept with the public pages, which
        # go stale when the taxonomy or a group's page changes (home.page_cache).
        vocabulary=public_fragment(f"matching-vocabulary:{get_language()}", vocabulary),
        weights=matching_weights(),
        not_for_me=frozenset(
            NotForMe.objects.filter(member=user).values_list("opportunity_id", flat=True)
        ),
        today=timezone.localdate(),
        applied=frozenset(
            Application.objects.current()
            .filter(member=user)
            .values_list("opportunity_id", flat=True)
        ),
    )


def suitability(matching: MemberMatching, opportunity: OpportunityPage) -> Suitability:
    """How `opportunity` (read through `opportunities_for_matching`) suits the member."""
    facts = opportunity_facts(opportunity)
    match = explain(
        matching.facts,
        facts,
        vocabulary=matching.vocabulary,
        weights=matching.weights,
        today=matching.today,
    )
    not_for_me = opportunity.pk in matching.not_for_me
    return Suitability(
        match=match,
        suited=not not_for_me and is_suited(match, facts, matching.weights),
        not_for_me=not_for_me,
        applied=opportunity.pk in matching.applied,
    )


def with_suitability(matching: MemberMatching, opportunities) -> list:
    """The opportunities, each with its `suitability` set (in the order given)."""
    found = list(opportunities)
    for opportunity in found:
        opportunity.suitability = suitability(matching, opportunity)
    return found


def best_match_first(matching: MemberMatching, opportunities) -> list:
    """The opportunities (in their default order), each with its `suitability`, best
    match first; the default order breaks ties (the sort is stable)."""
    return sorted(with_suitability(matching, opportunities), key=lambda page: page.suitability.rank)


def recommended_for(user, *, limit: int = RECOMMENDED) -> list[tuple] | None:
    """Up to `limit` open opportunities the member may see, suited to them, that they
    have not applied for nor said are not for them, best first (soonest closing breaks
    ties): `(opportunity, first reason)` pairs. None without a profile."""
    matching = member_matching(user)
    if matching is None:
        return None
    candidates = opportunities_for_matching(
        OpportunityPage.objects.open()
        .public()
        .visible_to(user)
        .exclude(pk__in=Application.objects.filter(member=user).values("opportunity_id"))
        .exclude(pk__in=matching.not_for_me)
        .order_by("closing_date", "pk")
    )
    suited = [page for page in with_suitability(matching, candidates) if page.suitability.suited]
    suited.sort(key=lambda page: -page.suitability.match.score)
    return [(page, page.suitability.reasons[0]) for page in suited[:limit]]
