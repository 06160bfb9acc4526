"""The one writer of involvement (involvement/services.py), for every kind of activity:
once per member and activity, corrected in place, never by staff about themselves;
it keeps the member's last involvement date and announces involvement_recorded inside
its transaction, alone or in bulk, so payments and skills follow every write."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction

from involvement.factories import ActivityFactory
from involvement.hooks import involvement_recorded
from involvement.models import Activity, Involvement
from involvement.services import InvolvementError, involvement_record, involvement_record_bulk
from members.factories import MemberFactory, StaffFactory
from members.models import MemberProfile, Skill
from reciprocity.factories import rate_card_example
from reciprocity.models import Payment, SkillGained
from reciprocity.services.payments import payments_generate

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 5, 4)


@pytest.fixture
def heard():
    """What involvement_recorded announced: one list of involvements per event."""
    events = []

    def receiver(sender, involvements, **kwargs):
        events.append((list(involvements), transaction.get_connection().in_atomic_block))

    involvement_recorded.connect(receiver, dispatch_uid="tests.heard")
    yield events
    involvement_recorded.disconnect(dispatch_uid="tests.heard")


def record(member, activity, by, **fields):
    return involvement_record(
        member=member,
        activity=activity,
        by=by,
        **{"attended": True, "started_on": DAY, "hours": Decimal("2"), **fields},
    )


def test_one_involvement_per_member_and_activity_corrected_in_place(member, staff):
    activity = ActivityFactory()
    record(member, activity, staff)
    record(member, activity, staff, attended=False, hours=Decimal("3"))
    involvement = Involvement.objects.get()
    assert not involvement.attended and involvement.hours == 0
    record(member, ActivityFactory(), staff)  # another activity is another involvement
    assert Involvement.objects.count() == 2


@pytest.mark.parametrize("kind", Activity.Kind.values)
def test_every_kind_of_activity_is_recorded_the_same_way(member, staff, kind):
    involvement = record(member, ActivityFactory(kind=kind), staff)
    assert involvement.activity.kind == kind
    member.profile.refresh_from_db()
    assert member.profile.last_involved_on == DAY


def test_staff_never_record_their_own_involvement(staff):
    with pytest.raises(InvolvementError, match="your own record"):
        record(staff, ActivityFactory(), staff)
    with pytest.raises(InvolvementError, match="your own record"):
        involvement_record_bulk(
            involvements=[Involvement(member=staff, activity=ActivityFactory(), started_on=DAY)],
            by=staff,
        )
    assert not Involvement.objects.exists()


def test_the_last_date_cannot_come_before_the_first(member, staff):
    with pytest.raises(InvolvementError, match="on or after the first date"):
        record(member, ActivityFactory(), staff, ended_on=DAY - datetime.timedelta(days=1))
    assert not Involvement.objects.exists()


def test_the_last_involvement_date_follows_every_write(member, staff):
    earlier, later = ActivityFactory(), ActivityFactory()
    record(member, earlier, staff, started_on=DAY - datetime.timedelta(days=30))
    record(member, later, staff)
    assert MemberProfile.objects.get(user=member).last_involved_on == DAY
    record(member, later, staff, attended=False)  # corrected: they missed the later one
    assert MemberProfile.objects.get(user=member).last_involved_on == DAY - datetime.timedelta(
        days=30
    )


def test_the_event_carries_the_involvement_inside_the_transaction(member, staff, heard):
    involvement = record(member, ActivityFactory(), staff)
    assert heard == [([involvement], True)]


def test_a_failing_receiver_undoes_the_write(member, staff):
    def refuse(sender, involvements, **kwargs):
        raise RuntimeError("payments could not follow")

    involvement_recorded.connect(refuse, dispatch_uid="tests.refuse")
    try:
        with pytest.raises(RuntimeError):
            record(member, ActivityFactory(), staff)
    finally:
        involvement_recorded.disconnect(dispatch_uid="tests.refuse")
    assert not Involvement.objects.exists()
    assert not MemberProfile.objects.filter(user=member, last_involved_on=DAY).exists()


def test_the_bulk_writer_records_many_and_announces_them_once(staff, heard):
    activity = ActivityFactory()
    members = [MemberFactory() for _ in range(3)]
    record(members[0], activity, staff, hours=Decimal("1"))  # already there: corrected
    heard.clear()
    rows = involvement_record_bulk(
        involvements=[
            Involvement(member=m, activity=activity, started_on=DAY, hours=Decimal("2.5"))
            for m in members
        ],
        by=staff,
    )
    assert Involvement.objects.count() == 3
    assert [row.member for row in rows] == members
    assert {row.hours for row in Involvement.objects.all()} == {Decimal("2.5")}
    assert len(heard) == 1 and [row.pk for row in heard[0][0]] == [row.pk for row in rows]
    assert heard[0][1]  # inside the transaction
    assert set(
        MemberProfile.objects.filter(user__in=members).values_list("last_involved_on", flat=True)
    ) == {DAY}


def test_a_bulk_write_now_triggers_payment_work(staff):
    """post_save never fired for bulk_create, so payments did not follow bulk writes.
    The event does: a bulk correction re-works and cancels payments not yet approved,
    and records the skills the activity asked for."""
    rate_card_example()
    chairing = Skill.objects.create(name="Chairing meetings")
    activity = ActivityFactory(title="Steering group")
    activity.skills.set([chairing])
    stays, leaves = MemberFactory(), MemberFactory()
    first = [
        Involvement(member=m, activity=activity, started_on=DAY, hours=Decimal("2"))
        for m in (stays, leaves)
    ]
    payments_generate(involvements=involvement_record_bulk(involvements=first, by=staff), by=staff)
    assert SkillGained.objects.filter(skill=chairing).count() == 2

    involvement_record_bulk(
        involvements=[
            Involvement(member=stays, activity=activity, started_on=DAY, hours=Decimal("1")),
            Involvement(member=leaves, activity=activity, started_on=DAY, attended=False),
        ],
        by=StaffFactory(),
    )
    assert Payment.objects.get(member=stays).amount == Decimal("25.00")
    assert Payment.objects.get(member=leaves).status == "cancelled"
    assert list(SkillGained.objects.values_list("member", flat=True)) == [stays.pk]


def test_bulk_writes_make_a_fixed_number_of_queries(staff, django_assert_max_num_queries):
    activity = ActivityFactory()

    def bulk(count):
        return [
            Involvement(member=MemberFactory(), activity=activity, started_on=DAY, hours=2)
            for _ in range(count)
        ]

    few, many = bulk(2), bulk(30)
    with django_assert_max_num_queries(20) as small:
        involvement_record_bulk(involvements=few, by=staff)
    with django_assert_max_num_queries(20) as large:
        involvement_record_bulk(involvements=many, by=staff)
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.parametrize("hours", [Decimal("-1"), Decimal("1000"), None])
def test_hours_outside_what_a_person_can_give_are_refused(member, staff, hours):
    with pytest.raises(InvolvementError, match="Hours must be from 0 to 999"):
        record(member, ActivityFactory(), staff, hours=hours)
    with pytest.raises(InvolvementError, match="Hours must be from 0 to 999"):
        involvement_record_bulk(
            involvements=[
                Involvement(member=member, activity=ActivityFactory(), started_on=DAY, hours=hours)
            ],
            by=staff,
        )
    assert not Involvement.objects.exists()


def test_someone_missing_is_recorded_with_no_hours_whatever_was_typed(member, staff):
    row = record(member, ActivityFactory(), staff, attended=False, hours=None)
    assert row.hours == 0 and not row.attended


def test_the_bulk_writer_refuses_one_person_twice_for_one_activity(staff):
    activity, member = ActivityFactory(), MemberFactory()
    with pytest.raises(InvolvementError, match="listed twice"):
        involvement_record_bulk(
            involvements=[
                Involvement(member=member, activity=activity, started_on=DAY, hours=Decimal("1"))
                for _ in range(2)
            ],
            by=staff,
        )
    assert not Involvement.objects.exists()
