"""Many courses, sessions and bookings, fast: for the benchmark (benchmarks/training.py)
and query budgets at scale. Never used by the product itself."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from home.rich_text import rich_text_from_plain
from home.scale_data import pages_bulk_create
from training.factories import course_create
from training.models import Booking, CourseFormat, CoursePage, CourseSession
from training.services.courses import training_index_get_or_create

BATCH = 500
FORMATS = [CourseFormat.ONLINE_LIVE, CourseFormat.IN_PERSON]


@transaction.atomic
def courses_bulk_create(count: int, *, sessions_each: int = 10, seed: int = 1) -> list[int]:
    """`count` published courses under the index, each with `sessions_each` sessions
    spread over the next year (some already past). Returns the courses' ids."""
    rng = random.Random(seed)  # noqa: S311 (made-up data, not secrets)
    index = training_index_get_or_create()
    course_create()  # one made the normal way, so the index has a first child
    now = timezone.now()
    ids: list[int] = []
    outcomes = rich_text_from_plain("How research works, and where your views count.")
    for start in range(0, count, BATCH):
        pages = [
            CoursePage(
                title=f"Course {n}: {rng.choice(['Research', 'Involvement', 'Data', 'Ethics'])}"
                f" {rng.choice(['basics', 'in practice', 'for everyone', 'explained'])}",
                slug=f"scale-course-{seed}-{n}",
                summary="A short course on taking part in health and care research.",
                for_members=rng.random() < 0.8,
                for_researchers=rng.random() < 0.4,
                for_staff=rng.random() < 0.2,
                format=rng.choice(FORMATS),
                outcomes=outcomes,
                time_needed="One session of 2 hours",
                hours=0,
                is_paid=rng.random() < 0.5,
                link="",
                access_information="",
            )
            for n in range(start, min(start + BATCH, count))
        ]
        pages_bulk_create(index, pages)
        sessions = []
        for page in pages:
            for _ in range(sessions_each):
                starts = now + datetime.timedelta(
                    days=rng.randint(-60, 365), hours=rng.randint(0, 8)
                )
                in_person = page.format == CourseFormat.IN_PERSON
                sessions.append(
                    CourseSession(
                        course_id=page.id,
                        starts_at=starts,
                        ends_at=starts + datetime.timedelta(hours=2),
                        mode=CourseSession.Mode.IN_PERSON
                        if in_person
                        else CourseSession.Mode.ONLINE,
                        place="Leeds Central Library" if in_person else "",
                        joining_link="" if in_person else "https://meet.example.org/x",
                        capacity=rng.randint(6, 20),
                    )
                )
        CourseSession.objects.bulk_create(sessions, batch_size=2000)
        ids.extend(page.id for page in pages)
    return ids


def bookings_bulk_create(session: CourseSession, person_ids: list[int]) -> None:
    """Everyone in `person_ids` booked on `session` (capacity raised to fit)."""
    CourseSession.objects.filter(pk=session.pk).update(
        capacity=max(session.capacity, len(person_ids))
    )
    Booking.objects.bulk_create(
        [Booking(session=session, person_id=pk, status=Booking.Status.BOOKED) for pk in person_ids],
        batch_size=2000,
    )
