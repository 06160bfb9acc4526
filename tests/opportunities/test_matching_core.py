"""The scoring core's rules: examples with their reasons, and properties over random
members and opportunities (the bulk scores equal one-at-a-time scores; adding a shared
topic never lowers a score; a hard mismatch is never suited)."""

import datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opportunities.matching.core import (
    ACCESS,
    FORMATS,
    MIXED,
    TIMES,
    TRAVEL,
    MemberFacts,
    OpportunityFacts,
    Vocabulary,
    Weights,
    explain,
    is_suited,
    is_worth_telling,
    member_table,
    ranked,
    score_members,
)

TODAY = datetime.date(2027, 1, 15)
# 1 Metabolic ⟶ 11 Diabetes ⟶ 111 Type 2 diabetes; 12 Thyroid; 2 Mental health ⟶ 21 Anxiety
VOCABULARY = Vocabulary(
    topic_parents={1: None, 11: 1, 111: 11, 12: 1, 2: None, 21: 2},
    topic_names={
        1: "Diabetes, thyroid and hormones",
        11: "Diabetes",
        111: "Type 2 diabetes",
        12: "Thyroid conditions",
        2: "Mental health",
        21: "Anxiety",
    },
    skill_names={5: "Reading documents", 6: "Chairing meetings"},
    region_names={7: "Yorkshire and the Humber", 8: "London"},
    group_names={9: "Diabetes group", 10: "Young people's group"},
    stage_names={"design": "Designing the research"},
)
STAGES = ("priorities", "design", "funding")
W = Weights()


def match(member, opportunity, weights=W):
    return explain(member, opportunity, vocabulary=VOCABULARY, weights=weights, today=TODAY)


def texts(result):
    return [reason.text for reason in result.reasons]


def test_a_shared_topic_with_its_reason_makes_it_suited():
    member = MemberFacts(id=1, topics=frozenset({11}), last_involved_on=TODAY)
    opportunity = OpportunityFacts(id=1, topics=frozenset({11}), format=MIXED)
    result = match(member, opportunity)
    assert "you told us about Diabetes" in texts(result)
    assert result.score == W.topic + W.format
    assert is_suited(result, opportunity, W)


def test_a_narrower_or_broader_topic_matches_and_says_so():
    member = MemberFacts(id=1, topics=frozenset({111}), last_involved_on=TODAY)
    about_diabetes = OpportunityFacts(id=1, topics=frozenset({11}), format=MIXED)
    result = match(member, about_diabetes)
    assert result.score == W.topic_close + W.format
    assert texts(result)[0] == (
        "it is about “Diabetes”, close to “Type 2 diabetes”, which you told us about"
    )
    # A name with a comma in it stays one name.
    thyroid_member = MemberFacts(id=5, topics=frozenset({12}), last_involved_on=TODAY)
    about_the_category = OpportunityFacts(id=2, topics=frozenset({1}), format=MIXED)
    assert texts(match(thyroid_member, about_the_category))[0] == (
        "it is about “Diabetes, thyroid and hormones”, close to “Thyroid conditions”, "
        "which you told us about"
    )
    about_type_2 = OpportunityFacts(id=3, topics=frozenset({111}), format=MIXED)
    assert texts(match(thyroid_member, about_type_2))[0] == (
        "it is about “Type 2 diabetes”, in the same area of health as “Thyroid conditions”, "
        "which you told us about"
    )
    broader = MemberFacts(id=2, topics=frozenset({1}), last_involved_on=TODAY)
    assert match(broader, about_diabetes).touches_topics
    # A sibling condition counts only as the same area of health, below "suited" alone.
    thyroid = MemberFacts(id=3, topics=frozenset({12}), last_involved_on=TODAY)
    sibling = match(thyroid, about_diabetes)
    assert sibling.score == W.topic_category + W.format
    assert not sibling.touches_topics
    # Not suited even when the score is high enough: asthma is not COPD.
    assert not is_suited(sibling, about_diabetes, Weights(suited=1.0))
    unrelated = MemberFacts(id=4, topics=frozenset({21}), last_involved_on=TODAY)
    assert not match(unrelated, about_diabetes).touches_topics


def test_format_times_region_access_stage_and_new_voice_reasons():
    member = MemberFacts(
        id=1,
        formats=frozenset({"in_person"}),
        times=frozenset({"evenings"}),
        region=7,
        travel="area",
        access=frozenset({"step_free", "bsl"}),
        stages=frozenset({"design"}),
        skills=frozenset({5}),
    )
    opportunity = OpportunityFacts(
        id=1,
        format="in_person",
        times=frozenset({"evenings", "weekends"}),
        region=7,
        access=frozenset({"step_free"}),
        stage="design",
        skills=frozenset({5, 6}),
    )
    result = match(member, opportunity)
    assert texts(result) == [
        "it needs Reading documents, which you have",
        "in person, a way you said you can take part",
        "in the evenings, when you said you can take part",
        "in Yorkshire and the Humber, your region",
        "it can offer step-free access, which you told us you need",
        "Designing the research: a stage of research you would like to help with",
        "you have not taken part yet, and new voices are welcome",
    ]
    assert not result.mismatches
    assert result.score == W.skill + W.format + W.times + W.region + W.access + W.stage + (
        W.new_voice
    )


def test_times_read_as_british_english_joined_with_and():
    every_time = frozenset(TIMES)
    member = MemberFacts(id=1, times=every_time, last_involved_on=TODAY)

    def times_reason(times):
        result = match(member, OpportunityFacts(id=1, times=frozenset(times)))
        return next(r.text for r in result.reasons if r.kind == "times")

    assert times_reason({"weekday_daytime"}) == (
        "in the daytime on weekdays, when you said you can take part"
    )
    assert times_reason({"weekends", "weekday_daytime"}) == (
        "in the daytime on weekdays and at weekends, when you said you can take part"
    )
    assert times_reason(every_time) == (
        "in the daytime on weekdays, in the evenings and at weekends, "
        "when you said you can take part"
    )


def test_hard_mismatches_are_given_and_never_suited():
    home_only = MemberFacts(id=1, topics=frozenset({11}), travel="home")
    in_person = OpportunityFacts(id=1, topics=frozenset({11}), format="in_person", region=8)
    result = match(home_only, in_person)
    assert [r.text for r in result.mismatches] == [
        "it is in person, and you take part from home only"
    ]
    assert not is_suited(result, in_person, W)

    local_elsewhere = MemberFacts(id=2, topics=frozenset({11}), region=7, travel="local")
    assert [r.text for r in match(local_elsewhere, in_person).mismatches] == [
        "it is in person in London, further than you said you can travel"
    ]
    travels_further = MemberFacts(id=3, topics=frozenset({11}), region=7, travel="further")
    assert not match(travels_further, in_person).mismatches

    phone_only = MemberFacts(id=4, topics=frozenset({11}), formats=frozenset({"phone"}))
    online = OpportunityFacts(id=2, topics=frozenset({11}), format="online")
    assert [r.text for r in match(phone_only, online).mismatches] == [
        "it is online, which is not one of the ways you said you can take part"
    ]
    anything = MemberFacts(id=5, topics=frozenset({11}))
    assert not match(anything, online).mismatches

    group_only = OpportunityFacts(id=3, topics=frozenset({11}), groups=frozenset({9}))
    assert [r.text for r in match(anything, group_only).mismatches] == [
        "it is only for members of Diabetes group"
    ]
    member_of_group = MemberFacts(id=6, topics=frozenset({11}), groups=frozenset({9}))
    assert not match(member_of_group, group_only).mismatches


def test_the_emails_tell_of_what_fits_unless_topics_on_both_sides_do_not_touch():
    """The emails' rule: a member who chose no topics hears of everything that fits
    them; an opportunity open to any experience (no topics) is for everyone it fits;
    otherwise one of its topics must touch theirs. Score only ranks."""
    lately = {"last_involved_on": TODAY}
    about_diabetes = OpportunityFacts(id=1, topics=frozenset({11}), format="online")
    open_to_all = OpportunityFacts(id=2, format="online")
    no_topics = MemberFacts(id=1, **lately)
    diabetes = MemberFacts(id=2, topics=frozenset({11}), **lately)
    anxiety = MemberFacts(id=3, topics=frozenset({21}), **lately)
    phone_only = MemberFacts(id=4, formats=frozenset({"phone"}), **lately)

    def telling(member, opportunity):
        return is_worth_telling(match(member, opportunity), member, opportunity)

    assert telling(no_topics, about_diabetes)
    assert not is_suited(match(no_topics, about_diabetes), about_diabetes, W)
    assert telling(diabetes, about_diabetes)
    assert not telling(anxiety, about_diabetes)
    # Open to any experience, though a recent voice scores below "suited".
    assert all(telling(m, open_to_all) for m in (no_topics, diabetes, anxiety))
    assert not is_suited(match(anxiety, open_to_all), open_to_all, W)
    # A hard mismatch rules it out whatever the topics.
    assert not telling(phone_only, open_to_all)
    assert not telling(phone_only, about_diabetes)


def test_not_taken_part_lately_counts_less_than_never():
    opportunity = OpportunityFacts(id=1)
    never = match(MemberFacts(id=1), opportunity)
    days_ago = lambda days: TODAY - datetime.timedelta(days)  # noqa: E731
    long_ago = match(MemberFacts(id=2, last_involved_on=days_ago(400)), opportunity)
    lately = match(MemberFacts(id=3, last_involved_on=days_ago(30)), opportunity)
    assert never.score > long_ago.score > lately.score


def test_weights_come_from_a_mapping_and_unknown_names_are_refused():
    assert Weights.from_mapping({"topic": 10}).topic == 10
    assert Weights.from_mapping(None) == Weights()
    with pytest.raises(ValueError, match="Unknown matching weights: topics"):
        Weights.from_mapping({"topics": 1})


@pytest.mark.parametrize(
    ("name", "value"), [("topic", -1), ("skill_cap", -1), ("lately_days", -5), ("suited", 0)]
)
def test_negative_weights_and_a_suited_threshold_of_nothing_are_refused(name, value):
    """A negative weight would let a shared topic lower a score, and a threshold of 0
    would call everything without a hard mismatch "suited"."""
    with pytest.raises(ValueError, match=f"matching weight {name} "):
        Weights.from_mapping({name: value})
    assert Weights.from_mapping({"topic_category": 0}).topic_category == 0


def test_ranked_puts_the_best_first_and_keeps_ties_in_order():
    members = [
        MemberFacts(id=10, last_involved_on=TODAY),
        MemberFacts(id=11, topics=frozenset({11}), last_involved_on=TODAY),
        MemberFacts(id=12, last_involved_on=TODAY),
        MemberFacts(id=13, topics=frozenset({111}), last_involved_on=TODAY),
    ]
    opportunity = OpportunityFacts(id=1, topics=frozenset({11}))
    table = member_table(members, topic_ids=VOCABULARY.topic_parents, today=TODAY)
    scores = score_members(table, opportunity, vocabulary=VOCABULARY, weights=W)
    assert [int(table.ids[i]) for i in ranked(scores)] == [11, 13, 10, 12]
    suited = scores.suited(opportunity, W)
    assert [int(table.ids[i]) for i in ranked(scores, keep=suited)] == [11, 13]
    assert list(ranked(scores, limit=1)) == [1]


# --- Properties ------------------------------------------------------------------------

topic_sets = st.frozensets(st.sampled_from(sorted(VOCABULARY.topic_parents)), max_size=3)


@st.composite
def members(draw, pk=1):
    return MemberFacts(
        id=pk,
        topics=draw(topic_sets),
        skills=draw(st.frozensets(st.sampled_from([5, 6]))),
        formats=draw(st.frozensets(st.sampled_from(FORMATS))),
        times=draw(st.frozensets(st.sampled_from(TIMES))),
        region=draw(st.sampled_from([None, 7, 8])),
        travel=draw(st.sampled_from(TRAVEL)),
        access=draw(st.frozensets(st.sampled_from(ACCESS))),
        stages=draw(st.frozensets(st.sampled_from(STAGES))),
        groups=draw(st.frozensets(st.sampled_from([9, 10]))),
        last_involved_on=draw(
            st.one_of(st.none(), st.dates(TODAY - datetime.timedelta(900), TODAY))
        ),
    )


opportunities = st.builds(
    OpportunityFacts,
    id=st.just(1),
    topics=topic_sets,
    skills=st.frozensets(st.sampled_from([5, 6])),
    format=st.sampled_from((*FORMATS, MIXED)),
    times=st.frozensets(st.sampled_from(TIMES)),
    region=st.sampled_from([None, 7, 8]),
    access=st.frozensets(st.sampled_from(ACCESS)),
    stage=st.sampled_from(("", *STAGES)),
    groups=st.frozensets(st.sampled_from([9, 10])),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(members(), min_size=1, max_size=12), opportunities)
def test_bulk_scores_equal_one_at_a_time(member_list, opportunity):
    member_list = [MemberFacts(**{**m.__dict__, "id": i + 1}) for i, m in enumerate(member_list)]
    table = member_table(
        member_list,
        topic_ids=VOCABULARY.topic_parents,
        skill_ids=(5, 6),
        group_ids=(9, 10),
        stage_codes=STAGES,
        today=TODAY,
    )
    scores = score_members(table, opportunity, vocabulary=VOCABULARY, weights=W)
    suited = scores.suited(opportunity, W)
    worth = scores.worth_telling(opportunity)
    for row, member in enumerate(member_list):
        one = match(member, opportunity)
        assert scores.score[row] == pytest.approx(one.score)
        assert bool(scores.mismatch[row]) == one.is_hard_mismatch
        assert bool(scores.touches_topics[row]) == one.touches_topics
        assert bool(suited[row]) == is_suited(one, opportunity, W)
        assert bool(worth[row]) == is_worth_telling(one, member, opportunity)


@settings(max_examples=60, deadline=None)
@given(st.lists(members(), min_size=1, max_size=8), opportunities)
def test_bulk_says_which_topics_touch_even_when_topics_weigh_nothing(member_list, opportunity):
    weights = Weights(topic=0, topic_close=0, topic_category=0)
    member_list = [MemberFacts(**{**m.__dict__, "id": i + 1}) for i, m in enumerate(member_list)]
    table = member_table(
        member_list, topic_ids=VOCABULARY.topic_parents, stage_codes=STAGES, today=TODAY
    )
    scores = score_members(table, opportunity, vocabulary=VOCABULARY, weights=weights)
    for row, member in enumerate(member_list):
        one = match(member, opportunity, weights)
        assert scores.score[row] == pytest.approx(one.score)
        assert bool(scores.touches_topics[row]) == one.touches_topics
        assert bool(scores.suited(opportunity, weights)[row]) == is_suited(
            one, opportunity, weights
        )


@settings(max_examples=80, deadline=None)
@given(members(), opportunities, st.data())
def test_adding_a_shared_topic_never_lowers_a_score(member, opportunity, data):
    if not opportunity.topics:
        return
    shared = data.draw(st.sampled_from(sorted(opportunity.topics)))
    before = match(member, opportunity)
    more = MemberFacts(**{**member.__dict__, "topics": member.topics | {shared}})
    after = match(more, opportunity)
    assert after.score >= before.score
    assert after.touches_topics
    assert after.mismatches == before.mismatches


@settings(max_examples=80, deadline=None)
@given(members(), opportunities)
def test_a_hard_mismatch_is_never_suited(member, opportunity):
    result = match(member, opportunity)
    if result.mismatches:
        assert not is_suited(result, opportunity, W)
        assert not is_worth_telling(result, member, opportunity)
    elif is_suited(result, opportunity, W):
        # The emails tell members of all that is suited to them, and more.
        assert is_worth_telling(result, member, opportunity)
    assert np.isfinite(result.score)
    assert result.score >= 0


def test_a_last_involvement_date_after_today_is_scored_the_same_in_bulk():
    """A date after today (an attendance typed ahead, or a table built a day earlier)
    is "taken part lately", not "never": the bulk scores and the table's facts agree
    with `explain`."""
    from opportunities.matching.core import member_facts_from_table

    ahead = MemberFacts(id=1, last_involved_on=TODAY + datetime.timedelta(days=3))
    opportunity = OpportunityFacts(id=1)
    one = match(ahead, opportunity)
    table = member_table([ahead], topic_ids=VOCABULARY.topic_parents, today=TODAY)
    scores = score_members(table, opportunity, vocabulary=VOCABULARY, weights=W)
    assert scores.score[0] == pytest.approx(one.score)
    back = member_facts_from_table(table, 0, today=TODAY)
    assert back.last_involved_on is not None
    assert match(back, opportunity) == one


# A tree staff could make: a cycle (2 ⟷ 3), a topic its own parent (4), a topic the
# vocabulary has not got (99, added since it was read), and skills and stages no one named.
ODD_VOCABULARY = Vocabulary(topic_parents={1: None, 11: 1, 111: 11, 12: 1, 2: 3, 3: 2, 21: 2, 4: 4})
odd_topics = st.frozensets(st.sampled_from([1, 11, 111, 12, 2, 3, 21, 4, 99]), max_size=3)


@st.composite
def odd_members(draw):
    return MemberFacts(
        id=1,
        topics=draw(odd_topics),
        skills=draw(st.frozensets(st.sampled_from([5, 6, 7]))),
        formats=draw(st.frozensets(st.sampled_from(FORMATS))),
        times=draw(st.frozensets(st.sampled_from(TIMES))),
        region=draw(st.sampled_from([None, 7, 8])),
        travel=draw(st.sampled_from(TRAVEL)),
        access=draw(st.frozensets(st.sampled_from(ACCESS))),
        stages=draw(st.frozensets(st.sampled_from(STAGES))),
        groups=draw(st.frozensets(st.sampled_from([9, 10]))),
        last_involved_on=draw(
            st.one_of(st.none(), st.dates(TODAY - datetime.timedelta(900), TODAY))
        ),
    )


odd_opportunities = st.builds(
    OpportunityFacts,
    id=st.just(1),
    topics=odd_topics,
    skills=st.frozensets(st.sampled_from([5, 6, 8])),
    format=st.sampled_from((*FORMATS, MIXED)),
    times=st.frozensets(st.sampled_from(TIMES)),
    region=st.sampled_from([None, 7, 8]),
    access=st.frozensets(st.sampled_from(ACCESS)),
    stage=st.sampled_from(("", *STAGES, "unknown")),
    groups=st.frozensets(st.sampled_from([9, 10, 11])),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(odd_members(), min_size=1, max_size=8), odd_opportunities)
def test_bulk_equals_one_at_a_time_on_odd_trees_and_rows_round_trip(member_list, opportunity):
    from opportunities.matching.core import member_facts_from_table

    member_list = [MemberFacts(**{**m.__dict__, "id": i + 1}) for i, m in enumerate(member_list)]
    table = member_table(
        member_list, topic_ids=ODD_VOCABULARY.topic_parents, stage_codes=STAGES, today=TODAY
    )
    scores = score_members(table, opportunity, vocabulary=ODD_VOCABULARY, weights=W)
    for row, member in enumerate(member_list):
        one = explain(member, opportunity, vocabulary=ODD_VOCABULARY, weights=W, today=TODAY)
        assert scores.score[row] == pytest.approx(one.score)
        assert bool(scores.mismatch[row]) == one.is_hard_mismatch
        assert bool(scores.touches_topics[row]) == one.touches_topics
        assert bool(scores.worth_telling(opportunity)[row]) == is_worth_telling(
            one, member, opportunity
        )
        assert member_facts_from_table(table, row, today=TODAY) == member
