"""A course's sessions: added, changed and cancelled by staff, and the people booked
told each time the session moves, changes place or link, or is called off.

Who is told what:
- BOOKED people get an email saying what changed, with the calendar entry updated
  (METHOD:REQUEST, the same UID as their booking's entry, a higher SEQUENCE), or on a
  cancellation the entry removed (METHOD:CANCEL) and the reason.
- WAITING people get a short note without a calendar file (they hold no entry) and
  without the joining link (that is for the people booked).
- People with no email address are returned to the caller (the staff screen lists
  them with their phone number and address, to phone or write).

A cancelled session's bookings are marked cancelled with it (same time): every reader
that counts or reminds "booked" people (places, reminders, the account page) then
needs no second rule, and the history stays: the session says when and why it was
cancelled and by whom, and a booking's queue_number and place_given_at still say
whether the person had a place or was waiting.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from home import datetimes
from home.calendar import Method, ics_attach
from home.page_cache import people_changed, public_pages_changed
from members.models import User
from members.services.email import email_person
from training.models import Booking, CoursePage, CourseSession
from training.services import TrainingError
from training.services.bookings import booking_places_give, course_url
from training.services.completions import completions_from_attendance

# What staff may set on a session (the form's fields).
EDITABLE = (
    "starts_at",
    "ends_at",
    "mode",
    "place",
    "access_information",
    "joining_link",
    "capacity",
    "booking_deadline",
    "facilitator",
    "is_required",
    "part",
)
# A change to one of these is news for the people booked: their calendar entry changes.
TOLD = ("starts_at", "ends_at", "mode", "place", "joining_link")

SESSION_CANCELLED = "roundtable.training_session_cancelled"
SESSION_CHANGED = "roundtable.training_session_changed"


class SessionCapacityError(TrainingError):
    """Fewer places than people already booked."""


@dataclass
class SessionNews:
    """What a change or a cancellation told people: the changes in words, how many
    were emailed, and who could not be (no email address: phone or post)."""

    session: CourseSession
    changes: list[str] = field(default_factory=list)
    emailed: int = 0
    not_emailed: list[User] = field(default_factory=list)


def _values(fields: dict) -> dict:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Not a field staff set on a session: {', '.join(sorted(unknown))}")
    return fields


@transaction.atomic
def session_create(*, course: CoursePage, by: User | None, **fields) -> CourseSession:
    """A new session of `course`. Nobody is booked yet, so nobody is told; the course's
    public page shows it."""
    session = CourseSession(course=course, created_by=by, **_values(fields))
    session.full_clean()
    session.save()
    public_pages_changed()
    return session


@transaction.atomic
def session_update(*, session: CourseSession, by: User | None, **changes) -> SessionNews:
    """Change a session. When its time, mode, place or joining link changes, the
    calendar SEQUENCE goes up and everyone booked or waiting is told (see the module).
    Fewer places than people booked is refused: cancel bookings first."""
    locked = _locked(session)
    if locked.is_cancelled:
        raise TrainingError(_("This session has been cancelled, so it cannot be changed."))
    before = {name: getattr(locked, name) for name in TOLD}
    for name, value in _values(changes).items():
        setattr(locked, name, value)
    locked.full_clean()
    bookings = list(locked.bookings.current().select_related("person__profile"))
    booked = sum(1 for booking in bookings if booking.status == Booking.Status.BOOKED)
    if locked.capacity < booked:
        raise SessionCapacityError(
            _(
                "%(booked)s people have a place, so the session needs at least %(booked)s "
                "places. To have fewer, cancel some bookings on its register first."
            )
            % {"booked": booked}
        )
    changed = [name for name in TOLD if getattr(locked, name) != before[name]]
    if {"starts_at", "ends_at"} & set(changed) and _register_taken(locked):
        # Its involvement (date, hours) and completions were recorded from the register
        # at the old time; moving it now would tell people of a change to the past.
        raise TrainingError(
            _("The register for this session has been taken, so its time cannot change.")
        )
    news = SessionNews(session=locked)
    if changed and bookings:
        locked.sequence += 1
    locked.save()
    if changed:
        log(
            instance=locked,
            action=SESSION_CHANGED,
            user=by,
            data={"changed": changed, "sequence": locked.sequence},
        )
        for_booked = _changes(before, locked, changed, booked=True)
        for_waiting = _changes(before, locked, changed, booked=False)
        news.changes = for_booked
        url = course_url(locked.course)
        for booking in bookings:
            booking.session = locked
            if booking.status == Booking.Status.BOOKED:
                sent = _tell(
                    booking,
                    template="training/email/session_changed",
                    context={"changes": for_booked},
                    method=Method.REQUEST,
                    url=url,
                )
            elif for_waiting:
                sent = _tell(
                    booking,
                    template="training/email/session_changed_waiting",
                    context={"changes": for_waiting},
                )
            else:
                continue  # only the joining link changed: nothing for the waiting list
            _count(news, booking, sent)
    # More places than before: the longest waiting are given them, as when someone
    # cancels (after the news above, so their "you have a place" email comes last).
    if locked.capacity > booked:
        booking_places_give(session=locked)
    public_pages_changed()
    if bookings:
        people_changed(*{booking.person_id for booking in bookings})
    return news


@transaction.atomic
def session_cancel(*, session: CourseSession, by: User | None, reason: str) -> SessionNews:
    """Call the session off: everyone booked is emailed the reason and a calendar
    cancellation (the same UID as their entry), everyone waiting a short note; their
    bookings are marked cancelled with it (see the module for why)."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise TrainingError(_("Say why the session is cancelled: the people booked are told."))
    if len(reason) > 500:
        raise TrainingError(_("Keep the reason to 500 characters or fewer."))
    locked = _locked(session)
    if locked.is_cancelled:
        raise TrainingError(_("This session has already been cancelled."))
    # Once the register is taken the session happened: its attendance may already be
    # paid involvement and completions, which bookings marked cancelled would contradict.
    if _register_taken(locked):
        raise TrainingError(
            _("The register for this session has been taken, so it cannot be cancelled.")
        )
    now = timezone.now()
    locked.cancelled_at = now
    locked.cancelled_reason = reason
    locked.cancelled_by = by
    bookings = list(locked.bookings.current().select_related("person__profile"))
    locked.sequence += 1
    locked.save(update_fields=["cancelled_at", "cancelled_reason", "cancelled_by", "sequence"])
    log(instance=locked, action=SESSION_CANCELLED, user=by, data={"sequence": locked.sequence})
    news = SessionNews(session=locked, changes=[reason])
    url = course_url(locked.course)
    for booking in bookings:
        booking.session = locked
        if booking.status == Booking.Status.BOOKED:
            sent = _tell(
                booking,
                template="training/email/session_cancelled",
                context={"reason": reason},
                method=Method.CANCEL,
                url=url,
            )
        else:
            sent = _tell(
                booking,
                template="training/email/session_cancelled_waiting",
                context={"reason": reason},
            )
        _count(news, booking, sent)
    Booking.objects.filter(pk__in=[booking.pk for booking in bookings]).update(
        status=Booking.Status.CANCELLED, cancelled_at=now
    )
    if locked.is_required:
        # One required session fewer: those who attended all the others have completed
        # (the completion follows attendance staff recorded before, so no one's "by").
        completions_from_attendance(course=locked.course, by=None)
    public_pages_changed()
    if bookings:
        people_changed(*{booking.person_id for booking in bookings})
    return news


def _locked(session: CourseSession) -> CourseSession:
    # The session's row only (of=self): its course page is read, not locked.
    return (
        CourseSession.objects.select_for_update(of=("self",))
        .select_related("course")
        .get(pk=session.pk)
    )


def _changes(
    before: dict, session: CourseSession, changed: list[str], *, booked: bool
) -> list[str]:
    """What changed, in words for the email. The joining link is for the people booked
    only; the place is named for an in-person session."""
    lines = []
    if "starts_at" in changed or "ends_at" in changed:
        lines.append(
            _("When: now %(new)s (it was %(old)s).")
            % {
                "new": session.when,
                "old": datetimes.format_range(before["starts_at"], before["ends_at"]),
            }
        )
    if "mode" in changed:
        lines.append(
            _("It is now in person.")
            if session.mode == CourseSession.Mode.IN_PERSON
            else _("It is now online.")
        )
    if "place" in changed and session.mode == CourseSession.Mode.IN_PERSON:
        lines.append(_("Where: now %(place)s.") % {"place": session.place})
    if booked and "joining_link" in changed and session.mode == CourseSession.Mode.ONLINE:
        lines.append(_("The joining link is now: %(link)s") % {"link": session.joining_link})
    return lines


def _register_taken(session: CourseSession) -> bool:
    return session.bookings.exclude(attendance=Booking.Attendance.NOT_RECORDED).exists()


def _tell(
    booking: Booking, *, template: str, context: dict, method: Method | None = None, url=""
) -> bool:
    session = booking.session
    attach = None
    if method is not None:
        event = booking.calendar_event(url=url)

        def attach(message):
            ics_attach(message=message, event=event, method=method)

    return email_person(
        user=booking.person,
        template=template,
        context={
            "booking": booking,
            "session": session,
            "course": session.course,
            "course_url": url,
            "cancel_url": settings.SITE_URL + reverse("training:booking_cancel", args=[booking.pk]),
            **context,
        },
        # One email per booking and calendar version: a retry never sends it twice.
        key=f"training-session:{template.rsplit('/', 1)[-1]}:{booking.pk}:{session.sequence}",
        attach=attach,
    )


def _count(news: SessionNews, booking: Booking, sent: bool) -> None:
    if sent:
        news.emailed += 1
    elif not booking.person.email:
        news.not_emailed.append(booking.person)


def session_length_hours(session: CourseSession):
    """The session's length in hours, to two places (what attendance records)."""
    seconds = (session.ends_at - session.starts_at).total_seconds()
    return (Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.01"))


def session_date(session: CourseSession) -> datetime.date:
    """The day it starts, on the UK's clock."""
    return datetimes.local(session.starts_at).date()
