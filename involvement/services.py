"""The one writer of involvement, for every kind of activity, and "you said, we did"
(impact). Each write keeps the members' last involvement date (through members'
profile services) and announces itself (involvement.hooks.involvement_recorded)."""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from involvement.hooks import involvement_recorded
from involvement.models import Activity, ImpactEntry, Involvement
from members.models import User
from members.services.email import email_person
from members.services.own_record import own_record_refuse
from members.services.profiles import profiles_last_involved_set


class InvolvementError(Exception):
    """Involvement or impact that cannot be recorded; the message says why."""


MAX_HOURS = 999  # the model's limit: the forms say so, and so do the writers


def _check(*, member_id: int, started_on: datetime.date, ended_on, hours, by: User | None) -> None:
    own_record_refuse(person=member_id, by=by, error=InvolvementError)
    if ended_on and ended_on < started_on:
        raise InvolvementError(_("The last date must be on or after the first date."))
    if hours is None or not 0 <= hours <= MAX_HOURS:
        raise InvolvementError(_("Hours must be from 0 to %(most)s.") % {"most": MAX_HOURS})


@transaction.atomic
def involvement_record(
    *,
    member: User,
    activity: Activity,
    attended: bool,
    started_on: datetime.date,
    hours,
    by: User | None,
    ended_on: datetime.date | None = None,
) -> Involvement:
    """What a member did in an activity: recorded once per member and activity, and
    corrected in place. Staff never record their own."""
    _check(
        member_id=member.pk,
        started_on=started_on,
        ended_on=ended_on,
        hours=hours if attended else 0,
        by=by,
    )
    involvement, _created = Involvement.objects.update_or_create(
        member=member,
        activity=activity,
        defaults={
            "attended": attended,
            "started_on": started_on,
            "ended_on": ended_on,
            "hours": hours if attended else 0,
            "recorded_by": by,
        },
    )
    _recorded([involvement])
    return involvement


# What a correction changes on a row already there (the bulk form's "update or create").
_CORRECTED = ["attended", "started_on", "ended_on", "hours", "recorded_by"]


@transaction.atomic
def involvement_record_bulk(
    *, involvements: list[Involvement], by: User | None
) -> list[Involvement]:
    """Many at once (unsaved rows, each a member and an activity): the same rules and
    the same announcement as `involvement_record`, in a fixed number of queries. A
    member and activity already recorded is corrected in place. Returns the saved rows,
    in the order given."""
    if not involvements:
        return []
    seen = set()
    for row in involvements:
        _check(
            member_id=row.member_id,
            started_on=row.started_on,
            ended_on=row.ended_on,
            hours=row.hours if row.attended else 0,
            by=by,
        )
        if (row.member_id, row.activity_id) in seen:
            # One row per member and activity: PostgreSQL's upsert cannot take two.
            raise InvolvementError(_("The same person is listed twice for one activity."))
        seen.add((row.member_id, row.activity_id))
        if not row.attended:
            row.hours = 0
        row.recorded_by = by
    Involvement.objects.bulk_create(
        involvements,
        update_conflicts=True,
        unique_fields=["member", "activity"],
        update_fields=_CORRECTED,
    )
    # Read back: not every database gives the ids of rows an upsert updated.
    saved = {
        (row.member_id, row.activity_id): row
        for row in Involvement.objects.filter(
            member_id__in={row.member_id for row in involvements},
            activity_id__in={row.activity_id for row in involvements},
        )
    }
    rows = [saved[(row.member_id, row.activity_id)] for row in involvements]
    _recorded(rows)
    return rows


def _recorded(involvements: list[Involvement]) -> None:
    """What follows every write: the members' last involvement date, then the event."""
    member_ids = {row.member_id for row in involvements}
    last = dict(
        Involvement.objects.filter(member_id__in=member_ids, attended=True)
        .values("member_id")
        .annotate(last=Max("started_on"))
        .values_list("member_id", "last")
    )
    # The member directory filters on this (members cannot read this app's tables).
    profiles_last_involved_set(last_involved={pk: last.get(pk) for pk in member_ids})
    # Inside the transaction: payments that follow an involvement commit with it.
    involvement_recorded.send(sender=Involvement, involvements=involvements)


@transaction.atomic
def impact_add(
    *,
    activity: Activity,
    what_changed: str,
    by: User,
    kind: str = "",
    research_stage: str = "",
) -> ImpactEntry:
    """'You said, we did': recorded, and emailed to the members who took part. `kind`
    (ImpactEntry.Kind) and `research_stage` (ResearchStage) place it in a project's
    record; both may be left empty."""
    what_changed = what_changed.strip()
    if not what_changed:
        raise InvolvementError(_("Say what changed because of the members' input."))
    entry = ImpactEntry.objects.create(
        activity=activity,
        what_changed=what_changed,
        added_by=by,
        kind=kind,
        research_stage=research_stage,
    )
    took_part = User.objects.filter(involvements__activity=activity, involvements__attended=True)
    for member in took_part:
        email_person(
            user=member,
            template="involvement/email/impact",
            context={"entry": entry, "activity": activity},
            key=f"impact:{entry.pk}:{member.pk}",
        )
    return entry
