"""Reading completions: what waits for staff, what a tax year's statement lists."""

import datetime

from training.models import Completion


def completions_waiting():
    """Declarations waiting for staff to confirm, oldest first."""
    return (
        Completion.objects.filter(status=Completion.Status.DECLARED)
        .select_related("person", "course")
        .order_by("declared_at", "pk")
    )


def completions_between(*, person, start: datetime.date, end: datetime.date) -> list[Completion]:
    """The courses `person` completed between `start` and `end` (both included), by
    date: for their statement. Revoked ones are not listed."""
    return list(
        Completion.objects.completed()
        .filter(person=person, completed_on__range=(start, end))
        .select_related("course")
        .order_by("completed_on", "pk")
    )
