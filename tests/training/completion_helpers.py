"""Shared by the completion and certificate tests: a self-paced course, and a person
who completed one."""

from members.factories import MemberFactory, StaffFactory
from members.models import Skill
from training.factories import course_create
from training.models import Completion, CourseFormat
from training.services.completions import completion_record


def self_paced_course(**fields):
    values = {"title": "Plain English for research", "format": CourseFormat.SELF_PACED, **fields}
    return course_create(**values)


def completed(person=None, *, title="Working together", skills=None, **fields) -> Completion:
    """`person` (a new member by default) completed a course giving `skills`, recorded
    by a member of staff."""
    person = person or MemberFactory(name="Amara Okafor")
    if skills is None:
        skills = [Skill.objects.order_by("name").first()]
    course = course_create(title=title, skills=skills, **fields)
    return completion_record(
        person=person, course=course, how=Completion.How.STAFF, by=StaffFactory()
    )
