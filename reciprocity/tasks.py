from celery import shared_task


@shared_task(name="reciprocity.financial_records_purge")
def financial_records_purge_task() -> dict:
    """Delete erased members' financial records past retention. Idempotent."""
    from reciprocity.services.retention import financial_records_purge

    return financial_records_purge()
