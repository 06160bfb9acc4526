"""Group meetings: the writes. A meeting's activity (involvement.models.Activity) is
made and kept in step here; attendance itself is written by involvement.services (the
one writer), so payments follow it as they follow every involvement.

The member's side (below): a member's reply (`meeting_reply_save`, with its calendar
entry by email: `meeting_reply_event`, one UID per reply, which the staff's screens
send again with Method.REQUEST when a meeting moves and Method.CANCEL when it is
called off), `meeting_audience_changed` (call it when a meeting is added, changed or
cancelled: its group's members' account pages list it), a suggested correction to the
notes, the reminders two days before, and erasure."""

import datetime
from dataclasses import replace

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from home.calendar import CalendarEvent, Method, event_uid, ics_attach
from home.page_cache import people_changed
from home.reminders import Reminder, RemindersSent, reminder_window, reminders_send
from involvement.models import Activity
from members.models import GroupMembership, User
from members.services.email import email_person
from opportunities.models import (
    CommentRound,
    GroupMeeting,
    MeetingMode,
    MeetingNotes,
    MeetingReply,
    NotesCorrection,
)
from opportunities.models.meetings import CALENDAR_KIND_MEETING
from opportunities.selectors.meetings import is_active_member, meeting_access


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


# --- The member's side: replies, calendar entries, corrections, reminders ----------


def meeting_url(meeting: GroupMeeting) -> str:
    """The meeting's page, in full, for emails and calendars."""
    return settings.SITE_URL + reverse("opportunities:meeting", args=[meeting.pk])


def meeting_has_link(meeting: GroupMeeting) -> bool:
    return meeting.mode in (MeetingMode.ONLINE, MeetingMode.HYBRID) and bool(meeting.joining_link)


def meeting_event(
    meeting: GroupMeeting, *, private: bool, uid: str = "", sequence: int | None = None
) -> CalendarEvent:
    """The meeting as a calendar entry. `private`: for someone who may see the joining
    link (a download or an email to them) — then the link is the entry's URL and is in
    its description. Without it (the Google and Outlook links, whose contents go to
    those companies) the entry points at the meeting's page only."""
    page = meeting_url(meeting)
    with_link = private and meeting_has_link(meeting)
    parts = []
    if with_link:
        parts.append(_("Joining link: %(link)s") % {"link": meeting.joining_link})
    if meeting.access_information:
        parts.append(meeting.access_information)
    if with_link:  # otherwise the page is the entry's URL, which calendars show anyway
        parts.append(_("Agenda and papers: %(url)s") % {"url": page})
    return CalendarEvent(
        uid=uid or event_uid(CALENDAR_KIND_MEETING, meeting.pk),
        start=meeting.starts_at,
        end=meeting.ends_at,
        summary=meeting.title,
        description="\n\n".join(parts),
        location=meeting.location(),
        url=meeting.joining_link if with_link else page,
        sequence=meeting.sequence if sequence is None else sequence,
    )


def meeting_reply_event(reply: MeetingReply) -> CalendarEvent:
    """The entry in the calendar of a member who said they will come: one UID per
    reply, so an update (the meeting moved: the staff's screens bump
    `meeting.sequence` and send it again with Method.REQUEST) or a cancellation
    (Method.CANCEL) replaces it. SEQUENCE is the meeting's changes plus the reply's
    own: both only rise, so each outranks the entry the calendar holds."""
    meeting = reply.meeting
    # The joining link only while they are coming to a meeting still on: an entry that
    # takes the meeting away keeps to its page, so the link never reaches anyone else.
    coming = reply.answer == MeetingReply.Answer.COMING and not meeting.is_cancelled
    event = meeting_event(
        meeting,
        private=coming,
        uid=event_uid(f"{CALENDAR_KIND_MEETING}-reply", reply.pk),
        sequence=meeting.sequence + reply.sequence,
    )
    member = reply.member
    return replace(
        event, attendee_name=getattr(member, "name", "") or "", attendee_email=member.email or ""
    )


def meeting_reply_email(reply: MeetingReply, template: str, *, ics: Method | None) -> bool:
    """Email the member about their reply, with the calendar entry when `ics` is given.
    Never their access needs. Once per reply, template and sequence."""
    meeting = reply.meeting
    attach = None
    if ics is not None:
        event = meeting_reply_event(reply)

        def attach(message):
            ics_attach(message=message, event=event, method=ics)

    name = template.rsplit("/", 1)[-1]
    return email_person(
        user=reply.member,
        template=template,
        context={
            "meeting": meeting,
            "group": meeting.group,
            "url": meeting_url(meeting),
            "location": meeting.location(),
            "joining_link": (
                meeting.joining_link
                if meeting_has_link(meeting) and reply.answer == MeetingReply.Answer.COMING
                else ""
            ),
        },
        key=f"meeting-reply:{reply.pk}:{name}:{meeting.sequence + reply.sequence}",
        attach=attach,
    )


def meeting_reply_refusal(meeting: GroupMeeting, *, now=None) -> str | None:
    """Why nobody may reply to `meeting` now, or None."""
    if meeting.is_cancelled:
        return _("This meeting has been cancelled.")
    if meeting.has_started(now):
        return _("This meeting has already started, so replies are closed.")
    return None


@transaction.atomic
def meeting_reply_save(
    *, meeting: GroupMeeting, member: User, answer: str, access_needs: str = ""
) -> MeetingReply:
    """The member's answer to "will you come?", with anything they need for this
    meeting (kept for the staff running it; never emailed).

    Saying they will come emails them the calendar entry (.ics, REQUEST); changing to
    "cannot come" after that takes it away (CANCEL). Only active members of the
    meeting's group, before it starts and while it is not cancelled."""
    if answer not in MeetingReply.Answer.values:
        raise MeetingError(_("Say whether you will come."))
    meeting = GroupMeeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    if not is_active_member(user=member, group_id=meeting.group_id):
        raise MeetingError(_("Only the group's members can reply to its meetings."))
    if (refusal := meeting_reply_refusal(meeting)) is not None:
        raise MeetingError(refusal)
    access_needs = access_needs.strip() if answer == MeetingReply.Answer.COMING else ""
    # The meeting's row lock (above) puts two tabs of the same member in turn.
    reply = MeetingReply.objects.filter(meeting=meeting, member=member).first()
    was = reply.answer if reply is not None else None
    if reply is None:
        reply = MeetingReply(meeting=meeting, member=member)
    elif was != answer:
        reply.sequence += 1
    reply.answer = answer
    reply.access_needs = access_needs
    reply.recorded_by = None
    reply.updated_at = timezone.now()
    reply.save()
    reply.meeting = meeting
    reply.member = member
    if answer == MeetingReply.Answer.COMING and was != MeetingReply.Answer.COMING:
        meeting_reply_email(reply, "opportunities/email/meeting_coming", ics=Method.REQUEST)
    elif answer == MeetingReply.Answer.NOT_COMING and was == MeetingReply.Answer.COMING:
        meeting_reply_email(reply, "opportunities/email/meeting_not_coming", ics=Method.CANCEL)
    # The member's account page follows by itself (a receiver of the reply's post_save).
    return reply


def meeting_audience_changed(meeting: GroupMeeting) -> None:
    """A meeting was added, changed or cancelled: the account pages of its group's
    active members (which list their meetings to come) are stale. Call it from the
    staff's screens after any such change."""
    people_changed(
        *GroupMembership.objects.filter(
            group_id=meeting.group_id, status=GroupMembership.Status.ACTIVE
        ).values_list("member_id", flat=True)
    )


@transaction.atomic
def notes_correction_suggest(
    *, notes: MeetingNotes, member: User, suggestion: str
) -> NotesCorrection:
    """An attendee suggests a correction to the notes while they are shared with the
    attendees. Staff see it on their screen (nobody is emailed)."""
    suggestion = suggestion.strip()
    if not suggestion:
        raise MeetingError(_("Write the correction you suggest."))
    notes = MeetingNotes.objects.select_for_update().select_related("meeting").get(pk=notes.pk)
    if not meeting_access(user=member, meeting=notes.meeting).may_correct_notes:
        raise MeetingError(
            _("Only the people who came can suggest corrections, while the notes are shared.")
        )
    return NotesCorrection.objects.create(notes=notes, member=member, suggestion=suggestion)


def meeting_reminders_send(*, now: datetime.datetime | None = None) -> RemindersSent:
    """Remind each member who said they will come, two days before, once
    (home.reminders: a second run sends nothing). Not for a cancelled meeting, nor for
    someone whose membership is no longer active."""
    now = now or timezone.now()
    start_after, start_by = reminder_window(now=now)
    meetings = {
        meeting.pk: meeting
        for meeting in GroupMeeting.objects.not_cancelled().filter(
            starts_at__gt=start_after, starts_at__lte=start_by
        )
    }
    replies = (
        MeetingReply.objects.filter(
            meeting_id__in=list(meetings), answer=MeetingReply.Answer.COMING
        )
        .filter(
            member__memberships__group_id=F("meeting__group_id"),
            member__memberships__status=GroupMembership.Status.ACTIVE,
        )
        .select_related("member")
        .order_by("meeting_id", "pk")
    )
    due = []
    for reply in replies:
        meeting = meetings[reply.meeting_id]
        due.append(
            Reminder(
                person=reply.member,
                about=f"meeting:{meeting.pk}",
                starts_at=meeting.starts_at,
                ends_at=meeting.ends_at,
                context={
                    "title": meeting.title,
                    "location": meeting.location(),
                    "url": meeting_url(meeting),
                    "joining_link": meeting.joining_link if meeting_has_link(meeting) else "",
                },
            )
        )
    return reminders_send(due=due, template="opportunities/email/meeting_reminder", now=now)


@transaction.atomic
def meeting_replies_erase(*, user: User) -> None:
    """The person's account is being erased: their replies (with any access needs)
    and suggested corrections go now, not only with the user row."""
    NotesCorrection.objects.filter(member=user).delete()
    MeetingReply.objects.filter(member=user).delete()
