"""Financial records of erased accounts are kept, pseudonymised, for a retention period
(FINANCIAL_RETENTION_YEARS after the tax year ends; 6 by default, as HMRC asks), then
deleted with their receipts' files. Run daily by Celery beat; set-based.

A paid payment's tax year is the one it was paid in (payment_mark_paid sets it, as
HMRC counts money when it is received), so its retention runs from the end of that
year, not of the activity's; a payment never paid keeps the activity's."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from reciprocity.models import ExpenseClaim, ExpenseItem, FinanceExportLine, Payment
from reciprocity.money import tax_year


def _oldest_kept_tax_year(today: datetime.date) -> str:
    """Tax years before this one ended more than the retention period ago."""
    years = settings.FINANCIAL_RETENTION_YEARS
    # 29 February has no twin in most years; the 28th is in the same tax year.
    day = 28 if (today.month, today.day) == (2, 29) else today.day
    cutoff = today.replace(year=today.year - years, day=day)
    return tax_year(cutoff)


@transaction.atomic
def financial_records_purge(*, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    oldest_kept = _oldest_kept_tax_year(today)
    payments = Payment.objects.filter(member__isnull=True, tax_year__lt=oldest_kept)
    claims = ExpenseClaim.objects.filter(member__isnull=True, tax_year__lt=oldest_kept)
    files = list(
        ExpenseItem.objects.filter(claim__in=claims)
        .exclude(receipt="")
        .values_list("receipt", flat=True)
    )
    FinanceExportLine.objects.filter(payment__in=payments).delete()
    _total, by_model = payments.delete()
    deleted_payments = by_model.get(Payment._meta.label, 0)
    _total, by_model = claims.delete()
    deleted_claims = by_model.get(ExpenseClaim._meta.label, 0)
    storage = ExpenseItem._meta.get_field("receipt").storage
    # After the rows are gone: a failure here leaves a file, never a row without one.
    transaction.on_commit(lambda: [storage.delete(name) for name in files])
    return {"payments": deleted_payments, "claims": deleted_claims, "receipts": len(files)}
