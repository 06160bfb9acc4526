"""The scoring core's inputs, read from the database in a fixed number of queries
whatever the number of members or opportunities (never a query per member)."""

import contextlib
import datetime
import gc
import json
from operator import itemgetter

import numpy as np
from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    Case,
    ExpressionWrapper,
    IntegerField,
    Prefetch,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
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
    User,
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
    return MemberProfile.objects.filter(user__is_active=True, user_id__in=member_role_user_ids())


def member_role_user_ids():
    """The ids of users with the member role, as a subquery. A semi-join on the role's
    rows, not a join through auth_group: PostgreSQL filters 100,000 profiles by it in
    about half the time, and no profile can come out twice."""
    return User.groups.through.objects.filter(group__name=roles.MEMBER).values("user_id")


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


# Up to this many members, their topics, skills and groups are read by listing their
# ids; beyond it, every member's are read and the others dropped here (a list of
# 100,000 ids is past PostgreSQL's limit on parameters, and filtering through the
# profiles' query again costs more than reading the whole link tables).
PAIRS_BY_ID_LIMIT = 5000


def _bits_expression(names) -> ExpressionWrapper:
    """The boolean columns `names` as one integer in SQL, bit i for names[i]: one
    small number per member to read, instead of a Python bool per flag."""
    total = sum(
        (
            Case(When(**{name: True}, then=Value(1 << i)), default=Value(0))
            for i, name in enumerate(names)
        ),
        Value(0),
    )
    return ExpressionWrapper(total, output_field=IntegerField())


def _travel_expression() -> Case:
    """The travel band as its index in TRAVEL (0, "not said", for anything else)."""
    return Case(
        *(When(travel=code, then=Value(i)) for i, code in enumerate(TRAVEL) if code),
        default=Value(0),
        output_field=IntegerField(),
    )


def _stage_bits(texts) -> np.ndarray:
    """research_stages as read (JSON text) to bits of STAGE_CODES. Members pick from a
    handful of stages, so the distinct texts are few: each is parsed once."""
    index = {code: i for i, code in enumerate(STAGE_CODES)}
    known: dict[str, int] = {}

    def bits(text) -> int:
        if text not in known:
            codes = json.loads(text) if text else []
            codes = codes if isinstance(codes, list) else []
            known[text] = sum(1 << index[c] for c in set(codes) if c in index)
        return known[text]

    return np.fromiter((bits(text) for text in texts), dtype=np.int32, count=len(texts))


def _days_since(dates, today: datetime.date) -> np.ndarray:
    """Days from each date (a date, ISO text, or None for never: -1) to today; a date
    after today counts as today (taken part lately, not never: core.member_table does
    the same). The distinct dates are few next to the members: each is worked out once."""
    known: dict = {None: -1}
    today64 = np.datetime64(today, "D")

    def days(value) -> int:
        if value not in known:
            known[value] = max(0, int((today64 - np.datetime64(value, "D")).astype(np.int64)))
        return known[value]

    return np.fromiter((days(value) for value in dates), dtype=np.int32, count=len(dates))


def _links(pairs, keys: np.ndarray, ids: tuple[int, ...]) -> sparse.csr_matrix:
    """A members × ids indicator from (key, id) pairs, where row i is the member whose
    key is keys[i]. Pairs of other members, or of ids not in `ids` (added since the
    vocabulary was read), are left out."""
    n = len(keys)
    if not pairs or not n or not ids:
        return sparse.csr_matrix((n, len(ids)), dtype=np.float32)
    pairs = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    positions = np.minimum(np.searchsorted(sorted_keys, pairs[:, 0]), n - 1)
    id_array = np.array(ids, dtype=np.int64)  # sorted
    columns = np.minimum(np.searchsorted(id_array, pairs[:, 1]), len(ids) - 1)
    known = (sorted_keys[positions] == pairs[:, 0]) & (id_array[columns] == pairs[:, 1])
    matrix = sparse.csr_matrix(
        (
            np.ones(int(known.sum()), dtype=np.float32),
            (order[positions[known]], columns[known]),
        ),
        shape=(n, len(ids)),
    )
    matrix.data[:] = 1.0  # a pair listed twice is still one
    return matrix


def _pairs(queryset, field: str, keys: np.ndarray, *values) -> list:
    """(key, id) pairs from a link table, for the members with these keys."""
    if len(keys) <= PAIRS_BY_ID_LIMIT:
        queryset = queryset.filter(**{f"{field}__in": keys.tolist()})
    return _fetchall(queryset.order_by().values_list(field, *values))


def _fetchall(query) -> list[tuple]:
    """A values_list query's rows straight from the cursor, in one go: the ORM's
    chunked fetching and per-value converters cost more than the query for 100,000
    members, and turn integers into the same integers."""
    try:
        sql, params = query.query.sql_with_params()
    except EmptyResultSet:  # `.none()`, or `__in` an empty list: the ORM asks nothing
        return []
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@contextlib.contextmanager
def _no_cycle_collection():
    """Python's cycle collector paused while the table is built: 100,000 rows of new
    tuples set it off again and again (a third of the time, measured), and tuples of
    numbers and text hold no cycles for it to find. Turned back on after, if it was."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def member_table_from_db(
    *, profiles=None, today: datetime.date | None = None, vocabulary: Vocabulary
) -> MemberTable:
    """Every member in `profiles` (default: all `member_profiles()`) as a MemberTable:
    four queries (profiles, their topics, their skills, their groups), whatever their
    number. Rows are in user id order.

    Built for 100,000 members in well under a second: the flags come from the database
    as three small integers (bits), the research stages as text parsed once per
    distinct value, and columns go straight into numpy arrays."""
    with _no_cycle_collection():
        return _member_table(
            member_profiles() if profiles is None else profiles,
            today or timezone.localdate(),
            vocabulary,
        )


def _member_table(profiles, today: datetime.date, vocabulary: Vocabulary) -> MemberTable:
    query = (
        profiles.order_by()
        .annotate(
            m_region=Coalesce("region_id", Value(-1)),
            m_travel=_travel_expression(),
            m_formats=_bits_expression(FORMAT_FIELDS),
            m_times=_bits_expression(TIME_FIELDS),
            m_access=_bits_expression(ACCESS_FIELDS),
            m_stages=Cast("research_stages", TextField()),
        )
        .values_list(
            "pk",
            "user_id",
            "m_region",
            "m_travel",
            "m_formats",
            "m_times",
            "m_access",
            "last_involved_on",
            "m_stages",
        )
    )
    # Dates come as dates (PostgreSQL) or ISO text (SQLite): _days_since reads both.
    rows = _fetchall(query)
    # User id order: sorting 100,000 tuples here costs less than the database's sort.
    rows.sort(key=itemgetter(1))
    n = len(rows)
    columns = list(zip(*rows, strict=True)) if rows else [()] * 9
    number = [np.fromiter(columns[i], dtype=np.int64, count=n) for i in range(7)]
    profile_pks, user_ids, region, travel, formats, times, access = number

    topic_ids = tuple(sorted(vocabulary.topic_parents))
    skill_ids = tuple(sorted(vocabulary.skill_names))
    group_ids = tuple(sorted(vocabulary.group_names))
    topic_pairs = _pairs(
        MemberProfile.topics.through.objects.all(), "memberprofile_id", profile_pks, "topic_id"
    )
    skill_pairs = _pairs(
        MemberProfile.skills.through.objects.all(), "memberprofile_id", profile_pks, "skill_id"
    )
    group_pairs = _pairs(
        GroupMembership.objects.filter(status=GroupMembership.Status.ACTIVE),
        "member_id",
        user_ids,
        "group_id",
    )
    return MemberTable(
        ids=user_ids,
        topics=_links(topic_pairs, profile_pks, topic_ids),
        topic_ids=topic_ids,
        skills=_links(skill_pairs, profile_pks, skill_ids),
        skill_ids=skill_ids,
        groups=_links(group_pairs, user_ids, group_ids),
        group_ids=group_ids,
        formats=formats.astype(np.uint8),
        times=times.astype(np.uint8),
        access=access.astype(np.uint8),
        stages=_stage_bits(columns[8]),
        stage_codes=STAGE_CODES,
        region=region,
        travel=travel.astype(np.int8),
        last_involved_days=_days_since(columns[7], today),
    )
