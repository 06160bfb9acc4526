"""Background work of the projects app."""

from celery import shared_task


@shared_task(name="projects.summary_diversity_publish")
def summary_diversity_publish_task(start_year: int) -> str:
    """Publish, once and frozen, the equality figures of the people involved in a
    financial year that has ended (through members' publisher, audited with
    everything else)."""
    from projects.selectors.summary import SummaryYear
    from projects.services.summary import summary_diversity_publish

    publication = summary_diversity_publish(year=SummaryYear(start_year))
    return publication.key if publication else "not ended"
