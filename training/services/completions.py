"""Completions of courses: recorded once per person and course, announced to the apps
above (training.hooks.course_completed: reciprocity records the skills gained)."""

import datetime

from django.db import transaction
from django.utils import timezone

from home.page_cache import people_changed
from members.models import User
from members.services.own_record import own_record_refuse
from training.hooks import course_completed
from training.models import Completion, CoursePage
from training.services import TrainingError


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
    completion.confirmed_by = by
    completion.confirmed_at = now
    completion.save()
    course_completed.send(sender=Completion, completion=completion)
    people_changed(person.pk)
    return completion
