"""Reads for the inductions (TrainingSettings): who has not done the members' induction,
and what a researcher should be told about the course for researchers."""

from django.utils.translation import gettext as _

from involvement.hooks import Badge, Notice
from members.models import User
from training.models import Booking, Completion, CoursePage, TrainingSettings

# `where` values of the researcher_notices hook (involvement.hooks).
REQUEST_START = "request_start"
REQUEST_SENT = "request_sent"


def training_settings() -> TrainingSettings | None:
    """The default site's training settings, or None when nobody has saved them. One
    query; never creates a row (a shortlist only reads)."""
    return (
        TrainingSettings.objects.filter(site__is_default_site=True)
        .select_related("member_induction", "researcher_induction")
        .first()
    )


def members_without_induction(member_ids: list[int]) -> tuple[CoursePage | None, set[int]]:
    """The members' induction course, and which of these people have not completed it
    (one query for all of them; nobody when no induction is set)."""
    settings = training_settings()
    course = settings.member_induction if settings else None
    if course is None or not member_ids:
        return course, set()
    done = set(
        Completion.objects.completed()
        .filter(course=course, person_id__in=member_ids)
        .values_list("person_id", flat=True)
    )
    return course, set(member_ids) - done


def induction_badges(member_ids: list[int]) -> dict[int, list[Badge]]:
    """ "Induction not done" beside each applicant who has not completed the members'
    induction: staff may still select them, with a reason (applicant_badges hook)."""
    _course, missing = members_without_induction(member_ids)
    label = _("Induction not done")
    return {member_id: [Badge(label=label, needs_reason=True)] for member_id in missing}


def researcher_course_badges(researcher_ids: list[int]) -> dict[int, list[Badge]]:
    """ "Researcher's course not done" beside researchers who have not completed it, when
    the course is required (researcher_badges hook). Recommended, staff are not told:
    it is the researcher's choice."""
    settings = training_settings()
    if settings is None or settings.researcher_induction is None or not researcher_ids:
        return {}
    if settings.researcher_rule != TrainingSettings.ResearcherRule.REQUIRED:
        return {}
    done = set(
        Completion.objects.completed()
        .filter(course=settings.researcher_induction, person_id__in=researcher_ids)
        .values_list("person_id", flat=True)
    )
    label = _("Researcher's course not done")
    return {pk: [Badge(label=label)] for pk in researcher_ids if pk not in done}


def researcher_course_taken(researcher: User, course: CoursePage) -> bool:
    """Completed it, said they did (a self-paced course waiting for staff), or booked
    on (or waiting for) a session of it: nothing more to invite them to."""
    if (
        Completion.objects.filter(person=researcher, course=course)
        .exclude(status=Completion.Status.REVOKED)
        .exists()
    ):
        return True
    return Booking.objects.current().filter(person=researcher, session__course=course).exists()


def researcher_course_to_invite(researcher: User) -> tuple[TrainingSettings, CoursePage] | None:
    """The settings and the course for researchers, when this researcher should be
    invited to it (set, published, not yet taken); else None."""
    settings = training_settings()
    course = settings.researcher_induction if settings else None
    if course is None or not course.live:
        return None
    if researcher_course_taken(researcher, course):
        return None
    return settings, course


def researcher_course_notices(
    researcher: User, *, where: str, has_sent_request: bool
) -> list[Notice]:
    """What a researcher is told about the course for researchers, on their requests'
    pages (researcher_notices hook). Never a block: researchers have grant deadlines,
    so "required" means they are told they need it and staff see it is not done.

    - "before": before their first request, on their requests' pages; once they have
      sent one, only a required course is still mentioned.
    - "after": on the page after sending a request (and by email, once, after their
      first: services/induction.py); later, only a required course is mentioned.
    """
    found = researcher_course_to_invite(researcher)
    if found is None:
        return []
    settings, course = found
    required = settings.researcher_rule == TrainingSettings.ResearcherRule.REQUIRED
    before = settings.researcher_when == TrainingSettings.ResearcherWhen.BEFORE
    if before and where == REQUEST_START and not has_sent_request:
        text = (
            _("Before you send your first request, you need to take our course for researchers:")
            if required
            else _(
                "Before you send your first request, we recommend you take our course for "
                "researchers:"
            )
        )
    elif not before and where == REQUEST_SENT:
        text = (
            _("Now you have sent a request, you need to take our course for researchers:")
            if required
            else _("Now you have sent a request, we recommend you take our course for researchers:")
        )
    elif required and (has_sent_request or before):
        text = _("You still need to take our course for researchers:")
    else:
        return []
    return [Notice(text=text, link_text=course.title, url=course.url or "", required=required)]
