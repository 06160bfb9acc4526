"""The course for researchers: the invitation emailed after their first request, once."""

from django.db import transaction

from members.models import User
from members.services.email import email_person
from training.models import TrainingSettings
from training.selectors.induction import researcher_course_to_invite
from training.services.bookings import course_url


@transaction.atomic
def researcher_course_invite(*, researcher: User) -> bool:
    """Email `researcher` an invitation to the course for researchers, when the settings
    say to invite after the first request and they have not taken it. Once only (the
    outbox's key): True if an email was queued."""
    found = researcher_course_to_invite(researcher)
    if found is None:
        return False
    training, course = found
    if training.researcher_when != TrainingSettings.ResearcherWhen.AFTER:
        return False
    return email_person(
        user=researcher,
        template="training/email/researcher_course",
        context={
            "course": course,
            "course_url": course_url(course),
            "required": training.researcher_rule == TrainingSettings.ResearcherRule.REQUIRED,
        },
        key=f"training-researcher-course:{researcher.pk}",
    )
