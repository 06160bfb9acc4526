"""Completions of courses: recorded once per person and course, announced to the apps
above (training.hooks.course_completed: reciprocity records the skills gained). For a
self-paced course the person declares it and staff confirm or decline; staff may
revoke a completion (training.hooks.course_completion_revoked)."""

import datetime

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from home import datetimes
from home.page_cache import people_changed
from members.models import User
from members.services.email import email_person
from members.services.own_record import own_record_refuse
from training.hooks import course_completed, course_completion_revoked
from training.models import Booking, Completion, CoursePage, CourseSession
from training.services import TrainingError
from training.services.bookings import course_is_for


@transaction.atomic
def completion_record(
    *,
    person: User,
    course: CoursePage,
    how: str,
    by: User | None,
    completed_on: datetime.date | None = None,
) -> Completion:
    """`person` completed `course`: a new completion, or their own declaration (a
    self-paced course) confirmed. Once only: a completion already recorded is returned
    as it is. Staff never record their own. Sends `course_completed` inside the
    transaction, so what follows (skills gained) is kept or undone with it."""
    own_record_refuse(person=person.pk, by=by, error=TrainingError)
    now = timezone.now()
    completion = (
        Completion.objects.select_for_update()
        .filter(person=person, course=course)
        .exclude(status=Completion.Status.REVOKED)
        .first()
    )
    if completion is not None and completion.status == Completion.Status.COMPLETED:
        return completion
    if completion is None:
        completion = Completion(person=person, course=course, how=how)
    completion.status = Completion.Status.COMPLETED
    completion.completed_on = completed_on or timezone.localdate()
    completion.course_title = course.title
    completion.skill_names = sorted(course.skills.values_list("name", flat=True))
    completion.confirmed_by = by
    completion.confirmed_at = now
    completion.save()
    course_completed.send(sender=Completion, completion=completion)
    people_changed(person.pk)
    return completion


def completions_from_attendance(
    *, course: CoursePage, people: dict[int, User] | None = None, by: User | None
) -> list[User]:
    """Record a completion for everyone (of `people`, {id: person}, or anyone with an
    attended booking) who has attended one sitting of every required part of `course`
    (sessions not cancelled; sessions of the same part are other dates for the same
    thing): after a register is saved, and after a required session is cancelled (it
    must not keep from completing those who attended all the others). Dated the day of
    the last session they attended. In a fixed number of queries, apart from one
    completion per person who has just completed."""
    # Registers of two sessions saved at once each see only their own marks until the
    # other commits: the check queues on the course's row (taken after the session's,
    # the one order every caller uses), so the second sees what the first marked.
    CoursePage.objects.select_for_update(of=("self",)).filter(pk=course.pk).first()
    required = CourseSession.objects.filter(
        course=course, is_required=True, cancelled_at__isnull=True
    )
    parts_needed = required.aggregate(parts=Count("part", distinct=True))["parts"]
    if not parts_needed:
        return []
    attended = Booking.objects.filter(
        session__in=required,
        status=Booking.Status.BOOKED,
        attendance=Booking.Attendance.ATTENDED,
    )
    if people is not None:
        attended = attended.filter(person_id__in=list(people))
    # One attended sitting of every required part; dated the day of their last one.
    last_attended = dict(
        attended.values("person_id")
        .annotate(parts=Count("session__part", distinct=True), last=Max("session__starts_at"))
        .filter(parts=parts_needed)
        .values_list("person_id", "last")
    )
    attended_all = set(last_attended)
    attended_all -= set(
        Completion.objects.completed()
        .filter(course=course, person_id__in=attended_all)
        .values_list("person_id", flat=True)
    )
    if not attended_all:
        return []
    if people is None:
        people = User.objects.in_bulk(attended_all)
    completed = []
    for person_id in sorted(attended_all):
        completion_record(
            person=people[person_id],
            course=course,
            how=Completion.How.SESSIONS,
            by=by,
            completed_on=datetimes.local(last_attended[person_id]).date(),
        )
        completed.append(people[person_id])
    return completed


# --- Self-paced courses: the person says they finished; staff confirm or decline ----

CONFIRMED = "roundtable.training_completion_confirmed"
DECLINED = "roundtable.training_completion_declined"
REVOKED = "roundtable.training_completion_revoked"


@transaction.atomic
def completion_declare(*, person: User, course: CoursePage) -> Completion:
    """`person` says they have finished a self-paced course (or reading): a completion
    waiting for staff to confirm. Once: a declaration or completion already there is
    returned as it is. Only for a published self-paced course meant for them."""
    if not course.is_self_directed:
        raise TrainingError(
            _("This course has sessions: it is completed by attending them, not by saying so.")
        )
    if not course.live:
        raise TrainingError(_("This course is not available any more."))
    if not course_is_for(course=course, person=person):
        raise TrainingError(_("This course is not meant for people in your role."))
    # The person's row locks their declarations against a double click in two tabs.
    User.objects.select_for_update().filter(pk=person.pk).first()
    existing = (
        Completion.objects.filter(person=person, course=course)
        .exclude(status=Completion.Status.REVOKED)
        .first()
    )
    if existing is not None:
        return existing
    completion = Completion.objects.create(
        person=person,
        course=course,
        status=Completion.Status.DECLARED,
        how=Completion.How.DECLARED,
        declared_at=timezone.now(),
    )
    people_changed(person.pk)
    return completion


def _waiting(completion: Completion) -> Completion:
    """The declaration, locked, still waiting; else TrainingError."""
    locked = Completion.objects.select_for_update().filter(pk=completion.pk).first()
    if locked is None or locked.status != Completion.Status.DECLARED:
        raise TrainingError(_("This is no longer waiting: someone has already dealt with it."))
    return locked


@transaction.atomic
def completion_confirm(*, completion: Completion, by: User) -> Completion:
    """Staff confirm a person's declaration: it becomes a completion (the one writer,
    `completion_record`: skills gained, certificate) and the person is told."""
    own_record_refuse(person=completion.person_id, by=by, error=TrainingError)
    locked = _waiting(completion)
    completed = completion_record(
        person=locked.person,
        course=locked.course,
        how=Completion.How.DECLARED,
        by=by,
    )
    log(instance=completed.person, action=CONFIRMED, user=by, data={"course": locked.course_id})
    email_person(
        user=completed.person,
        template="training/email/completion_confirmed",
        context={"completion": completed, "course": completed.course},
    )
    return completed


@transaction.atomic
def completion_decline(*, completion: Completion, by: User, reason: str) -> None:
    """Staff cannot confirm a declaration: it is removed (the person may say so again
    when they have finished) and they are told why by email."""
    own_record_refuse(person=completion.person_id, by=by, error=TrainingError)
    reason = " ".join(reason.split())
    if not reason:
        raise TrainingError(_("Say why, so the person knows what to do next."))
    locked = _waiting(completion)
    person, course = locked.person, locked.course
    locked.delete()
    log(instance=person, action=DECLINED, user=by, data={"course": course.pk})
    email_person(
        user=person,
        template="training/email/completion_declined",
        context={"course": course, "reason": reason},
    )
    people_changed(person.pk)


@transaction.atomic
def completion_revoke(*, completion: Completion, by: User, reason: str) -> Completion:
    """Staff revoke a completion, and so its certificate: the public check then says it
    was revoked, the skills it gave go (training.hooks.course_completion_revoked) and
    the person is told why by email. The person may complete the course again later."""
    own_record_refuse(person=completion.person_id, by=by, error=TrainingError)
    reason = " ".join(reason.split())
    if not reason:
        raise TrainingError(_("Say why the completion is revoked: the person is told."))
    locked = Completion.objects.select_for_update().filter(pk=completion.pk).first()
    if locked is None or locked.status != Completion.Status.COMPLETED:
        raise TrainingError(_("Only a completed course can be revoked."))
    locked.status = Completion.Status.REVOKED
    locked.revoked_at = timezone.now()
    locked.revoked_by = by
    locked.revoked_reason = reason[:300]
    locked.save(update_fields=["status", "revoked_at", "revoked_by", "revoked_reason"])
    course_completion_revoked.send(sender=Completion, completion=locked)
    log(instance=locked.person, action=REVOKED, user=by, data={"course": locked.course_id})
    email_person(
        user=locked.person,
        template="training/email/completion_revoked",
        context={"completion": locked, "course": locked.course, "reason": locked.revoked_reason},
    )
    people_changed(locked.person_id)
    return locked
