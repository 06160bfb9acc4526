"""Benchmark: the staff side of training at scale, against the home page: Admin →
Training → Courses (500 courses, 5,000 sessions) and a session's register with 200
people booked (issue 15).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/roundtable make bench

Makes a fresh database `<name>_bench_training` beside the one in DATABASE_URL (dropped
first), migrates it, adds the data, then requests each page many times through
Django's test client and prints the median server time, the ratio to the plain home
page, and the query count. It measures; it asserts nothing (the query budgets are
tests). The public course listing joins the table once the app serves it.
"""

import datetime
import importlib.util
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.listing_and_shortlist import (  # noqa: E402
    _bench_database_url,
    _sign_in_as_staff,
)

COURSES = int(os.environ.get("BENCH_COURSES", 500))
SESSIONS_PER_COURSE = 10
REGISTER = 200
RUNS = int(os.environ.get("BENCH_RUNS", 30))


def main() -> None:
    os.environ["DATABASE_URL"] = _bench_database_url("_bench_training")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.pop("CELERY_BROKER_URL", None)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from home.demo_content import demo_pages_create
    from members.factories import StaffFactory
    from opportunities.scale_data import members_bulk_create
    from training.factories import course_create
    from training.models import Booking, CourseSession
    from training.services.courses import training_index_get_or_create

    started = time.perf_counter()
    demo_pages_create()
    index = training_index_get_or_create()
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    sessions = []
    for n in range(COURSES):
        course = course_create(title=f"Course {n:04d}", slug=f"course-{n:04d}")
        for k in range(SESSIONS_PER_COURSE):
            start = now + datetime.timedelta(days=k * 7 - 20, hours=n % 5)
            sessions.append(
                CourseSession(
                    course=course,
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=2),
                    mode=CourseSession.Mode.ONLINE,
                    joining_link="https://meet.example.org/x",
                    capacity=REGISTER,
                )
            )
    CourseSession.objects.bulk_create(sessions, batch_size=1000)
    held = CourseSession.objects.filter(starts_at__lt=now).order_by("starts_at").first()
    people = members_bulk_create(REGISTER)
    Booking.objects.bulk_create(
        [
            Booking(session=held, person_id=pk, status=Booking.Status.BOOKED, access_needs="")
            for pk in people
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"Data: {COURSES} courses, {len(sessions)} sessions, a register of {REGISTER} "
        f"(made in {time.perf_counter() - started:.0f} s). {RUNS} runs each."
    )

    staff = StaffFactory(email="bench.staff@example.org")
    visitor, staff_client = Client(), Client()
    _sign_in_as_staff(staff_client, staff)
    pages = [("Home page", visitor, "/")]
    if importlib.util.find_spec("training.views.listing") is not None:
        pages.append(("Course listing", visitor, index.url))
    pages += [
        ("Courses (staff), first 20", staff_client, "/admin/training/courses/"),
        ("Sessions to come (staff)", staff_client, "/admin/training/sessions/"),
        (
            f"Register of {REGISTER} (staff)",
            staff_client,
            f"/admin/training/sessions/{held.pk}/register/",
        ),
    ]
    results = []
    for label, client, url in pages:
        for _ in range(3):
            assert client.get(url).status_code == 200, url
        times = []
        for _ in range(RUNS):
            begin = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - begin) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        results.append((label, statistics.median(times), len(queries.captured_queries)))

    home = results[0][1]
    print(f"{'Page':<32}{'median ms':>10}{'× home':>9}{'queries':>9}")
    for label, median, count in results:
        print(f"{label:<32}{median:>10.1f}{median / home:>9.2f}{count:>9}")


if __name__ == "__main__":
    main()
