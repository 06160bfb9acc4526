"""Group meetings: the writes. A meeting's activity (involvement.models.Activity) is
made and kept in step here; attendance itself is written by involvement.services (the
one writer), so payments follow it as they follow every involvement."""

from django.db import transaction
from django.utils import timezone

from involvement.models import Activity
from opportunities.models import CommentRound, GroupMeeting


class MeetingError(Exception):
    """A meeting action that cannot be done; the message says why, for the person."""


@transaction.atomic
def meeting_activity_sync(*, meeting: GroupMeeting) -> Activity:
    """The meeting's activity, made the first time, with its title and date. Members
    of reference groups are paid for meetings at the rate card's group-meeting rate."""
    locked = GroupMeeting.objects.select_for_update().get(pk=meeting.pk)
    day = timezone.localdate(locked.starts_at)
    fields = {"title": locked.title, "starts_on": day, "ends_on": day}
    if locked.activity_id is None:
        activity = Activity.objects.create(kind=Activity.Kind.GROUP_MEETING, **fields)
        GroupMeeting.objects.filter(pk=locked.pk).update(activity=activity)
    else:
        activity = Activity.objects.get(pk=locked.activity_id)
        for name, value in fields.items():
            setattr(activity, name, value)
        activity.save(update_fields=list(fields))
    meeting.activity = activity
    return activity


@transaction.atomic
def comment_round_activity_sync(*, comment_round: CommentRound) -> Activity:
    """The round's activity, made the first time (when it opens): the time members
    spend on their comments is recorded against it."""
    locked = CommentRound.objects.select_for_update().get(pk=comment_round.pk)
    day = timezone.localdate(locked.closes_at)
    fields = {"title": locked.title, "starts_on": day, "ends_on": day}
    if locked.activity_id is None:
        activity = Activity.objects.create(kind=Activity.Kind.COMMENT_ROUND, **fields)
        CommentRound.objects.filter(pk=locked.pk).update(activity=activity)
    else:
        activity = Activity.objects.get(pk=locked.activity_id)
        for name, value in fields.items():
            setattr(activity, name, value)
        activity.save(update_fields=list(fields))
    comment_round.activity = activity
    return activity
