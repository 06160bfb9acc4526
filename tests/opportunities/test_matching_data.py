"""The scoring core's inputs from the database: the bulk table scores every member as
their own facts would, in the same number of queries for 10 members as for 80."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.demo_content import demo_groups_create
from members.models import GroupMembership, Region, ResearchStage, Topic, User
from members.models.profiles import FLAG_GROUPS
from opportunities.factories import ResearchRequestFactory, opportunity_create
from opportunities.matching.core import explain, is_suited, score_members
from opportunities.matching.data import (
    matching_weights,
    member_facts,
    member_profiles,
    member_table_from_db,
    opportunities_for_matching,
    opportunity_facts,
    session_times,
    vocabulary,
)
from opportunities.models import Format, OpportunityPage
from opportunities.scale_data import members_bulk_create

pytestmark = pytest.mark.django_db


def _opportunity(**fields):
    topic = Topic.objects.filter(parent__isnull=False).order_by("pk").first()
    evening = timezone.make_aware(datetime.datetime(2030, 1, 8, 18, 0))  # a Tuesday
    page = opportunity_create(
        topics=[topic, topic.parent],
        sessions=[(evening, evening + datetime.timedelta(hours=2))],
        format=Format.IN_PERSON,
        region=Region.objects.order_by("pk").first(),
        access_offered=["access_step_free", "access_breaks"],
        request=ResearchRequestFactory(research_stage=ResearchStage.DESIGN),
        **fields,
    )
    return opportunities_for_matching(OpportunityPage.objects.filter(pk=page.pk)).get()


def test_the_table_scores_each_member_as_their_own_facts_do():
    groups = demo_groups_create()
    ids = members_bulk_create(40, seed=3, with_answers=True)
    GroupMembership.objects.bulk_create(
        [
            GroupMembership(
                member_id=pk,
                group=groups[0],
                status=GroupMembership.Status.ACTIVE,
                started_on=timezone.localdate(),
            )
            for pk in ids[::3]
        ]
    )
    page = _opportunity(visibility=OpportunityPage.Visibility.GROUPS, groups=[groups[0]])
    facts = opportunity_facts(page)
    assert facts.times == {"evenings"}
    assert facts.stage == "design"
    assert facts.access == {"step_free", "breaks"}
    assert facts.groups == {groups[0].pk}
    words = vocabulary()
    weights = matching_weights()
    today = timezone.localdate()
    table = member_table_from_db(vocabulary=words, today=today)
    assert sorted(table.ids.tolist()) == sorted(ids)
    scores = score_members(table, facts, vocabulary=words, weights=weights)
    suited = scores.suited(facts, weights)
    for row, pk in enumerate(table.ids.tolist()):
        one = explain(
            member_facts(User.objects.get(pk=pk)),
            facts,
            vocabulary=words,
            weights=weights,
            today=today,
        )
        assert scores.score[row] == pytest.approx(one.score)
        assert bool(scores.mismatch[row]) == one.is_hard_mismatch
        assert bool(suited[row]) == is_suited(one, facts, weights)
    # Members outside the group are never suited to a group-only opportunity.
    outside = {pk for pk in ids if pk not in ids[::3]}
    assert not any(suited[row] for row, pk in enumerate(table.ids.tolist()) if pk in outside)


def test_the_table_takes_the_same_queries_for_ten_members_as_for_eighty():
    words_queries = CaptureQueriesContext(connection)
    members_bulk_create(10, seed=4, with_answers=True)
    with words_queries:
        words = vocabulary()
    with CaptureQueriesContext(connection) as few:
        small = member_table_from_db(vocabulary=words)
    members_bulk_create(70, seed=5, with_answers=True)
    with CaptureQueriesContext(connection) as many:
        large = member_table_from_db(vocabulary=words)
    assert len(small) == 10 and len(large) == 80
    assert len(few.captured_queries) == len(many.captured_queries) == 4
    assert len(words_queries.captured_queries) == 4


def test_only_active_members_with_the_member_role_are_matched():
    ids = members_bulk_create(3, seed=6, with_answers=True)
    User.objects.filter(pk=ids[0]).update(is_active=False)
    User.objects.get(pk=ids[1]).groups.clear()
    assert list(member_profiles().values_list("user_id", flat=True)) == [ids[2]]


@pytest.mark.parametrize(
    ("hour", "day", "expected"),
    [(10, 8, "weekday_daytime"), (17, 8, "evenings"), (10, 12, "weekends"), (19, 13, "weekends")],
)
def test_session_times_on_the_uk_clock(hour, day, expected):
    starts = timezone.make_aware(datetime.datetime(2030, 1, day, hour, 0))
    assert session_times(starts) == expected


def test_access_names_match_the_profile_flags():
    from opportunities.matching.core import ACCESS

    assert [f"access_{code}" for code in ACCESS] == [name for name, _l in FLAG_GROUPS["access"]]


def _same_table(one, other):
    assert one.ids.tolist() == other.ids.tolist()
    for name in ("formats", "times", "access", "stages", "region", "travel", "last_involved_days"):
        assert getattr(one, name).tolist() == getattr(other, name).tolist(), name
    for name in ("topics", "skills", "groups"):
        assert (getattr(one, name) != getattr(other, name)).nnz == 0, name


def test_many_members_read_every_link_and_keep_only_theirs(monkeypatch):
    """Past PAIRS_BY_ID_LIMIT the links are read whole and other members' dropped: the
    table is the same as when they are read by id."""
    from opportunities.matching import data

    groups = demo_groups_create()
    ids = members_bulk_create(30, seed=8, with_answers=True)
    GroupMembership.objects.bulk_create(
        [
            GroupMembership(
                member_id=pk,
                group=groups[pk % 2],
                status=GroupMembership.Status.ACTIVE,
                started_on=timezone.localdate(),
            )
            for pk in ids[::2]
        ]
    )
    some = member_profiles().filter(user_id__in=ids[5:20])
    words = vocabulary()
    by_id = member_table_from_db(profiles=some, vocabulary=words)
    monkeypatch.setattr(data, "PAIRS_BY_ID_LIMIT", 0)
    whole = member_table_from_db(profiles=some, vocabulary=words)
    assert whole.ids.tolist() == ids[5:20]
    assert by_id.groups.nnz > 0 and by_id.topics.nnz > 0
    _same_table(by_id, whole)


def test_the_table_reads_flags_stages_and_dates_as_the_profile_has_them():
    from opportunities.matching.core import member_facts_from_table

    ids = members_bulk_create(12, seed=9, with_answers=True)
    today = timezone.localdate()
    words = vocabulary()
    table = member_table_from_db(vocabulary=words, today=today)
    for row, pk in enumerate(table.ids.tolist()):
        assert member_facts_from_table(table, row, today=today) == member_facts(
            User.objects.get(pk=pk)
        )
    assert sorted(table.ids.tolist()) == sorted(ids)


def test_stages_in_odd_shapes_count_only_known_codes():
    from opportunities.matching.data import STAGE_CODES, _stage_bits

    design = 1 << STAGE_CODES.index("design")
    assert _stage_bits(
        ['["design", "design"]', "[]", "null", '["no such stage"]', ""]
    ).tolist() == [
        design,
        0,
        0,
        0,
        0,
    ]


def test_reading_the_table_leaves_the_cycle_collector_as_it_was():
    import gc

    members_bulk_create(2, seed=10, with_answers=True)
    words = vocabulary()
    assert gc.isenabled()
    member_table_from_db(vocabulary=words)
    assert gc.isenabled()
    gc.disable()
    try:
        member_table_from_db(vocabulary=words)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_no_members_give_an_empty_table_without_asking():
    members_bulk_create(2, seed=11, with_answers=True)
    words = vocabulary()
    for profiles in (member_profiles().none(), member_profiles().filter(user_id__in=[])):
        with CaptureQueriesContext(connection) as queries:
            table = member_table_from_db(profiles=profiles, vocabulary=words)
        assert len(table) == 0 and table.topics.shape == (0, len(table.topic_ids))
        assert queries.captured_queries == []


def test_a_last_involvement_date_after_today_reads_as_today_not_never():
    [pk] = members_bulk_create(1, seed=7, with_answers=True, involved_share=0)
    today = timezone.localdate()
    from members.models import MemberProfile

    MemberProfile.objects.filter(user_id=pk).update(
        last_involved_on=today + datetime.timedelta(days=1)
    )
    table = member_table_from_db(vocabulary=vocabulary(), today=today)
    assert table.last_involved_days.tolist() == [0]
