"""The scoring core's inputs, read from the database in a fixed number of queries
whatever the number of members or opportunities (never a query per member)."""

import datetime

import numpy as np
from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from scipy import sparse

from members import roles
from members.models import (
    GroupMembership,
    MemberProfile,
    ReferenceGroupPage,
    Region,
    ResearchStage,
    Skill,
    Topic,
)
from opportunities.matching.core import (
    ACCESS,
    FORMATS,
    TIMES,
    TRAVEL,
    MemberFacts,
    MemberTable,
    OpportunityFacts,
    Vocabulary,
    Weights,
)
from opportunities.models import OpportunitySession

FORMAT_FIELDS = tuple(f"format_{code}" for code in FORMATS)
TIME_FIELDS = ("available_weekday_daytime", "available_evenings", "available_weekends")
ACCESS_FIELDS = tuple(f"access_{code}" for code in ACCESS)
STAGE_CODES = tuple(ResearchStage.values)
# Sessions starting at or after this hour on a weekday are "evenings" (UK time).
EVENING_HOUR = 17


def matching_weights() -> Weights:
    """The weights in use: the defaults (core.Weights), with any that
    settings.MATCHING_WEIGHTS names replaced."""
    return Weights.from_mapping(getattr(settings, "MATCHING_WEIGHTS", None))


def vocabulary() -> Vocabulary:
    """The topic tree and every name a reason may use: four small queries."""
    topics = list(Topic.objects.values_list("pk", "parent_id", "name"))
    return Vocabulary(
        topic_parents={pk: parent for pk, parent, _name in topics},
        topic_names={pk: name for pk, _parent, name in topics},
        skill_names=dict(Skill.objects.values_list("pk", "name")),
        region_names=dict(Region.objects.values_list("pk", "name")),
        group_names=dict(ReferenceGroupPage.objects.values_list("pk", "title")),
        stage_names={code: str(label) for code, label in ResearchStage.choices},
    )


def member_profiles():
    """The profiles matching considers: active accounts with the member role."""
    return MemberProfile.objects.filter(user__is_active=True, user__groups__name=roles.MEMBER)


def session_times(starts_at: datetime.datetime) -> str:
    """When a session is, in the profile's availability words (UK time)."""
    local = timezone.localtime(starts_at)
    if local.weekday() >= 5:
        return "weekends"
    return "evenings" if local.hour >= EVENING_HOUR else "weekday_daytime"


def upcoming_sessions_prefetch() -> Prefetch:
    return Prefetch(
        "sessions",
        queryset=OpportunitySession.objects.upcoming(),
        to_attr="matching_sessions",
    )


def opportunities_for_matching(queryset):
    """Opportunities with what `opportunity_facts` reads, in a fixed number of queries."""
    return queryset.select_related("request").prefetch_related(
        "topics", "skills", "groups", upcoming_sessions_prefetch()
    )


def opportunity_facts(opportunity) -> OpportunityFacts:
    """An opportunity (read through `opportunities_for_matching`) as plain facts."""
    sessions = getattr(opportunity, "matching_sessions", None)
    if sessions is None:
        sessions = list(OpportunitySession.objects.filter(page=opportunity).upcoming())
    stage = opportunity.request.research_stage if opportunity.request_id else ""
    return OpportunityFacts(
        id=opportunity.pk,
        topics=frozenset(t.pk for t in opportunity.topics.all()),
        skills=frozenset(s.pk for s in opportunity.skills.all()),
        format=opportunity.format,
        times=frozenset(session_times(s.starts_at) for s in sessions),
        region=opportunity.region_id,
        access=frozenset(name.removeprefix("access_") for name in opportunity.access_offered or []),
        stage=stage,
        groups=(
            frozenset(g.pk for g in opportunity.groups.all())
            if opportunity.visibility == opportunity.Visibility.GROUPS
            else frozenset()
        ),
    )


def _flags(profile, codes, names) -> frozenset[str]:
    return frozenset(c for c, f in zip(codes, names, strict=True) if getattr(profile, f))


def member_facts(user) -> MemberFacts | None:
    """One member's facts (four queries), or None without a profile."""
    profile = MemberProfile.objects.filter(user=user).first()
    if profile is None:
        return None
    return MemberFacts(
        id=user.pk,
        topics=frozenset(profile.topics.values_list("pk", flat=True)),
        skills=frozenset(profile.skills.values_list("pk", flat=True)),
        formats=_flags(profile, FORMATS, FORMAT_FIELDS),
        times=_flags(profile, TIMES, TIME_FIELDS),
        region=profile.region_id,
        travel=profile.travel if profile.travel in TRAVEL else "",
        access=_flags(profile, ACCESS, ACCESS_FIELDS),
        stages=frozenset(profile.research_stages or []),
        groups=frozenset(
            GroupMembership.objects.filter(
                member=user, status=GroupMembership.Status.ACTIVE
            ).values_list("group_id", flat=True)
        ),
        last_involved_on=profile.last_involved_on,
    )


def _bits_column(rows, first: int, count: int) -> np.ndarray:
    bits = np.zeros(len(rows), dtype=np.uint8)
    for i in range(count):
        column = np.fromiter((bool(r[first + i]) for r in rows), dtype=bool, count=len(rows))
        bits |= column.astype(np.uint8) << i
    return bits


def _links(pairs, row_of_key: dict, keys_sorted: np.ndarray, n: int, ids: tuple[int, ...]):
    """A members × ids indicator from (profile or user id, id) pairs."""
    column = {pk: i for i, pk in enumerate(ids)}
    if not pairs:
        return sparse.csr_matrix((n, len(ids)), dtype=np.float32)
    owners = np.fromiter((p[0] for p in pairs), dtype=np.int64, count=len(pairs))
    # A term added since the vocabulary was read has no column: it is left out.
    targets = np.fromiter((column.get(p[1], -1) for p in pairs), dtype=np.int64, count=len(pairs))
    positions = np.minimum(np.searchsorted(keys_sorted, owners), max(n - 1, 0))
    known = (targets >= 0) & (n > 0) & (keys_sorted[positions] == owners if n else False)
    rows = row_of_key[positions[known]]
    matrix = sparse.csr_matrix(
        (np.ones(int(known.sum()), dtype=np.float32), (rows, targets[known])),
        shape=(n, len(ids)),
    )
    matrix.data[:] = 1.0  # a pair listed twice is still one
    return matrix


def member_table_from_db(
    *, profiles=None, today: datetime.date | None = None, vocabulary: Vocabulary
) -> MemberTable:
    """Every member in `profiles` (default: all `member_profiles()`) as a MemberTable:
    four queries (profiles, their topics, their skills, their groups), whatever their
    number. Rows are in user id order."""
    today = today or timezone.localdate()
    profiles = member_profiles() if profiles is None else profiles
    rows = list(
        profiles.order_by("user_id").values_list(
            "pk",
            "user_id",
            "region_id",
            "travel",
            "last_involved_on",
            "research_stages",
            *FORMAT_FIELDS,
            *TIME_FIELDS,
            *ACCESS_FIELDS,
        )
    )
    n = len(rows)
    profile_pks = np.fromiter((r[0] for r in rows), dtype=np.int64, count=n)
    order = np.argsort(profile_pks, kind="stable")
    sorted_pks = profile_pks[order]
    user_ids = np.fromiter((r[1] for r in rows), dtype=np.int64, count=n)

    topic_ids = tuple(sorted(vocabulary.topic_parents))
    skill_ids = tuple(sorted(vocabulary.skill_names))
    group_ids = tuple(sorted(vocabulary.group_names))
    selected = profiles.values("pk")
    topic_pairs = list(
        MemberProfile.topics.through.objects.filter(memberprofile_id__in=selected).values_list(
            "memberprofile_id", "topic_id"
        )
    )
    skill_pairs = list(
        MemberProfile.skills.through.objects.filter(memberprofile_id__in=selected).values_list(
            "memberprofile_id", "skill_id"
        )
    )
    group_pairs = list(
        GroupMembership.objects.filter(
            status=GroupMembership.Status.ACTIVE, member_id__in=profiles.values("user_id")
        ).values_list("member_id", "group_id")
    )
    user_order = np.argsort(user_ids, kind="stable")
    stage_index = {code: i for i, code in enumerate(STAGE_CODES)}
    first_flag = 6
    return MemberTable(
        ids=user_ids,
        topics=_links(topic_pairs, order, sorted_pks, n, topic_ids),
        topic_ids=topic_ids,
        skills=_links(skill_pairs, order, sorted_pks, n, skill_ids),
        skill_ids=skill_ids,
        groups=_links(group_pairs, user_order, user_ids[user_order], n, group_ids),
        group_ids=group_ids,
        formats=_bits_column(rows, first_flag, len(FORMAT_FIELDS)),
        times=_bits_column(rows, first_flag + len(FORMAT_FIELDS), len(TIME_FIELDS)),
        access=_bits_column(
            rows, first_flag + len(FORMAT_FIELDS) + len(TIME_FIELDS), len(ACCESS_FIELDS)
        ),
        stages=np.fromiter(
            (sum(1 << stage_index[s] for s in set(r[5] or []) if s in stage_index) for r in rows),
            dtype=np.int32,
            count=n,
        ),
        stage_codes=STAGE_CODES,
        region=np.fromiter((-1 if r[2] is None else r[2] for r in rows), dtype=np.int64, count=n),
        travel=np.fromiter(
            (TRAVEL.index(r[3]) if r[3] in TRAVEL else 0 for r in rows), dtype=np.int8, count=n
        ),
        last_involved_days=np.fromiter(
            (-1 if r[4] is None else (today - r[4]).days for r in rows), dtype=np.int32, count=n
        ),
    )
