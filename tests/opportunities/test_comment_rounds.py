"""Written comment rounds: the services (open, opt in, comment, close), what closing
records and who it emails, the task, a member's data and erasure."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from involvement.models import Activity, Involvement
from members.factories import MemberFactory
from members.models import GroupMembership
from members.services.personal_data import account_erase, personal_data_collect
from opportunities.factories import comment_round_create
from opportunities.models import CommentRound, RoundResponse
from opportunities.selectors.comment_rounds import round_collated
from opportunities.selectors.meetings import round_access
from opportunities.services.comment_rounds import (
    CommentRoundError,
    comment_round_close,
    comment_round_comment_save,
    comment_round_open,
    comment_round_opt_in,
    comment_round_opt_out,
    comment_round_update,
    comment_rounds_close_past_deadline,
)
from opportunities.services.comment_rounds import (
    comment_round_create as comment_round_make,
)
from opportunities.tasks import comment_rounds_close
from tests.opportunities.comment_round_world import active_member, round_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return round_world()


def comment(world, member, text="Clear, but the font is small.", minutes=None, send=True):
    comment_round_opt_in(comment_round=world.comment_round, member=member)
    return comment_round_comment_save(
        comment_round=world.comment_round,
        member=member,
        comment=text,
        minutes_spent=minutes,
        send=send,
    )


# --- Opening ---------------------------------------------------------------------------


def test_opening_emails_each_active_member_once_and_makes_the_activity(
    world, staff, django_capture_on_commit_callbacks
):
    draft = comment_round_make(
        group=world.group,
        title="Our consent form",
        question="Is it clear?",
        closes_at=timezone.now() + datetime.timedelta(days=7),
        expected_minutes=45,
        by=staff,
    )
    # Not active: someone who has asked to join.
    GroupMembership.objects.create(
        member=MemberFactory(email="applied@example.org"),
        group=world.group,
        status=GroupMembership.Status.APPLIED,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comment_round_open(comment_round=draft, by=staff)
    draft.refresh_from_db()
    assert draft.status == CommentRound.Status.OPEN and draft.opened_at is not None
    assert draft.activity.kind == Activity.Kind.COMMENT_ROUND
    addressed = sorted(address for message in mail.outbox for address in message.to)
    active = sorted(
        GroupMembership.objects.filter(
            group=world.group, status=GroupMembership.Status.ACTIVE
        ).values_list("member__email", flat=True)
    )
    assert addressed == [address for address in active if address]
    assert "applied@example.org" not in addressed
    assert "Comments wanted: Our consent form" in mail.outbox[0].subject
    assert f"/comments/{draft.pk}/" in mail.outbox[0].body
    # Opening again is refused, and nobody is emailed twice.
    with pytest.raises(CommentRoundError, match="already been opened"):
        comment_round_open(comment_round=draft, by=staff)


def test_a_round_cannot_close_in_the_past(world, staff):
    with pytest.raises(CommentRoundError, match="future"):
        comment_round_make(
            group=world.group,
            title="Late",
            question="?",
            closes_at=timezone.now() - datetime.timedelta(minutes=1),
            expected_minutes=30,
            by=staff,
        )


def test_an_open_round_can_be_given_longer_but_not_moved_to_another_group(world, staff):
    later = world.comment_round.closes_at + datetime.timedelta(days=7)
    comment_round_update(comment_round=world.comment_round, by=staff, closes_at=later)
    world.comment_round.refresh_from_db()
    assert world.comment_round.closes_at == later
    from tests.opportunities.comment_round_world import demo_group

    with pytest.raises(CommentRoundError, match="another group"):
        comment_round_update(
            comment_round=world.comment_round, by=staff, group=demo_group("carers-voice")
        )


def test_a_closed_round_cannot_be_changed(world, staff):
    comment_round_close(comment_round=world.comment_round, by=staff)
    with pytest.raises(CommentRoundError, match="closed"):
        comment_round_update(comment_round=world.comment_round, by=staff, title="New")


# --- Members comment -------------------------------------------------------------------


def test_a_member_opts_in_saves_a_draft_then_sends_and_edits(world):
    response = comment(world, world.alice, text="First thoughts", send=False)
    assert response.submitted_at is None and response.comment == "First thoughts"
    response = comment_round_comment_save(
        comment_round=world.comment_round,
        member=world.alice,
        comment="Finished thoughts",
        minutes_spent=40,
        send=True,
    )
    sent_at = response.submitted_at
    assert sent_at is not None
    # Changed after sending: still sent, when it was first sent.
    response = comment_round_comment_save(
        comment_round=world.comment_round,
        member=world.alice,
        comment="Finished thoughts, and one more",
        minutes_spent=45,
        send=False,
    )
    assert response.submitted_at == sent_at
    assert RoundResponse.objects.get(member=world.alice).comment.endswith("one more")


def test_an_empty_comment_cannot_be_sent(world):
    comment_round_opt_in(comment_round=world.comment_round, member=world.alice)
    with pytest.raises(CommentRoundError, match="Write your comments"):
        comment_round_comment_save(
            comment_round=world.comment_round,
            member=world.alice,
            comment="  ",
            minutes_spent=None,
            send=True,
        )


def test_opting_out_removes_the_response(world):
    comment(world, world.alice, send=False)
    comment_round_opt_out(comment_round=world.comment_round, member=world.alice)
    assert not RoundResponse.objects.filter(member=world.alice).exists()


def test_only_active_members_of_the_group_may_comment(world, member):
    with pytest.raises(CommentRoundError, match="active members"):
        comment_round_opt_in(comment_round=world.comment_round, member=member)
    paused = active_member(world.group)
    GroupMembership.objects.filter(member=paused).update(status=GroupMembership.Status.PAUSED)
    with pytest.raises(CommentRoundError, match="active members"):
        comment_round_opt_in(comment_round=world.comment_round, member=paused)


def test_nothing_can_be_sent_or_changed_after_the_round_closes(world):
    comment(world, world.alice)
    comment_round_close(comment_round=world.comment_round)
    with pytest.raises(CommentRoundError, match="closed"):
        comment_round_comment_save(
            comment_round=world.comment_round,
            member=world.alice,
            comment="Changed my mind",
            minutes_spent=None,
            send=True,
        )
    with pytest.raises(CommentRoundError, match="closed"):
        comment_round_opt_in(comment_round=world.comment_round, member=world.bob)
    assert RoundResponse.objects.get(member=world.alice).comment != "Changed my mind"


def test_past_its_closing_time_a_round_takes_no_comments_even_before_the_task(world):
    comment_round_opt_in(comment_round=world.comment_round, member=world.alice)
    CommentRound.objects.filter(pk=world.comment_round.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    world.comment_round.refresh_from_db()
    with pytest.raises(CommentRoundError, match="closed"):
        comment_round_comment_save(
            comment_round=world.comment_round,
            member=world.alice,
            comment="Late",
            minutes_spent=None,
            send=True,
        )


# --- Who sees what ---------------------------------------------------------------------


def test_a_draft_round_is_not_seen_by_members_or_the_researcher(world, staff):
    draft = comment_round_create(
        group=world.group, request=world.request, status=CommentRound.Status.DRAFT
    )
    assert not round_access(user=world.alice, comment_round=draft).sees_round
    assert not round_access(user=world.researcher, comment_round=draft).sees_round
    assert round_access(user=staff, comment_round=draft).sees_round


def test_members_see_others_comments_only_once_closed_or_shared(world):
    comment(world, world.alice)
    assert not round_access(user=world.bob, comment_round=world.comment_round).sees_others
    assert not round_access(user=world.researcher, comment_round=world.comment_round).sees_others
    shared = comment_round_create(group=world.group, comments_shared=True)
    assert round_access(user=world.bob, comment_round=shared).sees_others
    assert not round_access(user=world.bob, comment_round=shared).sees_collated
    comment_round_close(comment_round=world.comment_round)
    world.comment_round.refresh_from_db()
    assert round_access(user=world.bob, comment_round=world.comment_round).sees_others
    assert not round_access(user=world.bob, comment_round=world.comment_round).sees_collated
    assert round_access(user=world.researcher, comment_round=world.comment_round).sees_collated


# --- Closing ---------------------------------------------------------------------------


def test_closing_records_the_time_of_each_member_who_sent_comments_once(world, staff):
    comment(world, world.alice, minutes=50)
    comment(world, world.bob)  # no time given: the round's expected 30 minutes
    drafter = active_member(world.group)
    comment(world, drafter, send=False)  # a draft is not sent: not recorded
    comment_round_close(comment_round=world.comment_round, by=staff)
    comment_round_close(comment_round=world.comment_round, by=staff)  # twice: once
    world.comment_round.refresh_from_db()
    assert world.comment_round.status == CommentRound.Status.CLOSED
    rows = {
        row.member_id: row
        for row in Involvement.objects.filter(activity_id=world.comment_round.activity_id)
    }
    assert set(rows) == {world.alice.pk, world.bob.pk}
    assert rows[world.alice.pk].hours == Decimal("0.83")
    assert rows[world.bob.pk].hours == Decimal("0.50")
    closed_on = timezone.localdate(world.comment_round.closed_at)
    assert {row.started_on for row in rows.values()} == {closed_on}
    assert all(row.attended for row in rows.values())


def test_a_payment_follows_at_the_comment_round_rate(world, staff):
    from reciprocity.factories import rate_card_example
    from reciprocity.models import Payment
    from reciprocity.services.payments import payments_generate

    card = rate_card_example()
    comment(world, world.alice, minutes=60)
    comment_round_close(comment_round=world.comment_round)
    involvement = Involvement.objects.get(member=world.alice)
    result = payments_generate(involvements=[involvement], by=staff)
    assert result.created == 1
    payment = Payment.objects.get(involvement=involvement)
    assert payment.member == world.alice
    assert payment.rate_card == card
    assert payment.hours == Decimal("1.00")
    assert payment.amount == Decimal("25.00")  # an hour at the example card's hourly rate


def test_closing_emails_the_researcher_once_with_the_collated_page(
    world, django_capture_on_commit_callbacks
):
    comment(world, world.alice)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comment_round_close(comment_round=world.comment_round)
        comment_round_close(comment_round=world.comment_round)
    assert [message.to for message in mail.outbox] == [["dr.lee@example.org"]]
    assert f"/comments/{world.comment_round.pk}/collated/" in mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("The group's comments are ready: ")
    assert "1 person sent comments" in mail.outbox[0].body


def test_a_draft_round_cannot_be_closed(world):
    draft = comment_round_create(group=world.group, status=CommentRound.Status.DRAFT)
    with pytest.raises(CommentRoundError, match="never opened"):
        comment_round_close(comment_round=draft)


def test_the_task_closes_rounds_past_their_closing_time_only(world):
    comment(world, world.alice)
    CommentRound.objects.filter(pk=world.comment_round.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    still_open = comment_round_create(group=world.group, days=3)
    assert comment_rounds_close.delay().get() == 1
    assert comment_rounds_close_past_deadline() == 0  # nothing left to close
    world.comment_round.refresh_from_db()
    still_open.refresh_from_db()
    assert world.comment_round.status == CommentRound.Status.CLOSED
    assert still_open.status == CommentRound.Status.OPEN
    assert Involvement.objects.filter(member=world.alice).count() == 1


def test_the_task_runs_every_fifteen_minutes(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["comment-rounds-close"]
    assert entry["task"] == "opportunities.comment_rounds_close"
    assert entry["schedule"] == 15 * 60


# --- A member's data -------------------------------------------------------------------


def test_responses_are_in_the_members_data_download(world):
    comment(world, world.alice, text="My words", minutes=20)
    data = personal_data_collect(user=world.alice)
    section = next(value for key, value in data.items() if str(key) == "Written comment rounds")
    assert section[0]["Your comments"] == "My words"
    assert section[0]["About how long it took you, in minutes"] == 20


def test_erasure_takes_the_comment_out_of_the_collation_and_keeps_the_payment(world, staff):
    from reciprocity.factories import rate_card_example
    from reciprocity.models import Payment
    from reciprocity.services.payments import payments_generate

    rate_card_example()
    comment(world, world.alice, text="Alice's words")
    comment(world, world.bob, text="Bob's words")
    comment_round_close(comment_round=world.comment_round)
    payments_generate(involvements=list(Involvement.objects.all()), by=staff)
    alice_pk = world.alice.pk
    account_erase(user=world.alice)
    collated = round_collated(world.comment_round)
    assert [c.comment for c in collated.comments] == ["Bob's words"]
    assert not RoundResponse.objects.filter(member_id=alice_pk).exists()
    # The payment stays for finance, without the person.
    assert Payment.objects.filter(payee_reference=f"RT-{alice_pk:06d}", member=None).exists()


def test_the_demo_data_has_one_open_round_for_the_diabetes_group(world):
    from opportunities.demo_content import DEMO_ROUND_TITLE, demo_comment_round

    demo_comment_round()
    demo_comment_round()
    demo = CommentRound.objects.get(title=DEMO_ROUND_TITLE)
    assert demo.is_open() and demo.group == world.group and demo.activity_id


@pytest.mark.parametrize(
    "minutes, words",
    [
        (45, "45 minutes"),
        (60, "1 hour"),
        (61, "1 hour and 1 minute"),
        (125, "2 hours and 5 minutes"),
    ],
)
def test_the_total_time_reads_as_people_say_it(minutes, words):
    from opportunities.selectors.comment_rounds import Collated, Comment

    collated = Collated(
        comment_round=CommentRound(expected_minutes=30),
        comments=[Comment(label="Member 1", comment="x", minutes=minutes)],
    )
    assert collated.total_time == words


def test_one_round_that_cannot_close_does_not_keep_the_others_open(world, monkeypatch):
    from opportunities.services import comment_rounds as service

    stuck = comment_round_create(group=world.group, title="Stuck")
    past = timezone.now() - datetime.timedelta(minutes=1)
    CommentRound.objects.filter(pk__in=[stuck.pk, world.comment_round.pk]).update(closes_at=past)
    real_close = service.comment_round_close

    def close_unless_stuck(*, comment_round, by=None):
        if comment_round.pk == stuck.pk:
            raise RuntimeError("database hiccup")
        return real_close(comment_round=comment_round, by=by)

    monkeypatch.setattr(service, "comment_round_close", close_unless_stuck)
    assert comment_rounds_close_past_deadline() == 1
    stuck.refresh_from_db()
    world.comment_round.refresh_from_db()
    assert stuck.status == CommentRound.Status.OPEN
    assert world.comment_round.status == CommentRound.Status.CLOSED


def test_sharing_cannot_be_switched_on_once_a_comment_was_sent_privately(world, staff):
    comment(world, world.alice, send=False)  # a draft: nothing promised yet
    comment_round_update(comment_round=world.comment_round, by=staff, comments_shared=False)
    comment(world, world.alice, send=True)
    with pytest.raises(CommentRoundError, match="sharing cannot be switched on"):
        comment_round_update(comment_round=world.comment_round, by=staff, comments_shared=True)
    world.comment_round.refresh_from_db()
    assert world.comment_round.comments_shared is False
    assert not round_access(user=world.bob, comment_round=world.comment_round).sees_others
