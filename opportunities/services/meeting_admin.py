"""Group meetings, the staff side: meetings made (one at a time or from a series),
changed and cancelled; the agenda (items, slots given to researchers' requests, papers);
the register (attendance → involvement through the one writer, so payments follow);
the notes (shared with attendees for corrections, then published to the group); and the
group's feedback sent to each researcher.

Every function here is keyword-only and atomic; emails go through email_person with an
idempotency key (queued after commit). No note text, access needs or health details
are ever put in an email. The member side (replies, reminders, the meeting page) is
opportunities.services.meetings.
"""

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from home import datetimes
from home.calendar import Method, ics_attach
from home.page_cache import people_changed
from involvement.models import Involvement
from involvement.services import InvolvementError, involvement_record_bulk
from members.models import GroupMembership, ReferenceGroupPage, User
from members.services.email import email_person
from members.services.own_record import own_record_refuse
from opportunities.meeting_dates import series_dates
from opportunities.models import (
    AgendaItem,
    GroupMeeting,
    MeetingNotes,
    MeetingReply,
    MeetingSeries,
    NotesCorrection,
    ResearchRequest,
    ResearchRequestEvent,
    Route,
)
from opportunities.selectors.meeting_admin import waiting_for_slot
from opportunities.services.meetings import (
    MeetingError,
    meeting_activity_sync,
    meeting_audience_changed,
    meeting_reply_event,
    meeting_url,
)

# Log actions (registered in opportunities/wagtail_hooks.py).
MEETING_CHANGED = "roundtable.meeting_changed"
MEETING_CANCELLED = "roundtable.meeting_cancelled"
MEETING_REGISTER = "roundtable.meeting_register"
NOTES_CORRECTION_ANSWERED = "roundtable.notes_correction_answered"
AGENDA_FEEDBACK_SENT = "roundtable.agenda_feedback_sent"
REQUEST_STATUS = "roundtable.request_status"

# What a meeting's edit form may change.
EDITABLE = [
    "title",
    "starts_at",
    "ends_at",
    "mode",
    "place",
    "access_information",
    "joining_link",
    "papers_due_on",
]
# A change to any of these is news for those coming (and their calendars).
TIME_OR_PLACE = {"starts_at", "ends_at", "mode", "place", "joining_link"}

WAITING_FOR_SLOT = [ResearchRequest.Status.SUBMITTED, ResearchRequest.Status.IN_REVIEW]


def _validation_message(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def _group_lock(group: ReferenceGroupPage) -> None:
    """Staff adding meetings to one group take turns (a form sent twice, two staff at
    once), so the check for a meeting already at that time sees the other's."""
    ReferenceGroupPage.objects.select_for_update().filter(pk=group.pk).first()


def _already_at(group: ReferenceGroupPage, starts: list[datetime.datetime]) -> set:
    """The times among `starts` at which the group already has a meeting (not cancelled)."""
    return set(
        GroupMeeting.objects.not_cancelled()
        .filter(group=group, starts_at__in=starts)
        .values_list("starts_at", flat=True)
    )


def _active_member_ids(group_id: int) -> list[int]:
    return list(
        GroupMembership.objects.filter(
            group_id=group_id, status=GroupMembership.Status.ACTIVE
        ).values_list("member_id", flat=True)
    )


# Meetings ---------------------------------------------------------------------------


@transaction.atomic
def meeting_create(*, group: ReferenceGroupPage, by: User, **fields) -> GroupMeeting:
    """One meeting of `group` (fields: those of EDITABLE). Papers are due
    MEETING_PAPERS_DAYS_BEFORE days before it unless a date is given."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Not a meeting's field: {sorted(unknown)}")
    meeting = GroupMeeting(group=group, created_by=by, **fields)
    if meeting.papers_due_on is None and meeting.starts_at:
        meeting.papers_due_on = meeting.default_papers_due_on()
    try:
        meeting.full_clean()
    except ValidationError as error:
        raise MeetingError(_validation_message(error)) from error
    _group_lock(group)
    if _already_at(group, [meeting.starts_at]):
        raise MeetingError(_("The group already has a meeting at this time."))
    meeting.save()
    meeting_audience_changed(meeting)
    return meeting


@dataclass(frozen=True)
class SeriesPlan:
    """What a series will make: each meeting's start and end, UK time."""

    times: list[tuple[datetime.datetime, datetime.datetime]]
    until: datetime.date


def series_until(first_date: datetime.date, until: datetime.date | None) -> datetime.date:
    """The last date a series makes meetings on now: its own end, or no further than
    MEETING_SERIES_MONTHS_AHEAD months after its first date."""
    months = settings.MEETING_SERIES_MONTHS_AHEAD
    year, month = divmod(first_date.month - 1 + months, 12)
    year += first_date.year
    month += 1
    day = min(first_date.day, 28)
    horizon = datetime.date(year, month, day)
    return min(until, horizon) if until else horizon


def series_plan(
    *,
    frequency: str,
    weekday: int,
    first_date: datetime.date,
    until: datetime.date | None,
    start_time: datetime.time,
    duration_minutes: int,
    week_of_month: int | None = None,
    every_weeks: int | None = None,
) -> SeriesPlan:
    """The meetings a series gives: each date with the start time made aware on the UK's
    clock for that date, so a 6pm meeting is at 6pm in winter and in summer."""
    last = series_until(first_date, until)
    zone = timezone.get_default_timezone()
    times = []
    for day in series_dates(
        frequency=frequency,
        weekday=weekday,
        first=first_date,
        until=last,
        week_of_month=week_of_month,
        every_weeks=every_weeks,
    ):
        start = timezone.make_aware(datetime.datetime.combine(day, start_time), zone)
        # The end on the same clock: a length in minutes of wall time.
        end_naive = datetime.datetime.combine(day, start_time) + datetime.timedelta(
            minutes=duration_minutes
        )
        times.append((start, timezone.make_aware(end_naive, zone)))
    return SeriesPlan(times=times, until=last)


SERIES_FIELDS = [
    "title",
    "frequency",
    "weekday",
    "week_of_month",
    "every_weeks",
    "start_time",
    "duration_minutes",
    "first_date",
    "until",
    "mode",
    "place",
    "access_information",
    "joining_link",
]


@transaction.atomic
def meeting_series_create(
    *, group: ReferenceGroupPage, by: User, **fields
) -> tuple[MeetingSeries, list[GroupMeeting]]:
    """A series and its meetings, up to its end or MEETING_SERIES_MONTHS_AHEAD months
    ahead (fields: SERIES_FIELDS). Each meeting can then be changed on its own."""
    unknown = set(fields) - set(SERIES_FIELDS)
    if unknown:
        raise TypeError(f"Not a series' field: {sorted(unknown)}")
    series = MeetingSeries(group=group, created_by=by, **fields)
    if series.frequency == MeetingSeries.Frequency.MONTHLY:
        series.every_weeks = None
    else:
        series.week_of_month = None
    try:
        series.full_clean()
    except ValidationError as error:
        raise MeetingError(_validation_message(error)) from error
    plan = series_plan(
        frequency=series.frequency,
        weekday=series.weekday,
        first_date=series.first_date,
        until=series.until,
        start_time=series.start_time,
        duration_minutes=series.duration_minutes,
        week_of_month=series.week_of_month,
        every_weeks=series.every_weeks,
    )
    if not plan.times:
        raise MeetingError(_("These choices give no dates. Check the first and last dates."))
    # Sent twice (a double click on "Make the meetings"), or overlapping a series made
    # before: times the group already meets at are left out, and none left is an error.
    _group_lock(group)
    taken = _already_at(group, [start for start, _end in plan.times])
    times = [(start, end) for start, end in plan.times if start not in taken]
    if not times:
        raise MeetingError(
            _("The group already has a meeting at each of these times: nothing was added.")
        )
    series.save()
    meetings = []
    for start, end in times:
        meeting = GroupMeeting(
            group=group,
            series=series,
            title=series.title,
            mode=series.mode,
            place=series.place,
            access_information=series.access_information,
            joining_link=series.joining_link,
            starts_at=start,
            ends_at=end,
            created_by=by,
        )
        meeting.papers_due_on = meeting.default_papers_due_on()
        meetings.append(meeting)
    GroupMeeting.objects.bulk_create(meetings)
    if meetings:
        meeting_audience_changed(meetings[0])
    return series, meetings


def _coming(meeting: GroupMeeting) -> list[MeetingReply]:
    """Those who said they will come and are still active members of the group: the
    update carries the joining link, which is for the group's members only."""
    return list(
        MeetingReply.objects.filter(
            meeting=meeting,
            answer=MeetingReply.Answer.COMING,
            member_id__in=_active_member_ids(meeting.group_id),
        )
        .select_related("member")
        .order_by("pk")
    )


def _changes(before: dict, meeting: GroupMeeting, changed: set[str]) -> list[str]:
    """What changed, in words, for the email (no link: it is on the meeting's page)."""
    lines = []
    if {"starts_at", "ends_at"} & changed:
        lines.append(
            _("When: now %(new)s (it was %(old)s).")
            % {
                "new": meeting.when,
                "old": datetimes.format_range(before["starts_at"], before["ends_at"]),
            }
        )
    if "mode" in changed:
        lines.append(_("How it meets: now %(mode)s.") % {"mode": meeting.get_mode_display()})
    if "place" in changed and meeting.place:
        lines.append(_("Where: now %(place)s.") % {"place": meeting.place})
    if "joining_link" in changed and meeting.joining_link:
        lines.append(_("The joining link has changed: see the meeting's page."))
    return lines


@transaction.atomic
def meeting_update(*, meeting: GroupMeeting, by: User, **fields) -> tuple[GroupMeeting, int]:
    """Change a meeting. A new time or place is news: the calendar entry's sequence goes
    up and everyone who said they are coming is emailed an update with it. Returns the
    meeting and how many were emailed."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Not a meeting's field: {sorted(unknown)}")
    locked = GroupMeeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.is_cancelled:
        raise MeetingError(_("This meeting has been cancelled, so it cannot be changed."))
    before = {name: getattr(locked, name) for name in EDITABLE}
    for name, value in fields.items():
        setattr(locked, name, value)
    if locked.papers_due_on is None and locked.starts_at:
        locked.papers_due_on = locked.default_papers_due_on()
    try:
        locked.full_clean()
    except ValidationError as error:
        raise MeetingError(_validation_message(error)) from error
    changed = {name for name in EDITABLE if getattr(locked, name) != before[name]}
    if not changed:
        return locked, 0
    if (
        {"starts_at", "ends_at"} & changed
        and locked.activity_id
        and Involvement.objects.filter(activity_id=locked.activity_id).exists()
    ):
        # The attendance (and any payment) is dated by the meeting's day.
        raise MeetingError(
            _("The register for this meeting has been taken, so its time cannot change.")
        )
    news = changed & TIME_OR_PLACE
    if news:
        locked.sequence += 1
    locked.save()
    if locked.activity_id and {"title", "starts_at"} & changed:
        meeting_activity_sync(meeting=locked)
    log(
        instance=locked,
        action=MEETING_CHANGED,
        user=by,
        data={"changed": sorted(changed), "sequence": locked.sequence},
    )
    emailed = 0
    if news and locked.is_upcoming():
        lines = _changes(before, locked, news)
        for reply in _coming(locked):
            reply.meeting = locked  # its calendar entry, as the member holds it, updated
            event = meeting_reply_event(reply)
            sent = email_person(
                user=reply.member,
                template="opportunities/email/meeting_admin_changed",
                context={
                    "meeting": locked,
                    "changes": lines,
                    "meeting_url": meeting_url(locked),
                },
                key=f"meeting-changed:{locked.pk}:{locked.sequence}:{reply.member_id}",
                attach=lambda message, event=event: ics_attach(
                    message=message, event=event, method=Method.REQUEST
                ),
            )
            emailed += int(sent)
    meeting_audience_changed(locked)
    meeting.__dict__.update(
        {name: getattr(locked, name) for name in [*EDITABLE, "sequence", "activity_id"]}
    )
    return locked, emailed


@transaction.atomic
def meeting_cancel(*, meeting: GroupMeeting, reason: str, by: User) -> int:
    """Cancel a meeting: its calendar entry is withdrawn (CANCEL, sequence + 1) for those
    coming; everyone who replied is emailed the reason. Returns how many were emailed."""
    reason = (reason or "").strip()
    if not reason:
        raise MeetingError(_("Say why the meeting is cancelled: the group is told."))
    locked = GroupMeeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.is_cancelled:
        raise MeetingError(_("This meeting has already been cancelled."))
    if locked.activity_id and Involvement.objects.filter(activity_id=locked.activity_id).exists():
        raise MeetingError(
            _("The register for this meeting has been taken, so it cannot be cancelled.")
        )
    locked.cancelled_at = timezone.now()
    locked.cancelled_reason = reason[:500]
    locked.sequence += 1
    locked.save(update_fields=["cancelled_at", "cancelled_reason", "sequence"])
    log(instance=locked, action=MEETING_CANCELLED, user=by, data={"sequence": locked.sequence})
    emailed = 0
    for reply in MeetingReply.objects.filter(meeting=locked).select_related("member"):
        coming = reply.answer == MeetingReply.Answer.COMING
        reply.meeting = locked  # its calendar entry, as the member holds it, withdrawn
        event = meeting_reply_event(reply)
        sent = email_person(
            user=reply.member,
            template="opportunities/email/meeting_admin_cancelled",
            context={"meeting": locked, "reason": locked.cancelled_reason},
            key=f"meeting-cancelled:{locked.pk}:{reply.member_id}",
            attach=(
                (
                    lambda message, event=event: ics_attach(
                        message=message, event=event, method=Method.CANCEL
                    )
                )
                if coming
                else None
            ),
        )
        emailed += int(sent)
    # The researchers with a slot on its agenda: told too (their request waits for a
    # slot at another meeting: selectors.meeting_admin.waiting_for_slot).
    for item in (
        AgendaItem.objects.filter(meeting=locked, request__researcher__isnull=False)
        .select_related("request__researcher")
        .order_by("pk")
    ):
        email_person(
            user=item.request.researcher,
            template="opportunities/email/meeting_admin_slot_cancelled",
            context={
                "meeting": locked,
                "reason": locked.cancelled_reason,
                "research_request": item.request,
                "request_url": settings.SITE_URL
                + reverse("opportunities:request_detail", args=[item.request_id]),
            },
            key=f"meeting-cancelled-slot:{locked.pk}:{item.request_id}",
        )
    meeting_audience_changed(locked)
    meeting.cancelled_at, meeting.cancelled_reason = locked.cancelled_at, locked.cancelled_reason
    meeting.sequence = locked.sequence
    return emailed


# The agenda -------------------------------------------------------------------------


def _next_position(meeting: GroupMeeting) -> int:
    top = AgendaItem.objects.filter(meeting=meeting).aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


@transaction.atomic
def agenda_item_add(
    *, meeting: GroupMeeting, title: str, description: str = "", minutes: int = 20, by: User
) -> AgendaItem:
    """An item of the group's own business, at the end of the agenda."""
    locked = GroupMeeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.is_cancelled:
        raise MeetingError(_("This meeting has been cancelled, so its agenda cannot change."))
    item = AgendaItem(
        meeting=meeting,
        title=title.strip(),
        description=description.strip(),
        minutes=minutes,
        position=_next_position(meeting),
    )
    try:
        item.full_clean()
    except ValidationError as error:
        raise MeetingError(_validation_message(error)) from error
    item.save()
    return item


@transaction.atomic
def agenda_item_update(
    *, item: AgendaItem, title: str, description: str, minutes: int, by: User
) -> AgendaItem:
    if not AgendaItem.objects.select_for_update().filter(pk=item.pk).exists():
        raise MeetingError(_("This item has been removed from the agenda."))
    item.title, item.description, item.minutes = title.strip(), description.strip(), minutes
    try:
        item.full_clean()
    except ValidationError as error:
        raise MeetingError(_validation_message(error)) from error
    item.save(update_fields=["title", "description", "minutes"])
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, by: User) -> None:
    """Remove an item (and its papers). A request whose slot this was waits for a slot
    again (selectors.meeting_admin.waiting_for_slot): tell the researcher yourself."""
    # Read again, locked: the page staff opened may be older than a colleague's send.
    item = AgendaItem.objects.select_for_update().filter(pk=item.pk).first()
    if item is None:  # removed meanwhile
        return
    if item.feedback_sent_at is not None:
        raise MeetingError(_("The group's feedback on this item has been sent: it stays."))
    from opportunities.services.papers import paper_remove

    for paper in item.papers.filter(version_of__isnull=True):
        paper_remove(paper=paper, by=by)
    item.delete()


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, up: bool, by: User) -> None:
    """Swap the item with the one above (or below) it."""
    items = list(
        AgendaItem.objects.select_for_update()
        .filter(meeting_id=item.meeting_id)
        .order_by("position", "pk")
    )
    # Positions made unique and in order first, then the swap.
    index = next((i for i, row in enumerate(items) if row.pk == item.pk), None)
    if index is None:  # removed meanwhile by someone else
        return
    other = index - 1 if up else index + 1
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for position, row in enumerate(items):
        if row.position != position:
            row.position = position
    AgendaItem.objects.bulk_update(items, ["position"])


@transaction.atomic
def agenda_slot_accept(
    *,
    research_request: ResearchRequest,
    meeting: GroupMeeting,
    minutes: int,
    papers_due_on: datetime.date,
    what_to_send: str,
    by: User,
) -> AgendaItem:
    """Give a researcher's request a slot on the agenda: the item (the project's title,
    the request's summary), the request accepted (its history and log), and the
    researcher emailed the date, the length, when papers are due and what to send.
    Once per request and meeting: a second call returns the item already there."""
    research_request = ResearchRequest.objects.select_for_update().get(pk=research_request.pk)
    locked = GroupMeeting.objects.select_for_update().get(pk=meeting.pk)
    existing = AgendaItem.objects.filter(meeting=locked, request=research_request).first()
    if existing is not None:
        return existing
    own_record_refuse(person=research_request.researcher_id, by=by, error=MeetingError)
    if research_request.route != Route.MEETING_SLOT:
        raise MeetingError(_("This request did not ask for a slot at a meeting."))
    if not ResearchRequest.objects.filter(waiting_for_slot(), pk=research_request.pk).exists():
        if research_request.status == ResearchRequest.Status.ACCEPTED:
            raise MeetingError(_("This request already has a slot at another meeting."))
        raise MeetingError(
            _("A request that is “%(now)s” cannot be given a slot.")
            % {"now": research_request.get_status_display()}
        )
    if research_request.group_id not in (None, locked.group_id):
        raise MeetingError(_("This request asked another group."))
    if locked.is_cancelled or not locked.is_upcoming():
        raise MeetingError(_("Choose a meeting still to come that is not cancelled."))
    if papers_due_on > timezone.localdate(locked.starts_at):
        raise MeetingError(_("Papers must be due on or before the meeting's date."))
    what_to_send = (what_to_send or "").strip()
    item = AgendaItem(
        meeting=locked,
        title=research_request.project_title[:200],
        description=research_request.summary[:3000],
        minutes=minutes,
        request=research_request,
        position=_next_position(locked),
    )
    try:
        item.full_clean()
        with transaction.atomic():
            item.save()
    except ValidationError as error:
        raise MeetingError(_validation_message(error)) from error
    except IntegrityError:  # two staff at once: the other's slot stands
        return AgendaItem.objects.get(meeting=locked, request=research_request)
    message = _(
        "Your request has a slot of %(minutes)s minutes at the %(group)s meeting on "
        "%(when)s. Please send your papers by %(due)s."
    ) % {
        "minutes": minutes,
        "group": locked.group.title,
        "when": locked.when,
        "due": datetimes.format_date(papers_due_on),
    }
    research_request.status = ResearchRequest.Status.ACCEPTED
    research_request.status_message = message
    research_request.save(update_fields=["status", "status_message", "updated_at"])
    ResearchRequestEvent.objects.create(
        request=research_request, status=research_request.status, message=message, by=by
    )
    log(
        instance=research_request,
        action=REQUEST_STATUS,
        user=by,
        data={"status": research_request.status, "meeting": locked.pk},
    )
    if research_request.researcher:
        email_person(
            user=research_request.researcher,
            template="opportunities/email/meeting_admin_slot_accepted",
            context={
                "research_request": research_request,
                "meeting": locked,
                "item": item,
                "papers_due_on": papers_due_on,
                "what_to_send": what_to_send,
                "request_url": settings.SITE_URL
                + reverse("opportunities:request_detail", args=[research_request.pk]),
            },
            key=f"agenda-slot:{locked.pk}:{research_request.pk}",
        )
    meeting_audience_changed(locked)
    return item


# The register -----------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    attended: bool
    hours: Decimal


@dataclass
class RegisterResult:
    recorded: list[Involvement] = field(default_factory=list)


def register_people(meeting: GroupMeeting) -> list[User]:
    """Who is on the register: every active member of the group, and anyone who
    replied (a member who has left since still gets their attendance), by name."""
    replied = MeetingReply.objects.filter(meeting=meeting).values("member_id")
    active = GroupMembership.objects.filter(
        group_id=meeting.group_id, status=GroupMembership.Status.ACTIVE
    ).values("member_id")
    return list(
        User.objects.filter(Q(pk__in=active) | Q(pk__in=replied)).order_by("name", "email", "pk")
    )


@transaction.atomic
def meeting_attendance_record(*, meeting: GroupMeeting, marks: dict[int, Mark], by: User):
    """Record who attended (and for how long) as involvement on the meeting's activity,
    through the one writer (so payments follow at the rate card's group-meeting rate).
    Corrections are made in place. Staff never mark themselves; nobody is marked
    before the meeting has started, or for a cancelled one."""
    locked = GroupMeeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.is_cancelled:
        raise MeetingError(_("This meeting was cancelled: there is no register to take."))
    if not locked.has_started():
        raise MeetingError(_("The register can be taken once the meeting has started."))
    if not marks:
        return RegisterResult()
    allowed = {person.pk for person in register_people(locked)}
    for member_id in marks:
        own_record_refuse(person=member_id, by=by, error=MeetingError)
        if member_id not in allowed:
            raise MeetingError(_("Someone marked is not on this meeting's register."))
    activity = meeting_activity_sync(meeting=locked)
    day = timezone.localdate(locked.starts_at)
    rows = [
        Involvement(
            member_id=member_id,
            activity=activity,
            attended=mark.attended,
            started_on=day,
            hours=mark.hours if mark.attended else Decimal("0"),
        )
        for member_id, mark in sorted(marks.items())
    ]
    try:
        recorded = involvement_record_bulk(involvements=rows, by=by)
    except InvolvementError as error:
        raise MeetingError(str(error)) from error
    log(
        instance=locked,
        action=MEETING_REGISTER,
        user=by,
        data={
            "members": sorted(marks),
            "attended": sum(1 for mark in marks.values() if mark.attended),
        },
    )
    people_changed(*sorted(marks))
    meeting.activity = activity
    return RegisterResult(recorded=recorded)


# Notes ------------------------------------------------------------------------------


def _attendee_ids(meeting: GroupMeeting) -> list[int]:
    if not meeting.activity_id:
        return []
    return list(
        Involvement.objects.filter(activity_id=meeting.activity_id, attended=True)
        .order_by("member_id")
        .values_list("member_id", flat=True)
    )


@transaction.atomic
def meeting_notes_save(*, meeting: GroupMeeting, text: str, by: User) -> MeetingNotes:
    """Write or change the notes (a draft until shared; shared or published notes may
    be corrected in place)."""
    text = (text or "").strip()
    if not text:
        raise MeetingError(_("Write the notes first."))
    # The meeting locked first: two staff saving the first notes at once take turns
    # (else the second's insert breaks the one-notes-per-meeting rule: a 500).
    meeting = GroupMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise MeetingError(_("This meeting was cancelled: there are no notes to write."))
    if not meeting.has_started():
        raise MeetingError(_("Notes can be written once the meeting has started."))
    notes, _created = MeetingNotes.objects.select_for_update().get_or_create(
        meeting=meeting, defaults={"text": text, "written_by": by}
    )
    notes.text = text
    notes.written_by = by
    notes.updated_at = timezone.now()
    notes.save(update_fields=["text", "written_by", "updated_at"])
    return notes


def _notes(meeting: GroupMeeting) -> MeetingNotes:
    notes = MeetingNotes.objects.select_for_update().filter(meeting=meeting).first()
    if notes is None:
        raise MeetingError(_("Write the notes first."))
    return notes


@transaction.atomic
def meeting_notes_share(
    *, meeting: GroupMeeting, corrections_by: datetime.date, by: User
) -> tuple[MeetingNotes, int]:
    """Share the notes with those who attended, for corrections by a date: each is
    emailed a link to the meeting's page (never the notes themselves)."""
    notes = _notes(meeting)
    if notes.status == MeetingNotes.Status.PUBLISHED:
        raise MeetingError(_("These notes are already published to the group."))
    if corrections_by < timezone.localdate():
        raise MeetingError(_("The date for corrections must be today or later."))
    attendees = _attendee_ids(meeting)
    if not attendees:
        raise MeetingError(_("Take the register first: the notes are shared with attendees."))
    notes.status = MeetingNotes.Status.SHARED
    notes.corrections_by = corrections_by
    notes.shared_at = notes.shared_at or timezone.now()
    notes.save(update_fields=["status", "corrections_by", "shared_at"])
    emailed = 0
    for member in User.objects.filter(pk__in=attendees).order_by("pk"):
        emailed += int(
            email_person(
                user=member,
                template="opportunities/email/meeting_admin_notes_shared",
                context={
                    "meeting": meeting,
                    "corrections_by": corrections_by,
                    "meeting_url": meeting_url(meeting),
                },
                key=f"meeting-notes-shared:{notes.pk}:{member.pk}",
            )
        )
    people_changed(*attendees)
    return notes, emailed


@transaction.atomic
def notes_correction_answer(
    *, correction: NotesCorrection, status: str, answer: str, by: User
) -> NotesCorrection:
    """Answer an attendee's suggested correction: made or not made, with a reply they
    are emailed (the reply in the email; never the notes)."""
    correction = NotesCorrection.objects.select_for_update().get(pk=correction.pk)
    own_record_refuse(person=correction.member_id, by=by, error=MeetingError)
    if status not in (NotesCorrection.Status.MADE, NotesCorrection.Status.NOT_MADE):
        raise MeetingError(_("Say whether the correction was made."))
    answer = (answer or "").strip()
    if status == NotesCorrection.Status.NOT_MADE and not answer:
        raise MeetingError(_("Say why the correction was not made."))
    first = correction.status == NotesCorrection.Status.OPEN
    correction.status, correction.answer = status, answer
    correction.answered_by, correction.answered_at = by, timezone.now()
    correction.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    log(
        instance=correction.notes.meeting,
        action=NOTES_CORRECTION_ANSWERED,
        user=by,
        data={"correction": correction.pk, "member": correction.member_id, "status": status},
    )
    digest = hashlib.sha256(f"{status}\n{answer}".encode()).hexdigest()[:16]
    email_person(
        user=correction.member,
        template="opportunities/email/meeting_admin_correction_answered",
        context={
            "meeting": correction.notes.meeting,
            "correction": correction,
            "changed_answer": not first,
            "meeting_url": meeting_url(correction.notes.meeting),
        },
        key=f"notes-correction:{correction.pk}:{digest}",
    )
    people_changed(correction.member_id)
    return correction


@transaction.atomic
def meeting_notes_publish(*, meeting: GroupMeeting, by: User) -> tuple[MeetingNotes, int]:
    """Publish the notes to the group: every active member is told they are there
    (no note text in the email)."""
    notes = _notes(meeting)
    if notes.status == MeetingNotes.Status.PUBLISHED:
        raise MeetingError(_("These notes are already published to the group."))
    if notes.corrections.filter(status=NotesCorrection.Status.OPEN).exists():
        raise MeetingError(_("Answer every suggested correction before publishing."))
    notes.status = MeetingNotes.Status.PUBLISHED
    notes.published_at = timezone.now()
    notes.save(update_fields=["status", "published_at"])
    emailed = 0
    members = _active_member_ids(meeting.group_id)
    for member in User.objects.filter(pk__in=members).order_by("pk"):
        emailed += int(
            email_person(
                user=member,
                template="opportunities/email/meeting_admin_notes_published",
                context={"meeting": meeting, "meeting_url": meeting_url(meeting)},
                key=f"meeting-notes-published:{notes.pk}:{member.pk}",
            )
        )
    meeting_audience_changed(meeting)
    return notes, emailed


# Feedback to researchers ------------------------------------------------------------


def feedback_version(feedback: str) -> str:
    return hashlib.sha256(feedback.strip().encode()).hexdigest()[:16]


@transaction.atomic
def agenda_feedback_send(*, item: AgendaItem, feedback: str, by: User) -> bool:
    """Save the group's feedback on an item and email it to the request's researcher,
    with a link to their request's page. Sending the same words again sends nothing
    (one email per item and version); edited feedback is sent again, and says so.
    True when an email was queued."""
    item = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("request__researcher", "meeting__group")
        .get(pk=item.pk)
    )
    if item.request_id is None:
        raise MeetingError(_("Only an item with a researcher's request has feedback to send."))
    # Staff who are also the researcher do not write the group's feedback to themselves.
    own_record_refuse(person=item.request.researcher_id, by=by, error=MeetingError)
    if not item.meeting.has_started():
        raise MeetingError(_("Feedback can be sent once the meeting has started."))
    feedback = (feedback or "").strip()
    if not feedback:
        raise MeetingError(_("Write the group's feedback first."))
    resent = item.feedback_sent_at is not None
    if resent and feedback == item.feedback.strip():
        return False
    if item.impact_entry_id is not None:
        raise MeetingError(
            _(
                "The researcher has answered this feedback, so it can no longer be "
                "changed. Contact them if something needs adding."
            )
        )
    item.feedback = feedback
    item.feedback_sent_at = timezone.now()
    item.feedback_sent_by = by
    try:
        item.full_clean(exclude=["meeting", "request", "impact_entry"])
    except ValidationError as error:
        raise MeetingError(_validation_message(error)) from error
    item.save(update_fields=["feedback", "feedback_sent_at", "feedback_sent_by"])
    log(
        instance=item.request,
        action=AGENDA_FEEDBACK_SENT,
        user=by,
        data={"item": item.pk, "meeting": item.meeting_id, "resent": resent},
    )
    researcher = item.request.researcher
    if researcher is None:
        return False
    return email_person(
        user=researcher,
        template="opportunities/email/meeting_admin_feedback",
        context={
            "item": item,
            "meeting": item.meeting,
            "research_request": item.request,
            "feedback": feedback,
            "resent": resent,
            "request_url": settings.SITE_URL
            + reverse("opportunities:request_detail", args=[item.request_id]),
        },
        key=f"agenda-feedback:{item.pk}:{feedback_version(feedback)}",
    )
