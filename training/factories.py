"""Factories for tests, the demo data and the benchmark."""

from django.utils import timezone

from home.rich_text import rich_text_from_plain
from home.sessions import session_times
from training.models import CourseFormat, CoursePage, CourseSession
from training.services.courses import training_index_get_or_create


def course_create(*, publish: bool = True, skills=(), **fields) -> CoursePage:
    """A course page under the index (published unless told otherwise)."""
    index = training_index_get_or_create()
    n = CoursePage.objects.count() + 1
    defaults = {
        "title": f"Course {n}",
        "slug": f"course-{n}-{timezone.now():%H%M%S%f}",
        "summary": "What research is, and how members of the public shape it.",
        "format": CourseFormat.ONLINE_LIVE,
        "outcomes": "How a research project runs, and where your views count.",
        "time_needed": "One session of 2 hours",
        "for_members": True,
    }
    values = {**defaults, **fields}
    if not values["outcomes"].startswith("<"):
        values["outcomes"] = rich_text_from_plain(values["outcomes"])
    if values["format"] in (CourseFormat.SELF_PACED, CourseFormat.READING):
        values.setdefault("link", "https://learning.example.org/course")
    page = CoursePage(**values)
    index.add_child(instance=page)
    if skills:
        page.skills.set(skills)
    if publish:
        page.save_revision().publish()
    else:
        page.live = False
        page.save_revision()
        page.save()
    return page


def course_session_create(
    *, course: CoursePage, days: int = 14, hour: int = 18, hours: int = 2, **fields
) -> CourseSession:
    """A session of `course`, `days` from today (online unless told otherwise)."""
    start, end = session_times(days, hour=hour, hours=hours)
    values = {
        "starts_at": start,
        "ends_at": end,
        "mode": CourseSession.Mode.ONLINE,
        "joining_link": "https://meet.example.org/training",
        "capacity": 12,
        "facilitator": "Sam Patel",
        **fields,
    }
    return CourseSession.objects.create(course=course, **values)
