"""Benchmark: the equality dashboard with 100,000 members, against the home page; and
how long publishing a quarter's figures (with the disclosure audit) takes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/roundtable make bench
    python benchmarks/equality_dashboard.py --publishing   # the second part alone

Uses its own fresh database `<name>_bench` (dropped first). Prints the median server
time over BENCH_RUNS requests, the ratio to the home page, and the query counts. The
publishing part runs the pure publisher (members/disclosure.py) on made-up answers for
400 and 5,000 members in 10 overlapping groups, a sixth of them applying and a fiftieth
selected each quarter, over BENCH_QUARTERS quarters, every question: the seconds each
quarter takes (the audit grows with what was published before).
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


QUARTERS = int(os.environ.get("BENCH_QUARTERS", 4))


def publishing() -> None:
    import random

    from members.disclosure import NOT_ANSWERED, Population, publish

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from members.models.equality import CHARACTERISTICS

    categories = {
        c: [value for value, _label in choices] + [NOT_ANSWERED]
        for c, (_label, choices) in CHARACTERISTICS.items()
    }
    print(f"{'Members':>8}{'quarter':>9}{'seconds':>9}{'tables withheld':>17}")
    for members in (400, 5_000):
        rng = random.Random(1)  # noqa: S311 - made-up data, the same each run
        answers = {
            p: {
                c: rng.choices(options, weights=[len(options)] + [1] * (len(options) - 1))[0]
                for c, options in categories.items()
            }
            for p in range(members)
        }
        groups = {g: set(rng.sample(range(members), members // 10)) for g in range(10)}
        earlier = []
        for quarter in range(QUARTERS):
            applicants = rng.sample(range(members), members // 6)
            populations = [Population("members", tuple(range(members)))]
            populations += [Population(f"group:{g}", tuple(sorted(m))) for g, m in groups.items()]
            populations += [
                Population("applicants", tuple(sorted(applicants))),
                Population("selected", tuple(sorted(applicants[: members // 50]))),
            ]
            started = time.perf_counter()
            published = publish(
                populations=populations,
                categories=categories,
                answers=answers,
                versions={},
                earlier=earlier,
                threshold=5,
                minimum=10,
            )
            seconds = time.perf_counter() - started
            withheld = sum(
                "withheld" in table and table["withheld"] == "withheld"
                for tables in published["tables"].values()
                for table in tables.values()
            )
            print(f"{members:>8}{quarter + 1:>9}{seconds:>9.1f}{withheld:>17}", flush=True)
            earlier.append(published)


if __name__ == "__main__":
    if "--publishing" not in sys.argv:
        main()
    publishing()
