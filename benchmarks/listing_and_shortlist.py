"""Benchmark: the opportunities listing and a shortlist at scale, against the home page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/roundtable make bench

Makes a fresh database `<name>_bench` beside the one in DATABASE_URL (dropped first),
migrates it, adds 5,000 opportunities and 20,000 members (400 of whom applied for one
opportunity), then requests each page many times through Django's test client and
prints the median server time, the ratio to the plain home page, and the query count.
It measures; it asserts nothing (the query budgets are tests).
"""

import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OPPORTUNITIES = int(os.environ.get("BENCH_OPPORTUNITIES", 5000))
MEMBERS = int(os.environ.get("BENCH_MEMBERS", 20000))
APPLICANTS = 400
RUNS = int(os.environ.get("BENCH_RUNS", 30))


def _bench_database_url(suffix: str = "_bench") -> str:
    """A fresh database named after DATABASE_URL's with `suffix` (dropped first)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database: the benchmark is about PostgreSQL.")
    parts = urlsplit(url)
    name = parts.path.lstrip("/") + suffix
    import psycopg

    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def main() -> None:
    os.environ["DATABASE_URL"] = _bench_database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.pop("CELERY_BROKER_URL", None)  # tasks run in-process, as in tests

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    from home.demo_content import demo_pages_create
    from members.factories import StaffFactory
    from opportunities.factories import opportunity_create, opportunity_index_get_or_create
    from opportunities.scale_data import (
        applications_bulk_create,
        members_bulk_create,
        opportunities_bulk_create,
    )

    started = time.perf_counter()
    demo_pages_create()
    index = opportunity_index_get_or_create()
    shortlisted = opportunity_create(title="The benchmark's shortlist", places=10)
    opportunities_bulk_create(OPPORTUNITIES)
    member_ids = members_bulk_create(MEMBERS)
    applications_bulk_create(shortlisted, member_ids[:APPLICANTS])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would give
    print(
        f"Data: {OPPORTUNITIES} opportunities, {MEMBERS} members, {APPLICANTS} applicants "
        f"on one shortlist (made in {time.perf_counter() - started:.0f} s). {RUNS} runs each."
    )

    staff = StaffFactory(email="bench.staff@example.org")
    visitor, staff_client = Client(), Client()
    _sign_in_as_staff(staff_client, staff)

    pages = [
        ("Home page", visitor, "/"),
        ("Opportunities listing", visitor, index.url),
        ("Listing, filtered and sorted", visitor, f"{index.url}?where=online&paid=on&sort=newest"),
        ("Listing, page 40", visitor, f"{index.url}?page=40"),
        ("Shortlist (staff)", staff_client, f"/admin/shortlists/{shortlisted.pk}/"),
    ]
    pages_measure(pages, runs=RUNS)


def pages_measure(pages, *, runs: int) -> None:
    """Request each (label, client, url) `runs` times after warming up, and print the
    median server time, the ratio to the first page (the home page) and the queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    results = []
    for label, client, url in pages:
        for _ in range(3):  # warm caches, as a running server would have
            assert client.get(url).status_code == 200, url
        times = []
        for _ in range(runs):
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


def _sign_in_as_staff(client, staff) -> None:
    """As tests/conftest.py's admin_login: a password and an authenticator app."""
    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": staff.email},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(staff.pk)
    session.save()


if __name__ == "__main__":
    main()
