"""Benchmark: training at scale (issue 15), against the home page: the public course
listing and a course page, and the staff's Admin → Training screens and a session's
register.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/roundtable make bench

Makes a fresh database `<name>_bench_training` beside the one in DATABASE_URL (dropped
first), migrates it, adds 500 courses with 5,000 sessions and a session with 200
people booked, then requests each page many times through Django's test client and
prints the median server time, the ratio to the plain home page, and the query count.
It measures; it asserts nothing (the query budgets are tests).
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.listing_and_shortlist import (  # noqa: E402  (after the path is set)
    _bench_database_url,
    _sign_in_as_staff,
    pages_measure,
)

COURSES = int(os.environ.get("BENCH_COURSES", 500))
SESSIONS_EACH = int(os.environ.get("BENCH_SESSIONS_EACH", 10))
REGISTER = int(os.environ.get("BENCH_REGISTER", 200))
RUNS = int(os.environ.get("BENCH_RUNS", 30))


def main() -> None:
    os.environ["DATABASE_URL"] = _bench_database_url("_bench_training")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.pop("CELERY_BROKER_URL", None)  # tasks run in-process, as in tests

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    call_command("migrate", verbosity=0)
    from home.demo_content import demo_pages_create
    from members.factories import StaffFactory
    from opportunities.scale_data import members_bulk_create
    from training.factories import course_create, course_session_create
    from training.scale_data import bookings_bulk_create, courses_bulk_create
    from training.services.courses import training_index_get_or_create

    started = time.perf_counter()
    demo_pages_create()
    index = training_index_get_or_create()
    courses_bulk_create(COURSES, sessions_each=SESSIONS_EACH)
    busy = course_create(title="The benchmark's busy course")
    # The register's session was held yesterday, so it can be taken.
    sessions = [course_session_create(course=busy, days=days) for days in (-1, 14)]
    bookings_bulk_create(sessions[0], members_bulk_create(REGISTER, seed=7))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would give
    print(
        f"Data: {COURSES + 2} courses, {COURSES * SESSIONS_EACH + 2} sessions, a register of "
        f"{REGISTER} (made in {time.perf_counter() - started:.0f} s). {RUNS} runs each."
    )

    staff = StaffFactory(email="bench.staff@example.org")
    visitor, staff_client = Client(), Client()
    _sign_in_as_staff(staff_client, staff)

    pages = [
        ("Home page", visitor, "/"),
        ("Course listing", visitor, index.url),
        ("Listing, filtered", visitor, f"{index.url}?audience=members&upcoming=on"),
        ("Listing, page 20", visitor, f"{index.url}?page=20"),
        ("A course page, 2 sessions", visitor, busy.url),
        ("Courses (staff), first 20", staff_client, reverse("training_courses")),
        ("Sessions to come (staff)", staff_client, reverse("training_sessions")),
        (
            f"Register of {REGISTER} (staff)",
            staff_client,
            reverse("training_register", kwargs={"session_id": sessions[0].pk}),
        ),
    ]
    pages_measure(pages, runs=RUNS)


if __name__ == "__main__":
    main()
