"""Benchmark: matching members to opportunities at scale (issue 16), on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/roundtable make bench

Makes a fresh database `<name>_bench_matching` beside the one in DATABASE_URL (dropped
first), migrates it, adds 1,000 open opportunities (topics, skills, sessions, regions,
access support) and 100,000 members with filled-in profiles, then prints:

- 100,000 members ranked for one opportunity: the scoring core alone (median of
  several runs), and end to end (read the members + score + best 50 + explain those 50);
- the ratio of the core to a naive loop calling `explain` for each member, in the same
  run (timed on BENCH_NAIVE members and scaled, or on all if BENCH_NAIVE is 0);
- the weekly digest for 100,000 members × 1,000 new opportunities: the selection (every
  query and all the scoring, everything but writing the emails) with its peak memory
  (tracemalloc's peak of what Python and numpy allocated, and the process's maximum
  resident size), and the writing of emails to the outbox timed on a sample and scaled;
- the fair lottery for 200 applicants, 12 places and 4 quota features (lottery_figure).

Goals (issue 16): core ≤ 0.3 s, end to end ≤ 1 s, digest ≤ 60 s, lottery ≤ 10 s. It
measures; it asserts nothing (the query budgets are tests).
"""

import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.listing_and_shortlist import _bench_database_url  # noqa: E402

MEMBERS = int(os.environ.get("BENCH_MEMBERS", 100_000))
OPPORTUNITIES = int(os.environ.get("BENCH_OPPORTUNITIES", 1000))
RUNS = int(os.environ.get("BENCH_RUNS", 7))
NAIVE = int(os.environ.get("BENCH_NAIVE", 10_000))  # 0: the naive loop over everyone
EMAIL_SAMPLE = int(os.environ.get("BENCH_EMAIL_SAMPLE", 1000))
TOP = 50


def _timed(work):
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def _median(work, runs: int) -> float:
    work()  # warm up
    return statistics.median(_timed(work)[0] for _ in range(runs))


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    os.environ["DATABASE_URL"] = _bench_database_url("_bench_matching")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.pop("CELERY_BROKER_URL", None)  # tasks run in-process, as in tests

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from home.demo_content import demo_pages_create
    from members.models import MemberProfile
    from opportunities.scale_data import matching_opportunities_bulk_create, members_bulk_create

    started = time.perf_counter()
    demo_pages_create()
    # Opportunities first: members made later are not sent "new opportunity" emails.
    opportunity_ids = matching_opportunities_bulk_create(OPPORTUNITIES, seed=16)
    made_opportunities = time.perf_counter() - started
    members_seconds, _ids = _timed(lambda: members_bulk_create(MEMBERS, seed=16, with_answers=True))
    MemberProfile.objects.update(updates=MemberProfile.Updates.DIGEST)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would give
    print(
        f"Data: {OPPORTUNITIES:,} open opportunities (made in {made_opportunities:.0f} s), "
        f"{MEMBERS:,} members with answers (made in {members_seconds:.0f} s). "
        f"Median of {RUNS} runs where it says so."
    )
    rows = []
    rows += ranking_figures(opportunity_ids[0])
    rows += digest_figures()
    rows += lottery_figure()
    print(f"{'Measure':<58}{'result':>14}{'goal':>10}")
    for label, result, goal in rows:
        print(f"{label:<58}{result:>14}{goal:>10}")


def ranking_figures(opportunity_id: int) -> list[tuple[str, str, str]]:
    """One opportunity, every member: the core alone, end to end, and a naive loop."""
    from django.utils import timezone

    from opportunities.matching.core import explain, member_facts_from_table, ranked, score_members
    from opportunities.matching.data import (
        matching_weights,
        member_facts,
        member_table_from_db,
        opportunities_for_matching,
        opportunity_facts,
        vocabulary,
    )
    from opportunities.models import OpportunityPage

    today = timezone.localdate()
    weights = matching_weights()

    def read_opportunity():
        page = opportunities_for_matching(OpportunityPage.objects.filter(pk=opportunity_id)).get()
        return opportunity_facts(page)

    words = vocabulary()
    facts = read_opportunity()
    table = member_table_from_db(vocabulary=words, today=today)

    def core():
        scores = score_members(table, facts, vocabulary=words, weights=weights)
        return ranked(scores, limit=TOP, keep=scores.suited(facts, weights))

    def end_to_end():
        words = vocabulary()
        facts = read_opportunity()
        table = member_table_from_db(vocabulary=words, today=today)
        scores = score_members(table, facts, vocabulary=words, weights=weights)
        best = ranked(scores, limit=TOP, keep=scores.suited(facts, weights))
        return [
            explain(
                member_facts_from_table(table, row, today=today),
                facts,
                vocabulary=words,
                weights=weights,
                today=today,
            )
            for row in best
        ]

    core_seconds = _median(core, RUNS)
    fetch_seconds = _median(lambda: member_table_from_db(vocabulary=words, today=today), 3)
    end_seconds = _median(end_to_end, 3)
    suited = int(
        score_members(table, facts, vocabulary=words, weights=weights).suited(facts, weights).sum()
    )

    # The naive way: every member's facts (from the table, so no query is counted
    # against it), then `explain` one at a time, then sort.
    naive_count = len(table) if NAIVE <= 0 else min(NAIVE, len(table))
    members = [member_facts_from_table(table, row, today=today) for row in range(naive_count)]

    def naive():
        matches = [
            (explain(m, facts, vocabulary=words, weights=weights, today=today).score, m.id)
            for m in members
        ]
        return sorted(matches, key=lambda pair: (-pair[0], pair[1]))[:TOP]

    naive_seconds = _timed(naive)[0] * len(table) / naive_count
    scaled = "" if naive_count == len(table) else f", timed on {naive_count:,} and scaled"
    # One member through the database, as the member pages read it (for the record).
    from members.models import User

    one_seconds = _timed(lambda: member_facts(User.objects.get(pk=int(table.ids[0]))))[0]
    n = f"{len(table):,}"
    return [
        (f"Ranked for one opportunity: core, {n} members", f"{core_seconds:.3f} s", "≤ 0.3 s"),
        (f"  read {n} members (member_table_from_db)", f"{fetch_seconds:.3f} s", ""),
        (f"  end to end (read, score, best {TOP}, explain)", f"{end_seconds:.3f} s", "≤ 1 s"),
        ("  members suited", f"{suited:,}", ""),
        (f"Naive explain() loop, {n} members{scaled}", f"{naive_seconds:.1f} s", ""),
        ("  naive ÷ core", f"{naive_seconds / core_seconds:,.0f} ×", ""),
        ("  one member's facts from the database", f"{one_seconds * 1000:.1f} ms", ""),
    ]


def digest_figures() -> list[tuple[str, str, str]]:
    """The weekly digest's selection for everyone, with peak memory; then the emails."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from opportunities.services import alerts

    before_rss = _maxrss_mb()
    tracemalloc.start()
    with CaptureQueriesContext(connection) as queries:
        seconds, (new, table, facts, best, words, weights) = _timed(alerts.digest_select)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    after_rss = _maxrss_mb()
    recipients = best.rows()
    suited_pairs = int(best.count.sum())

    # Writing the emails: rendered and written to the outbox for a sample of the
    # recipients, in a transaction rolled back (so nothing is sent), then scaled.
    sample = recipients[:EMAIL_SAMPLE]

    class RolledBack(Exception):
        pass

    from django.utils import timezone

    from members.models import User
    from members.services.email import email_person
    from opportunities.matching.core import member_facts_from_table

    today = timezone.localdate()
    users = User.objects.in_bulk(table.ids[sample].tolist())
    start = time.perf_counter()
    try:
        with transaction.atomic():
            for row in sample:
                member = member_facts_from_table(table, row, today=today)
                items = [
                    {
                        "opportunity": new[column],
                        "reason": alerts.email_reason(
                            member, facts[column], words=words, weights=weights, today=today
                        ),
                    }
                    for column, _score in best.best(row)
                ]
                email_person(
                    user=users[int(table.ids[row])],
                    template="opportunities/email/digest",
                    context={"items": items, "count": int(best.count[row]), "more": 0},
                    key=f"bench-digest:{table.ids[row]}",
                )
            raise RolledBack
    except RolledBack:
        pass
    per_email = (time.perf_counter() - start) / max(len(sample), 1)
    n = f"{len(table):,} × {len(new):,}"
    return [
        (f"Weekly digest selection, {n}", f"{seconds:.1f} s", "≤ 60 s"),
        ("  queries", f"{len(queries.captured_queries)}", ""),
        ("  peak memory (tracemalloc)", f"{peak / 2**20:.0f} MB", ""),
        ("  process max RSS before → after", f"{before_rss:.0f} → {after_rss:.0f} MB", ""),
        ("  members with a digest", f"{len(recipients):,}", ""),
        ("  suited (member, opportunity) pairs", f"{suited_pairs:,}", ""),
        (
            f"  writing emails to the outbox: {per_email * 1000:.1f} ms each, all",
            f"{per_email * len(recipients):.0f} s",
            "",
        ),
    ]


def lottery_figure() -> list[tuple[str, str, str]]:
    """The fair lottery (opportunities.lottery_core.lottery_draw, maximin on HiGHS):
    200 applicants, 12 places, quotas on 4 features, seeded."""
    label = "Lottery, 200 applicants / 12 places / 4 features"
    import random

    from opportunities.lottery_core import lottery_draw

    rng = random.Random(16)  # noqa: S311 (made-up data)
    features = {
        "region": [f"region {i}" for i in range(9)],
        "new_to_involvement": ["yes", "no"],
        "age_band": ["18-29", "30-44", "45-64", "65+"],
        "ethnicity": ["Asian", "Black", "Mixed", "White", "Other"],
    }
    pool = [(pk, {f: rng.choice(values) for f, values in features.items()}) for pk in range(1, 201)]
    quotas = {
        "region": dict.fromkeys(features["region"], (0, 3)),
        "new_to_involvement": {"yes": (4, 12), "no": (0, 8)},
        "age_band": dict.fromkeys(features["age_band"], (1, 5)),
        "ethnicity": dict.fromkeys(features["ethnicity"], (0, 6)),
    }
    import contextlib
    import io
    import logging

    # The library narrates its work (to stdout and its log): the table is the result.
    logging.getLogger("sortition_algorithms_user").setLevel(logging.WARNING)
    logging.getLogger("sortition_algorithms").setLevel(logging.WARNING)
    with contextlib.redirect_stdout(io.StringIO()):
        seconds, result = _timed(lambda: lottery_draw(pool, quotas, 12, 16))
    chances = result.probabilities.values()
    return [
        (label, f"{seconds:.1f} s", "≤ 10 s"),
        (
            f"  chances {min(chances):.3f}–{max(chances):.3f}, panels in the distribution",
            f"{result.panels}",
            "",
        ),
    ]


if __name__ == "__main__":
    main()
