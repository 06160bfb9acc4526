"""Written comment rounds: the writes. Staff make, change, open and close a round;
members opt in, write and send their comments; closing records the time each member
who sent a comment spent as involvement (involvement.services, the one writer), so the
payment pipeline pays it at the rate card's comment-round rate, and tells the
researcher their comments are ready. Who may see or do what is
opportunities.selectors.meetings.round_access."""

import datetime
import logging
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from home.datetimes import format_datetime
from home.page_cache import people_changed
from involvement.models import Involvement
from involvement.services import involvement_record_bulk
from members.models import GroupMembership, ReferenceGroupPage, User
from members.services.email import email_person
from opportunities.models import CommentRound, ResearchRequest, RoundResponse
from opportunities.selectors.meetings import is_active_member
from opportunities.services.meetings import comment_round_activity_sync

logger = logging.getLogger(__name__)

OPENED = "roundtable.comment_round_opened"
CLOSED = "roundtable.comment_round_closed"
EDITED = "roundtable.comment_round_edited"

# The fields staff set (create and edit alike).
EDITABLE = ["group", "request", "title", "question", "closes_at", "expected_minutes"]


class CommentRoundError(Exception):
    """A comment round action that cannot be done; the message says why, for the person."""


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / Decimal(60)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _active_member_ids(group_id: int) -> list[int]:
    return list(
        GroupMembership.objects.filter(
            group_id=group_id, status=GroupMembership.Status.ACTIVE
        ).values_list("member_id", flat=True)
    )


def _check_closes_at(closes_at: datetime.datetime) -> None:
    if closes_at <= timezone.now():
        raise CommentRoundError(_("The closing date and time must be in the future."))


@transaction.atomic
def comment_round_create(
    *,
    group: ReferenceGroupPage,
    title: str,
    question: str,
    closes_at: datetime.datetime,
    expected_minutes: int,
    comments_shared: bool = False,
    request: ResearchRequest | None = None,
    by: User | None,
) -> CommentRound:
    """A round not open yet (a draft): staff add its papers, then open it."""
    _check_closes_at(closes_at)
    return CommentRound.objects.create(
        group=group,
        request=request,
        title=title.strip(),
        question=question.strip(),
        closes_at=closes_at,
        expected_minutes=expected_minutes,
        comments_shared=comments_shared,
        created_by=by,
    )


@transaction.atomic
def comment_round_update(*, comment_round: CommentRound, by: User | None, **fields) -> CommentRound:
    """Change a round while it is a draft or open: its closing date can move later (or
    earlier, but not into the past). Once it has opened, its group stays: members of
    that group have been asked."""
    locked = CommentRound.objects.select_for_update().get(pk=comment_round.pk)
    if locked.status == CommentRound.Status.CLOSED:
        raise CommentRoundError(_("This round has closed, so it cannot be changed."))
    unknown = set(fields) - {*EDITABLE, "comments_shared"}
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    if "closes_at" in fields and fields["closes_at"] != locked.closes_at:
        _check_closes_at(fields["closes_at"])
    if (
        locked.status == CommentRound.Status.OPEN
        and "group" in fields
        and fields["group"].pk != locked.group_id
    ):
        raise CommentRoundError(
            _("The round is open to its group's members: it cannot move to another group.")
        )
    if (
        fields.get("comments_shared")
        and not locked.comments_shared
        and locked.responses.filter(submitted_at__isnull=False).exists()
    ):
        # They were sent on the promise that only their author reads them until it closes.
        raise CommentRoundError(
            _(
                "Comments have already been sent on the understanding that nobody else "
                "reads them until the round closes, so sharing cannot be switched on now."
            )
        )
    for name, value in fields.items():
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    locked.save()
    if locked.activity_id is not None:
        comment_round_activity_sync(comment_round=locked)
    if by is not None:
        log(instance=locked, action=EDITED, user=by, data={})
    if locked.status == CommentRound.Status.OPEN:
        people_changed(*_active_member_ids(locked.group_id))
    for name in fields:
        setattr(comment_round, name, getattr(locked, name))
    return locked


@transaction.atomic
def comment_round_open(*, comment_round: CommentRound, by: User | None) -> CommentRound:
    """Open a draft round to its group: the group's active members are emailed once
    each (a key per round and person), and their pages show it."""
    locked = CommentRound.objects.select_for_update().get(pk=comment_round.pk)
    if locked.status != CommentRound.Status.DRAFT:
        raise CommentRoundError(_("This round has already been opened."))
    _check_closes_at(locked.closes_at)
    locked.status = CommentRound.Status.OPEN
    locked.opened_at = timezone.now()
    locked.save(update_fields=["status", "opened_at"])
    comment_round_activity_sync(comment_round=locked)
    member_ids = _active_member_ids(locked.group_id)
    address = settings.SITE_URL + reverse(
        "opportunities:comment_round", kwargs={"round_id": locked.pk}
    )
    closes = format_datetime(locked.closes_at)
    for member in User.objects.filter(pk__in=member_ids, is_active=True).order_by("pk"):
        email_person(
            user=member,
            template="opportunities/email/comment_round_open",
            context={"comment_round": locked, "address": address, "closes": closes},
            key=f"comment-round-open:{locked.pk}:{member.pk}",
        )
    people_changed(*member_ids)
    if by is not None:
        log(instance=locked, action=OPENED, user=by, data={})
    comment_round.status, comment_round.opened_at = locked.status, locked.opened_at
    comment_round.activity_id = locked.activity_id
    return locked


@transaction.atomic
def comment_round_close(*, comment_round: CommentRound, by: User | None = None) -> CommentRound:
    """Close an open round: no more comments; the time each member who sent a comment
    spent (what they said, or the round's expected time) is recorded as involvement on
    the close date; the researcher is emailed that the comments are ready. Closing a
    closed round does nothing (so the task and staff may both try)."""
    locked = CommentRound.objects.select_for_update().get(pk=comment_round.pk)
    if locked.status == CommentRound.Status.CLOSED:
        return locked
    if locked.status == CommentRound.Status.DRAFT:
        raise CommentRoundError(_("This round was never opened, so it cannot be closed."))
    locked.status = CommentRound.Status.CLOSED
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "closed_at"])
    activity = comment_round_activity_sync(comment_round=locked)
    closed_on = timezone.localdate(locked.closed_at)
    sent = list(
        RoundResponse.objects.filter(round=locked, submitted_at__isnull=False).order_by("pk")
    )
    # by=None: the hours are the members' own answers (or the round's expected time),
    # recorded because the round closed, not a staff decision about a person; staff
    # still never make their own payment (reciprocity's payments_generate refuses).
    involvement_record_bulk(
        involvements=[
            Involvement(
                member_id=response.member_id,
                activity=activity,
                attended=True,
                started_on=closed_on,
                hours=_hours(response.minutes_spent or locked.expected_minutes),
            )
            for response in sent
        ],
        by=None,
    )
    researcher = locked.request.researcher if locked.request_id else None
    if researcher is not None:
        email_person(
            user=researcher,
            template="opportunities/email/comment_round_collated",
            context={
                "comment_round": locked,
                "count": len(sent),
                "address": settings.SITE_URL
                + reverse("opportunities:comment_round_collated", kwargs={"round_id": locked.pk}),
            },
            key=f"comment-round-collated:{locked.pk}",
        )
    people_changed(
        *_active_member_ids(locked.group_id),
        *RoundResponse.objects.filter(round=locked).values_list("member_id", flat=True),
    )
    if by is not None:
        log(instance=locked, action=CLOSED, user=by, data={})
    comment_round.status, comment_round.closed_at = locked.status, locked.closed_at
    comment_round.activity_id = locked.activity_id
    return locked


def comment_rounds_close_past_deadline(now: datetime.datetime | None = None) -> int:
    """Close every open round whose closing time has passed (the beat task). Each in
    its own transaction, so one that fails does not keep the others open."""
    now = now or timezone.now()
    closed = 0
    for pk in CommentRound.objects.filter(
        status=CommentRound.Status.OPEN, closes_at__lte=now
    ).values_list("pk", flat=True):
        try:
            comment_round_close(comment_round=CommentRound(pk=pk))
        except Exception:
            # Left open (its transaction undone) and tried again at the next run.
            logger.exception("Comment round %s could not be closed", pk)
            continue
        closed += 1
    return closed


def _open_for(*, comment_round: CommentRound, member: User) -> CommentRound:
    """The round, locked, if `member` may comment on it now; otherwise why not."""
    locked = CommentRound.objects.select_for_update().get(pk=comment_round.pk)
    if not is_active_member(user=member, group_id=locked.group_id):
        raise CommentRoundError(_("Only active members of the group can comment."))
    if not locked.is_open():
        raise CommentRoundError(
            _("This round has closed, so comments can no longer be sent or changed.")
        )
    return locked


@transaction.atomic
def comment_round_opt_in(*, comment_round: CommentRound, member: User) -> RoundResponse:
    """'I will comment': the member's response, made once."""
    locked = _open_for(comment_round=comment_round, member=member)
    response, _created = RoundResponse.objects.get_or_create(round=locked, member=member)
    people_changed(member.pk)
    return response


@transaction.atomic
def comment_round_opt_out(*, comment_round: CommentRound, member: User) -> None:
    """'I no longer want to comment': their response (and anything written) goes."""
    locked = _open_for(comment_round=comment_round, member=member)
    RoundResponse.objects.filter(round=locked, member=member).delete()
    people_changed(member.pk)


@transaction.atomic
def comment_round_comment_save(
    *,
    comment_round: CommentRound,
    member: User,
    comment: str,
    minutes_spent: int | None,
    send: bool,
) -> RoundResponse:
    """Keep the member's comment: as a draft (only they see it), or sent (`send`). A
    sent comment can still be changed until the round closes, and stays sent."""
    locked = _open_for(comment_round=comment_round, member=member)
    response = RoundResponse.objects.select_for_update().filter(round=locked, member=member).first()
    if response is None:
        raise CommentRoundError(_("Say you will comment first."))
    comment = (comment or "").strip()
    if (send or response.submitted_at) and not comment:
        raise CommentRoundError(_("Write your comments before sending them."))
    response.comment = comment
    response.minutes_spent = minutes_spent
    if send and response.submitted_at is None:
        response.submitted_at = timezone.now()
    response.updated_at = timezone.now()
    response.save()
    people_changed(member.pk)
    return response
