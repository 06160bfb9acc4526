"""Benchmark: the equality dashboard at 20,000 and 100,000 members, against the
uncached home page; and how long publishing a quarter's figures (with the disclosure
audit) takes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/roundtable make bench
    BENCH_EQUALITY_MEMBERS=20000,100000 python benchmarks/equality_dashboard.py
    python benchmarks/equality_dashboard.py --publishing   # the second part alone

Each size runs in its own process on its own fresh database `<name>_bench` (dropped
first): members in one group since the start of the last closed quarter, with answers;
that quarter is published first, as the nightly job would (its time is printed), so the
dashboard is measured reading the stored publication, as it does in use. Prints the
median server time over BENCH_RUNS requests (Django's test client, in-process), the
ratio to the home page with the page cache off (PUBLIC_PAGE_CACHE_SECONDS=0) and the
query counts; the goal (issue 12) is at most 5 times the home page at 100,000 members,
and no growth with the membership. The publishing part runs the pure publisher
(members/disclosure.py) on made-up answers for 400 and 5,000 members in 10 overlapping
groups, a sixth of them applying and a fiftieth selected each quarter, over
BENCH_QUARTERS quarters, every question: the seconds each quarter takes (the audit
grows with what was published before).
"""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.listing_and_shortlist import (  # noqa: E402
    _bench_database_url,
    _sign_in_as_staff,
)

SIZES = [
    int(size)
    for size in os.environ.get("BENCH_EQUALITY_MEMBERS", "20000,100000").split(",")
    if size.strip()
]
RUNS = int(os.environ.get("BENCH_RUNS", 30))
RESULT = "RESULT "


def main() -> None:
    """Each size in a process of its own (a fresh database each), then one table."""
    results = []
    for members in SIZES:
        child = subprocess.Popen(  # noqa: S603 - this script, again, with a number
            [sys.executable, __file__, "--members", str(members)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for line in child.stdout:
            if line.startswith(RESULT):
                results.append(json.loads(line.removeprefix(RESULT)))
            else:
                print(line, end="", flush=True)
        if child.wait():
            sys.exit(f"The benchmark at {members} members failed.")
    print(
        f"\n{'Members':>8}  {'Page':<31}{'median ms':>10}{'× home':>8}{'queries':>9}"
        f"{'≤ 5× home':>11}"
    )
    for result in results:
        home = result["pages"][0]["ms"]
        for page in result["pages"]:
            ratio = page["ms"] / home
            goal = "" if page is result["pages"][0] else ("yes" if ratio <= 5 else "NO")
            print(
                f"{result['members']:>8}  {page['label']:<31}{page['ms']:>10.1f}{ratio:>8.2f}"
                f"{page['queries']:>9}{goal:>11}"
            )
    if len(results) > 1:
        first, last = results[0], results[-1]
        for index, page in enumerate(last["pages"][1:], start=1):
            before = first["pages"][index]["ms"]
            print(
                f"{page['label']}: {page['ms'] / before:.2f}× the time at "
                f"{last['members']:,} members as at {first['members']:,} "
                f"({last['members'] / first['members']:.0f}× the members)"
            )


def measure(members: int) -> None:
    os.environ["DATABASE_URL"] = _bench_database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.pop("CELERY_BROKER_URL", None)
    import django

    django.setup()
    from django.contrib.auth.models import Permission
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    # The home page as it is built, not served from the anonymous page cache (a setting
    # that does nothing where that cache does not exist).
    override_settings(PUBLIC_PAGE_CACHE_SECONDS=0).enable()
    call_command("migrate", verbosity=0)
    from home.demo_content import demo_pages_create
    from members.demo_content import demo_groups_create
    from members.factories import StaffFactory, equality_bulk_create
    from members.selectors.equality import closed_periods
    from members.services.equality import equality_period_publish
    from opportunities.scale_data import members_bulk_create

    started = time.perf_counter()
    period = closed_periods(1)[0]
    demo_pages_create()
    group = next(g for g in demo_groups_create() if g.slug == "living-with-diabetes")
    equality_bulk_create(
        members_bulk_create(members, involved_share=0), group=group, started_on=period.start
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    made = time.perf_counter() - started
    print(f"{members:,} members with answers, made in {made:.0f} s", flush=True)

    started = time.perf_counter()
    publication = equality_period_publish(period=period)
    published = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_size(data) FROM members_equalitypublication WHERE id = %s",
            [publication.pk],
        )
        (stored,) = cursor.fetchone()
    print(
        f"{members:,} members: {period.key} published in {published:.1f} s "
        f"(stored {stored / 1024:.0f} KiB)",
        flush=True,
    )

    staff = StaffFactory(email="bench.equality@example.org")
    staff.user_permissions.add(Permission.objects.get(codename="view_equality_dashboard"))
    visitor, staff_client = Client(), Client()
    _sign_in_as_staff(staff_client, staff)
    pages = [
        ("Home page (uncached)", visitor, "/"),
        ("Equality dashboard", staff_client, "/admin/equality/"),
        ("Equality dashboard, one group", staff_client, f"/admin/equality/?group={group.pk}"),
    ]
    results = []
    for label, client, url in pages:
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            assert response.get("X-Page-Cache") != "hit", "the home page must not be cached"
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        results.append(
            {
                "label": label,
                "ms": statistics.median(times),
                "queries": len(queries.captured_queries),
            }
        )
    result = {"members": members, "made": made, "published": published, "pages": results}
    print(RESULT + json.dumps(result), flush=True)


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
    if "--members" in sys.argv:
        measure(int(sys.argv[sys.argv.index("--members") + 1]))
    else:
        if "--publishing" not in sys.argv:
            main()
        publishing()
