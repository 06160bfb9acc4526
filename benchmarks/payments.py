"""Benchmark: generating payments for 1,000 involvements, and exporting 10,000 approved
payments for finance, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/roundtable make bench

Uses its own fresh database `<name>_bench` (dropped first). Prints the times; asserts
nothing.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.listing_and_shortlist import _bench_database_url  # noqa: E402

INVOLVEMENTS = int(os.environ.get("BENCH_INVOLVEMENTS", 1000))
PAYMENTS = int(os.environ.get("BENCH_PAYMENTS", 10000))


def main() -> None:
    os.environ["DATABASE_URL"] = _bench_database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.pop("CELERY_BROKER_URL", None)
    import django

    django.setup()
    import datetime
    from decimal import Decimal

    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from home.demo_content import demo_pages_create
    from involvement.factories import ActivityFactory
    from involvement.models import Involvement
    from involvement.services import involvement_record_bulk
    from members.factories import StaffFactory
    from opportunities.factories import opportunity_create
    from opportunities.scale_data import members_bulk_create
    from opportunities.services.involvement import opportunity_activity_sync
    from reciprocity.factories import rate_card_example
    from reciprocity.models import Payment, PaymentEvent
    from reciprocity.services.payments import finance_export_create, payments_generate

    demo_pages_create()
    rate_card_example()
    staff, colleague = StaffFactory(), StaffFactory()
    opportunity = opportunity_activity_sync(opportunity=opportunity_create())
    other = ActivityFactory(title="A benchmark activity")
    today = timezone.localdate()
    member_ids = members_bulk_create(max(INVOLVEMENTS, PAYMENTS), involved_share=0)

    involvements = involvement_record_bulk(
        involvements=[
            Involvement(
                member_id=pk,
                activity=opportunity if n < INVOLVEMENTS else other,
                started_on=today,
                hours=Decimal("2.5"),
            )
            for n, pk in enumerate(member_ids[:PAYMENTS])
        ],
        by=staff,
    )
    start = time.perf_counter()
    result = payments_generate(involvements=involvements[:INVOLVEMENTS], by=staff)
    generate_seconds = time.perf_counter() - start
    again_start = time.perf_counter()
    again = payments_generate(involvements=involvements[:INVOLVEMENTS], by=staff)
    again_seconds = time.perf_counter() - again_start

    # The rest, straight to approved (the export is what is measured here).
    payments_generate(involvements=involvements[INVOLVEMENTS:], by=staff)
    Payment.objects.update(status=Payment.Status.APPROVED, approved_by=colleague)
    approved = Payment.objects.filter(status=Payment.Status.APPROVED).count()
    start = time.perf_counter()
    export, text = finance_export_create(
        period_start=today - datetime.timedelta(days=1), period_end=today, by=staff
    )
    export_seconds = time.perf_counter() - start

    print(
        f"Generate payments for {INVOLVEMENTS} involvements: {generate_seconds:.2f} s "
        f"({result.created} made; {PaymentEvent.objects.count()} events in all)"
    )
    print(
        f"Generate again (nothing to make): {again_seconds:.2f} s "
        f"({again.created} made, {again.already_made} already made)"
    )
    print(
        f"Finance export of {approved} approved payments: {export_seconds:.2f} s "
        f"({export.lines.count()} lines, {len(text) // 1024} KiB of CSV)"
    )


if __name__ == "__main__":
    main()
