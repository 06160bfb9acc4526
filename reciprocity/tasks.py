from celery import shared_task


@shared_task(name="reciprocity.financial_records_purge")
def financial_records_purge_task() -> dict:
    """Delete erased members' financial records past retention. Idempotent."""
    from reciprocity.services.retention import financial_records_purge

    return financial_records_purge()


@shared_task(name="reciprocity.draft_receipts_purge")
def draft_receipts_purge_task() -> int:
    """Delete receipts of expense claims never sent (abandoned). Idempotent."""
    from reciprocity.services.expense_drafts import draft_receipts_purge

    return draft_receipts_purge()
