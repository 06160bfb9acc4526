"""Benchmark: the equality dashboard with 100,000 members, against the home page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/roundtable make bench

Uses its own fresh database `<name>_bench` (dropped first). Prints the median server
time over BENCH_RUNS requests, the ratio to the home page, and the query counts.
"""

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

MEMBERS = int(os.environ.get("BENCH_EQUALITY_MEMBERS", 100_000))
RUNS = int(os.environ.get("BENCH_RUNS", 30))


def main() -> None:
    os.environ["DATABASE_URL"] = _bench_database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.pop("CELERY_BROKER_URL", None)
    import django

    django.setup()
    from django.contrib.auth.models import Permission
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    from home.demo_content import demo_pages_create
    from members.demo_content import demo_groups_create
    from members.factories import StaffFactory
    from opportunities.scale_data import equality_bulk_create, members_bulk_create

    started = time.perf_counter()
    demo_pages_create()
    group = next(g for g in demo_groups_create() if g.slug == "living-with-diabetes")
    equality_bulk_create(members_bulk_create(MEMBERS, involved_share=0), group=group)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"Data: {MEMBERS} members with answers (made in {time.perf_counter() - started:.0f} s)")

    staff = StaffFactory(email="bench.equality@example.org")
    staff.user_permissions.add(Permission.objects.get(codename="view_equality_dashboard"))
    visitor, staff_client = Client(), Client()
    _sign_in_as_staff(staff_client, staff)
    pages = [
        ("Home page", visitor, "/"),
        ("Equality dashboard", staff_client, "/admin/equality/"),
        ("Equality dashboard, one group", staff_client, f"/admin/equality/?group={group.pk}"),
    ]
    results = []
    for label, client, url in pages:
        for _ in range(2):
            assert client.get(url).status_code == 200, url
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        results.append((label, statistics.median(times), len(queries.captured_queries)))
    home = results[0][1]
    print(f"{'Page':<32}{'median ms':>10}{'× home':>9}{'queries':>9}")
    for label, median, count in results:
        print(f"{label:<32}{median:>10.1f}{median / home:>9.2f}{count:>9}")


if __name__ == "__main__":
    main()
