"""A session's register: who attended, and what follows from it.

- For a **paid** course, the members who attended become involvement in the session's
  activity (one per session, kind "training session"), written by the one writer
  (involvement.services.involvement_record_bulk), so the payment pipeline pays it at
  the rate card. Only people with the Member role: researchers and staff are not paid
  for training. A correction (attended → did not attend) corrects the involvement
  through the same writer (attended=False, no hours).
- Then **completion**: a person who has now attended every required session of the
  course (not cancelled) has completed it (training.services.completions, the one
  writer of completions). Un-marking attendance does not undo a completion: staff
  revoke it on purpose, with a reason.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from home import datetimes
from home.page_cache import people_changed
from involvement.models import Activity, Involvement
from involvement.services import InvolvementError, involvement_record_bulk
from members import roles
from members.models import User
from members.services.own_record import own_record_refuse
from training.models import Booking, CourseSession
from training.services import TrainingError
from training.services.completions import completions_from_attendance
from training.services.sessions import session_date, session_length_hours

MARKS = (Booking.Attendance.ATTENDED, Booking.Attendance.ABSENT)
ATTENDANCE_RECORDED = "roundtable.training_attendance_recorded"


@dataclass
class AttendanceResult:
    """What saving the register did."""

    changed: int = 0
    involvements: int = 0
    completed: list[User] = field(default_factory=list)


@transaction.atomic
def session_activity_sync(*, session: CourseSession) -> Activity:
    """The session's activity (involvement.models.Activity), made the first time under
    the session's row lock, with the course's title and the date, its payment and its
    skills; kept in step afterwards."""
    locked = (
        CourseSession.objects.select_for_update(of=("self",))
        .select_related("course")
        .get(pk=session.pk)
    )
    course = locked.course
    fields = {
        "title": f"{course.title} ({datetimes.format_date(locked.starts_at, weekday=False)})"[:255],
        "starts_on": session_date(locked),
        "is_paid": course.is_paid,
    }
    if locked.activity_id is None:
        activity = Activity.objects.create(kind=Activity.Kind.TRAINING_SESSION, **fields)
        CourseSession.objects.filter(pk=locked.pk).update(activity=activity)
    else:
        activity = Activity.objects.get(pk=locked.activity_id)
        for name, value in fields.items():
            setattr(activity, name, value)
        activity.save(update_fields=list(fields))
    activity.skills.set(course.skills.all())
    session.activity = activity
    session.activity_id = activity.pk
    return activity


@transaction.atomic
def attendance_record(
    *, session: CourseSession, marks: dict[int, str], by: User | None
) -> AttendanceResult:
    """Mark who attended (`marks`: booking id → "attended" or "absent"; an empty value
    leaves a row as it is). All or nothing. Staff never mark their own attendance.
    In a fixed number of queries however many are marked, apart from one completion
    per person who has just completed the course."""
    locked = (
        CourseSession.objects.select_for_update(of=("self",))
        .select_related("course")
        .get(pk=session.pk)
    )
    if locked.is_cancelled:
        raise TrainingError(_("This session was cancelled, so it has no register."))
    if locked.starts_at > timezone.now():
        raise TrainingError(_("The register can be taken once the session has started."))
    marks = {int(pk): value for pk, value in marks.items() if value}
    if any(value not in MARKS for value in marks.values()):
        raise TrainingError(_("Mark each person as attended or did not attend."))
    bookings = list(locked.bookings.booked().filter(pk__in=list(marks)).select_related("person"))
    if len(bookings) != len(marks):
        raise TrainingError(
            _(
                "Someone on the register no longer has a place (they cancelled, or it "
                "changed while you were marking). Open the register again."
            )
        )
    for booking in bookings:
        own_record_refuse(person=booking.person_id, by=by, error=TrainingError)
    changed = [booking for booking in bookings if booking.attendance != marks[booking.pk]]
    result = AttendanceResult(changed=len(changed))
    if not changed:
        return result
    was = {booking.pk: booking.attendance for booking in changed}
    for booking in changed:
        booking.attendance = marks[booking.pk]
        booking.attendance_recorded_by = by
    Booking.objects.bulk_update(changed, ["attendance", "attendance_recorded_by"])
    log(
        instance=locked,
        action=ATTENDANCE_RECORDED,
        user=by,
        data={"marked": len(changed)},
    )
    if locked.course.is_paid:
        result.involvements = _involvement(locked, changed, was, by)
    result.completed = _completions(locked, changed, by)
    people_changed(*{booking.person_id for booking in changed})
    return result


def _involvement(session, changed: list[Booking], was: dict, by) -> int:
    """Members who attended, and corrections of those who had been marked attended."""
    members = set(
        User.objects.with_role(roles.MEMBER)
        .filter(pk__in=[booking.person_id for booking in changed])
        .values_list("pk", flat=True)
    )
    wanted = [
        booking
        for booking in changed
        if booking.person_id in members
        and (
            booking.attendance == Booking.Attendance.ATTENDED
            or was[booking.pk] == Booking.Attendance.ATTENDED
        )
    ]
    if not wanted:
        return 0
    activity = session_activity_sync(session=session)
    day = session_date(session)
    hours = session_length_hours(session)
    rows = [
        Involvement(
            member_id=booking.person_id,
            activity=activity,
            attended=booking.attendance == Booking.Attendance.ATTENDED,
            started_on=day,
            hours=hours,
        )
        for booking in wanted
    ]
    try:
        involvement_record_bulk(involvements=rows, by=by)
    except InvolvementError as error:
        raise TrainingError(str(error)) from error
    return len(rows)


def _completions(session, changed: list[Booking], by) -> list[User]:
    """Everyone just marked attended who has now attended every required session."""
    people = {
        booking.person_id: booking.person
        for booking in changed
        if booking.attendance == Booking.Attendance.ATTENDED
    }
    if not people:
        return []
    return completions_from_attendance(course=session.course, people=people, by=by)
