"""How well an opportunity suits a member, and why: the scoring core.

Pure: plain data in, plain data out, no database. `explain` scores one member against
one opportunity and says why in plain English (the reasons members and staff read);
`score_members` scores many members against one opportunity at once with numpy and
scipy's sparse matrices, and gives exactly the same scores (a property test holds them
to it), so staff screens and the weekly digest rank 100,000 members without a Python
loop per member.

The rules, each a `Weights` field (settings.MATCHING_WEIGHTS changes them):

- **Topics.** For each topic the opportunity is about, the member's closest topic
  counts: the same topic (`topic`), a narrower or broader one (`topic_close`: a member
  who told us about "Diabetes" suits an opportunity about its category, and the other
  way round), or one in the same health category (`topic_category`). An opportunity
  about topics none of the member's touch is never "suited", but is still ranked.
- **Skills** the opportunity wants that the member has: `skill` each, up to `skill_cap`.
- **Format.** One of the ways the member said they can take part: `format`; "a mix"
  suits everyone. A format the member did not choose is a hard mismatch (a member who
  chose none is open to all).
- **Times.** A session at a time the member said they can (weekday daytimes, evenings,
  weekends): `times`.
- **Place.** In person in the member's region: `region`. In person is a hard mismatch
  for a member who takes part from home only, and in another region for one who
  travels only locally or in their area (profiles hold a region and a travel band, not
  a postcode, so this is as close as matching can be).
- **Access.** Each access need the member told us of that the opportunity can meet:
  `access`.
- **Stage.** The research stage is one the member would like to help with: `stage`.
  Only opportunities made from a researcher's request have a stage (the request is
  the only place one is recorded); for the others this rule adds nothing.
- **New voices.** Never taken part: `new_voice`; not for `lately_days` days:
  `not_lately`. Fair recruitment favours people not yet heard.
- **Groups.** An opportunity only for members of some groups is a hard mismatch for
  anyone else.

An opportunity is *suited* to a member ("Suited to you" on the website) when nothing
is a hard mismatch, the score reaches `suited`, and (if it names topics) one of its
topics touches theirs.

The emails about new opportunities are wider (`is_worth_telling`): a member hears of
an opportunity when nothing is a hard mismatch and one of its topics touches theirs,
or they chose no topics (they hear of everything that fits them otherwise), or it
names none (it is open to any experience). What they hear of is ranked by score.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field, fields

import numpy as np
from django.utils.translation import gettext as _
from scipy import sparse

FORMATS = ("online", "in_person", "phone", "paper")
MIXED = "mixed"
IN_PERSON = "in_person"
TIMES = ("weekday_daytime", "evenings", "weekends")
# The profile's access flags, without their "access_" prefix.
ACCESS = ("step_free", "hearing_loop", "bsl", "interpreter", "breaks", "support_worker")
TRAVEL = ("", "home", "local", "area", "further")
# The topic relations that make an opportunity "about" the member's experience: the
# same topic, or a narrower or broader one (a sibling in the same health category only
# adds to the score: asthma is not COPD).
TOUCHING = frozenset({"topic", "topic_close"})
# Travel bands that stay in the member's own region.
TRAVEL_IN_REGION = frozenset({"local", "area"})


@dataclass(frozen=True)
class Weights:
    """What each rule adds to a score. Defaults chosen so that one shared topic alone
    makes an opportunity suited, and being new counts as much as half a topic."""

    topic: float = 4.0
    topic_close: float = 3.0
    topic_category: float = 1.0
    skill: float = 1.0
    skill_cap: int = 3
    format: float = 1.0
    times: float = 1.0
    region: float = 1.0
    access: float = 0.5
    stage: float = 1.0
    new_voice: float = 2.0
    not_lately: float = 1.0
    lately_days: int = 365
    suited: float = 4.0

    def __post_init__(self):
        # A negative weight would let a shared topic lower a score, and a threshold of
        # nothing would call everything without a hard mismatch "suited".
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "suited" and not value > 0:
                raise ValueError(f"The matching weight suited must be above 0, not {value}")
            if not value >= 0:
                raise ValueError(f"The matching weight {f.name} must be 0 or more, not {value}")

    @classmethod
    def from_mapping(cls, values: Mapping | None) -> "Weights":
        """Defaults, with the named ones replaced; an unknown name is an error, not ignored."""
        values = dict(values or {})
        known = {f.name for f in fields(cls)}
        unknown = set(values) - known
        if unknown:
            raise ValueError(f"Unknown matching weights: {', '.join(sorted(unknown))}")
        return cls(**values)


@dataclass(frozen=True)
class Vocabulary:
    """Names for reasons, and the topic tree. `topic_parents` maps every topic id to its
    parent id (None at the top)."""

    topic_parents: Mapping[int, int | None]
    topic_names: Mapping[int, str] = field(default_factory=dict)
    skill_names: Mapping[int, str] = field(default_factory=dict)
    region_names: Mapping[int, str] = field(default_factory=dict)
    group_names: Mapping[int, str] = field(default_factory=dict)
    stage_names: Mapping[str, str] = field(default_factory=dict)

    def ancestors(self, topic: int) -> tuple[int, ...]:
        """Parent, grandparent… (cycles, which staff could make, are cut)."""
        found: list[int] = []
        seen = {topic}
        parent = self.topic_parents.get(topic)
        while parent is not None and parent not in seen:
            found.append(parent)
            seen.add(parent)
            parent = self.topic_parents.get(parent)
        return tuple(found)

    def root(self, topic: int) -> int:
        chain = self.ancestors(topic)
        return chain[-1] if chain else topic


@dataclass(frozen=True)
class MemberFacts:
    id: int
    topics: frozenset[int] = frozenset()
    skills: frozenset[int] = frozenset()
    formats: frozenset[str] = frozenset()  # FORMATS
    times: frozenset[str] = frozenset()  # TIMES
    region: int | None = None
    travel: str = ""  # TRAVEL
    access: frozenset[str] = frozenset()  # ACCESS
    stages: frozenset[str] = frozenset()  # ResearchStage codes
    groups: frozenset[int] = frozenset()  # active reference groups
    last_involved_on: datetime.date | None = None


@dataclass(frozen=True)
class OpportunityFacts:
    id: int
    topics: frozenset[int] = frozenset()
    skills: frozenset[int] = frozenset()
    format: str = MIXED  # FORMATS or MIXED
    times: frozenset[str] = frozenset()  # when its sessions to come are
    region: int | None = None
    access: frozenset[str] = frozenset()  # what it can offer (ACCESS)
    stage: str = ""
    groups: frozenset[int] = frozenset()  # empty: open to anyone


@dataclass(frozen=True)
class Reason:
    kind: str  # the rule: "topic", "skill", "format", …
    text: str


@dataclass(frozen=True)
class Match:
    score: float
    reasons: tuple[Reason, ...]
    mismatches: tuple[Reason, ...]  # hard reasons it is not a fit
    touches_topics: bool

    @property
    def is_hard_mismatch(self) -> bool:
        return bool(self.mismatches)


def _suits(mismatch, score, touches, opportunity: OpportunityFacts, weights: Weights):
    """The "suited" rule, for one member (bools) or many (arrays) alike."""
    ok = np.logical_and(np.logical_not(mismatch), score >= weights.suited - 1e-9)
    return np.logical_and(ok, touches) if opportunity.topics else ok


def _worth_telling(mismatch, touches, chose_topics, opportunity: OpportunityFacts):
    """The emails' rule, for one member (bools) or many (arrays) alike: nothing is a
    hard mismatch and, if both name topics, one of the opportunity's touches theirs. A
    member who chose no topics hears of everything that fits them otherwise; an
    opportunity open to any experience (no topics) is for everyone it fits."""
    ok = np.logical_not(mismatch)
    if opportunity.topics:
        ok = np.logical_and(ok, np.logical_or(touches, np.logical_not(chose_topics)))
    return ok


def is_suited(match: Match, opportunity: OpportunityFacts, weights: Weights) -> bool:
    """What "Suited to you" means on the website."""
    return bool(
        _suits(match.is_hard_mismatch, match.score, match.touches_topics, opportunity, weights)
    )


def is_worth_telling(match: Match, member: MemberFacts, opportunity: OpportunityFacts) -> bool:
    """Whether the emails about new opportunities tell this member of it (they rank
    what they tell by score, and filter no further: see `_worth_telling`)."""
    return bool(
        _worth_telling(
            match.is_hard_mismatch, match.touches_topics, bool(member.topics), opportunity
        )
    )


# --- Words -----------------------------------------------------------------------------


def _format_words(code: str) -> str:
    return {
        "online": _("online"),
        "in_person": _("in person"),
        "phone": _("by phone"),
        "paper": _("on paper, by post"),
    }.get(code, code)


def _times_words(codes) -> str:
    words = {
        "weekday_daytime": _("in the daytime on weekdays"),
        "evenings": _("in the evenings"),
        "weekends": _("at weekends"),
    }
    return _join([words[c] for c in TIMES if c in codes])


def _access_words(codes) -> str:
    words = {
        "step_free": _("step-free access"),
        "hearing_loop": _("a hearing loop"),
        "bsl": _("a British Sign Language interpreter"),
        "interpreter": _("an interpreter"),
        "breaks": _("regular breaks"),
        "support_worker": _("room for a support worker or carer"),
    }
    return _join([words[c] for c in ACCESS if c in codes])


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


# --- One member, one opportunity --------------------------------------------------------


def _topic_relation(mine: int, theirs: int, vocabulary: Vocabulary, weights: Weights):
    """(weight, kind) of how the member's topic touches the opportunity's."""
    if mine == theirs:
        return weights.topic, "topic"
    if theirs in vocabulary.ancestors(mine) or mine in vocabulary.ancestors(theirs):
        return weights.topic_close, "topic_close"
    if vocabulary.root(mine) == vocabulary.root(theirs):
        return weights.topic_category, "topic_category"
    return 0.0, ""


def explain(
    member: MemberFacts,
    opportunity: OpportunityFacts,
    *,
    vocabulary: Vocabulary,
    weights: Weights,
    today: datetime.date,
) -> Match:
    """The score of one opportunity for one member, with the reasons it suits them and
    the hard reasons it does not."""
    score = 0.0
    reasons: list[Reason] = []
    mismatches: list[Reason] = []
    topic_name = lambda pk: vocabulary.topic_names.get(pk, "")  # noqa: E731

    touches = False
    for theirs in sorted(opportunity.topics):
        best = (0.0, "", None)
        for mine in sorted(member.topics):
            weight, kind = _topic_relation(mine, theirs, vocabulary, weights)
            touches = touches or kind in TOUCHING
            if weight > best[0]:
                best = (weight, kind, mine)
        weight, kind, mine = best
        if not weight:
            continue
        score += weight
        if kind == "topic":
            text = _("you told us about %(topic)s") % {"topic": topic_name(theirs)}
        elif kind == "topic_close":
            # Names in quotes: "Diabetes, thyroid and hormones" is one name, commas and all.
            text = _("it is about “%(theirs)s”, close to “%(mine)s”, which you told us about") % {
                "theirs": topic_name(theirs),
                "mine": topic_name(mine),
            }
        else:
            text = _(
                "it is about “%(theirs)s”, in the same area of health as “%(mine)s”, "
                "which you told us about"
            ) % {"theirs": topic_name(theirs), "mine": topic_name(mine)}
        reasons.append(Reason(kind, text))

    shared_skills = sorted(member.skills & opportunity.skills)
    if shared_skills:
        score += weights.skill * min(len(shared_skills), weights.skill_cap)
        names = _join([vocabulary.skill_names.get(pk, "") for pk in shared_skills])
        text = _("it needs %(skills)s, which you have") % {"skills": names}
        reasons.append(Reason("skill", text))

    if opportunity.format == MIXED:
        score += weights.format
        reasons.append(Reason("format", _("you can choose how to take part")))
    elif member.formats and opportunity.format in member.formats:
        score += weights.format
        reasons.append(
            Reason(
                "format",
                _("%(format)s, a way you said you can take part")
                % {"format": _format_words(opportunity.format)},
            )
        )
    elif member.formats:
        mismatches.append(
            Reason(
                "format",
                _("it is %(format)s, which is not one of the ways you said you can take part")
                % {"format": _format_words(opportunity.format)},
            )
        )

    good_times = member.times & opportunity.times
    if good_times:
        score += weights.times
        reasons.append(
            Reason(
                "times",
                _("%(times)s, when you said you can take part")
                % {"times": _times_words(good_times)},
            )
        )

    region_name = vocabulary.region_names.get(opportunity.region, "")
    if (
        opportunity.format in (IN_PERSON, MIXED)
        and opportunity.region is not None
        and member.region == opportunity.region
    ):
        score += weights.region
        text = _("in %(region)s, your region") % {"region": region_name}
        reasons.append(Reason("region", text))
    if opportunity.format == IN_PERSON:
        if member.travel == "home":
            mismatches.append(
                Reason("travel", _("it is in person, and you take part from home only"))
            )
        elif (
            member.travel in TRAVEL_IN_REGION
            and opportunity.region is not None
            and member.region is not None
            and member.region != opportunity.region
        ):
            mismatches.append(
                Reason(
                    "travel",
                    _("it is in person in %(region)s, further than you said you can travel")
                    % {"region": region_name},
                )
            )

    met = member.access & opportunity.access
    if met:
        score += weights.access * len(met)
        reasons.append(
            Reason(
                "access",
                _("it can offer %(needs)s, which you told us you need")
                % {"needs": _access_words(met)},
            )
        )

    if opportunity.stage and opportunity.stage in member.stages:
        score += weights.stage
        reasons.append(
            Reason(
                "stage",
                _("%(stage)s: a stage of research you would like to help with")
                % {"stage": vocabulary.stage_names.get(opportunity.stage, opportunity.stage)},
            )
        )

    if member.last_involved_on is None:
        score += weights.new_voice
        reasons.append(
            Reason("new_voice", _("you have not taken part yet, and new voices are welcome"))
        )
    elif (today - member.last_involved_on).days >= weights.lately_days:
        score += weights.not_lately
        reasons.append(Reason("new_voice", _("you have not taken part for a while")))

    if opportunity.groups and not (member.groups & opportunity.groups):
        names = _join(sorted(vocabulary.group_names.get(pk, "") for pk in opportunity.groups))
        mismatches.append(
            Reason("groups", _("it is only for members of %(groups)s") % {"groups": names})
        )

    return Match(
        score=round(score, 4),
        reasons=tuple(reasons),
        mismatches=tuple(mismatches),
        touches_topics=touches,
    )


# --- Many members, one opportunity ------------------------------------------------------


def _bits(values, vocabulary_of_codes) -> int:
    return sum(1 << i for i, code in enumerate(vocabulary_of_codes) if code in values)


_POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.int16)


@dataclass(frozen=True)
class MemberTable:
    """Many members' facts as arrays, one row per member (built by `member_table` here
    from plain facts, or straight from the database by opportunities.matching.data)."""

    ids: np.ndarray  # int64
    topics: sparse.csr_matrix  # members × topic columns, 1 where told us
    topic_ids: tuple[int, ...]  # the topic id of each column
    skills: sparse.csr_matrix
    skill_ids: tuple[int, ...]
    groups: sparse.csr_matrix
    group_ids: tuple[int, ...]
    formats: np.ndarray  # uint8 bits of FORMATS
    times: np.ndarray  # uint8 bits of TIMES
    access: np.ndarray  # uint8 bits of ACCESS
    stages: np.ndarray  # int32 bits of `stage_codes`
    stage_codes: tuple[str, ...]
    region: np.ndarray  # int64, -1 when not given
    travel: np.ndarray  # int8 index in TRAVEL
    # int32 days since they last took part, -1 never (a date after today is 0: a table
    # built from the database must clamp it too, or it would read as "never").
    last_involved_days: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)


def _indicator(rows: list[list[int]], ids: tuple[int, ...]) -> sparse.csr_matrix:
    column = {pk: i for i, pk in enumerate(ids)}
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indices: list[int] = []
    for i, row in enumerate(rows):
        cols = sorted({column[pk] for pk in row if pk in column})
        indices.extend(cols)
        indptr[i + 1] = len(indices)
    data = np.ones(len(indices), dtype=np.float32)
    return sparse.csr_matrix(
        (data, np.array(indices, dtype=np.int64), indptr), shape=(len(rows), len(ids))
    )


def member_table(
    members: list[MemberFacts],
    *,
    topic_ids,
    skill_ids=(),
    group_ids=(),
    stage_codes=(),
    today: datetime.date,
) -> MemberTable:
    """Plain facts as a table (tests and small sets; the database path builds the same
    arrays without MemberFacts)."""
    topic_ids = tuple(sorted(set(topic_ids) | {t for m in members for t in m.topics}))
    skill_ids = tuple(sorted(set(skill_ids) | {s for m in members for s in m.skills}))
    group_ids = tuple(sorted(set(group_ids) | {g for m in members for g in m.groups}))
    stage_codes = tuple(stage_codes) or tuple(sorted({s for m in members for s in m.stages}))
    return MemberTable(
        ids=np.array([m.id for m in members], dtype=np.int64),
        topics=_indicator([list(m.topics) for m in members], topic_ids),
        topic_ids=topic_ids,
        skills=_indicator([list(m.skills) for m in members], skill_ids),
        skill_ids=skill_ids,
        groups=_indicator([list(m.groups) for m in members], group_ids),
        group_ids=group_ids,
        formats=np.array([_bits(m.formats, FORMATS) for m in members], dtype=np.uint8),
        times=np.array([_bits(m.times, TIMES) for m in members], dtype=np.uint8),
        access=np.array([_bits(m.access, ACCESS) for m in members], dtype=np.uint8),
        stages=np.array([_bits(m.stages, stage_codes) for m in members], dtype=np.int32),
        stage_codes=stage_codes,
        region=np.array([-1 if m.region is None else m.region for m in members], dtype=np.int64),
        travel=np.array([TRAVEL.index(m.travel) for m in members], dtype=np.int8),
        last_involved_days=np.array(
            [
                # A date after today counts as today: taken part lately, not never.
                -1 if m.last_involved_on is None else max(0, (today - m.last_involved_on).days)
                for m in members
            ],
            dtype=np.int32,
        ),
    )


@dataclass(frozen=True)
class Scores:
    """Per member (in the table's order): the score, whether anything is a hard
    mismatch, and whether one of the opportunity's topics touches theirs."""

    score: np.ndarray  # float64
    mismatch: np.ndarray  # bool
    touches_topics: np.ndarray  # bool
    chose_topics: np.ndarray  # bool: the member told us about at least one topic

    def suited(self, opportunity: OpportunityFacts, weights: Weights) -> np.ndarray:
        """`is_suited`, for every member."""
        return _suits(self.mismatch, self.score, self.touches_topics, opportunity, weights)

    def worth_telling(self, opportunity: OpportunityFacts) -> np.ndarray:
        """`is_worth_telling`, for every member."""
        return _worth_telling(self.mismatch, self.touches_topics, self.chose_topics, opportunity)


def _column_vector(ids: tuple[int, ...], wanted) -> np.ndarray:
    return np.array([1.0 if pk in wanted else 0.0 for pk in ids], dtype=np.float32)


def score_members(
    table: MemberTable,
    opportunity: OpportunityFacts,
    *,
    vocabulary: Vocabulary,
    weights: Weights,
) -> Scores:
    """Every member's score for one opportunity, as `explain` would give it."""
    n = len(table)
    score = np.zeros(n, dtype=np.float64)
    mismatch = np.zeros(n, dtype=bool)
    touches = np.zeros(n, dtype=bool)

    # Topics: for each of the opportunity's topics, the member's best relation.
    for theirs in sorted(opportunity.topics):
        relations = [_topic_relation(mine, theirs, vocabulary, weights) for mine in table.topic_ids]
        if n == 0:
            continue
        # Whether a topic touches does not depend on its weight (as in `explain`): so
        # before the short cut for weights of nothing.
        touching = np.array([kind in TOUCHING for _w, kind in relations], dtype=np.float32)
        if touching.any():
            touches |= np.asarray(table.topics @ touching).ravel() > 0
        relation = np.array([weight for weight, _kind in relations], dtype=np.float64)
        if not relation.any():
            continue
        best = table.topics.multiply(relation).max(axis=1)
        score += np.asarray(best.todense()).ravel()

    if opportunity.skills and table.skill_ids:
        shared = table.skills @ _column_vector(table.skill_ids, opportunity.skills)
        score += weights.skill * np.minimum(np.asarray(shared).ravel(), weights.skill_cap)

    if opportunity.format == MIXED:
        score += weights.format
    elif opportunity.format in FORMATS:
        bit = 1 << FORMATS.index(opportunity.format)
        chose_any = table.formats != 0
        fits = (table.formats & bit) != 0
        score += np.where(fits, weights.format, 0.0)
        mismatch |= chose_any & ~fits

    times_bits = _bits(opportunity.times, TIMES)
    if times_bits:
        score += np.where((table.times & times_bits) != 0, weights.times, 0.0)

    if opportunity.format in (IN_PERSON, MIXED) and opportunity.region is not None:
        score += np.where(table.region == opportunity.region, weights.region, 0.0)
    if opportunity.format == IN_PERSON:
        mismatch |= table.travel == TRAVEL.index("home")
        if opportunity.region is not None:
            in_region_only = (table.travel == TRAVEL.index("local")) | (
                table.travel == TRAVEL.index("area")
            )
            mismatch |= in_region_only & (table.region >= 0) & (table.region != opportunity.region)

    access_bits = _bits(opportunity.access, ACCESS)
    if access_bits:
        score += weights.access * _POPCOUNT[table.access & access_bits]

    if opportunity.stage and opportunity.stage in table.stage_codes:
        bit = 1 << table.stage_codes.index(opportunity.stage)
        score += np.where((table.stages & bit) != 0, weights.stage, 0.0)

    never = table.last_involved_days < 0
    lately = table.last_involved_days >= weights.lately_days
    score += np.where(never, weights.new_voice, np.where(lately, weights.not_lately, 0.0))

    if opportunity.groups:
        if table.group_ids:
            in_groups = table.groups @ _column_vector(table.group_ids, opportunity.groups)
            mismatch |= np.asarray(in_groups).ravel() == 0
        else:
            mismatch |= True

    return Scores(
        score=np.round(score, 4),
        mismatch=mismatch,
        touches_topics=touches,
        chose_topics=table.topics.getnnz(axis=1) > 0,
    )


def ranked(scores: Scores, *, limit: int | None = None, keep: np.ndarray | None = None):
    """Row indices, best first (ties: the table's order, which is stable)."""
    rows = np.flatnonzero(keep) if keep is not None else np.arange(len(scores.score))
    order = np.lexsort((rows, -scores.score[rows]))
    rows = rows[order]
    return rows[:limit] if limit is not None else rows


def member_facts_from_table(table: MemberTable, row: int, *, today: datetime.date) -> MemberFacts:
    """One row of a table back as plain facts, to `explain` it: a screen that ranks the
    whole table explains only the rows it shows, without reading them again."""

    def columns(matrix, ids) -> frozenset[int]:
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        return frozenset(ids[i] for i in matrix.indices[start:end].tolist())

    def codes(bits: int, names) -> frozenset[str]:
        return frozenset(code for i, code in enumerate(names) if bits & (1 << i))

    days = int(table.last_involved_days[row])
    region = int(table.region[row])
    return MemberFacts(
        id=int(table.ids[row]),
        topics=columns(table.topics, table.topic_ids),
        skills=columns(table.skills, table.skill_ids),
        formats=codes(int(table.formats[row]), FORMATS),
        times=codes(int(table.times[row]), TIMES),
        region=None if region < 0 else region,
        travel=TRAVEL[int(table.travel[row])],
        access=codes(int(table.access[row]), ACCESS),
        stages=codes(int(table.stages[row]), table.stage_codes),
        groups=columns(table.groups, table.group_ids),
        last_involved_on=None if days < 0 else today - datetime.timedelta(days=days),
    )
