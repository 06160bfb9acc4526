from celery import shared_task

from opportunities.services.opportunities import opportunities_close_past_deadline


@shared_task(name="opportunities.close_past_deadline")
def close_past_deadline() -> int:
    """Close opportunities whose closing date has passed. Idempotent (one UPDATE)."""
    return opportunities_close_past_deadline()


@shared_task(name="opportunities.weekly_digest")
def weekly_digest() -> int:
    """Monday's email of new opportunities. Idempotent: one per member per week."""
    from opportunities.services.alerts import digest_send

    return digest_send()


@shared_task(name="opportunities.announce_new")
def announce_new_opportunity(page_id: int) -> int:
    """Email members who want each new opportunity. Idempotent per member and page."""
    from opportunities.models import OpportunityPage
    from opportunities.services.alerts import announce_new

    page = OpportunityPage.objects.filter(pk=page_id).first()
    return announce_new(opportunity=page) if page else 0


@shared_task(name="opportunities.announce_pending")
def announce_pending_task() -> int:
    """Safety net for announce_new: opportunities never announced (broker outage)."""
    from opportunities.services.alerts import announce_pending

    return announce_pending()


@shared_task(name="opportunities.equality_publish_applicants")
def equality_publish_applicants(opportunity_id: int) -> str:
    """Publish, once and frozen, the equality figures of a closed opportunity's
    applicants (through members' publisher, audited with everything else)."""
    from opportunities.equality import opportunity_equality_publish
    from opportunities.models import OpportunityPage

    opportunity = OpportunityPage.objects.filter(pk=opportunity_id).first()
    if opportunity is None:
        return "no such opportunity"
    publication = opportunity_equality_publish(opportunity=opportunity)
    return publication.key if publication else "still open"


@shared_task(name="opportunities.meeting_reminders_send")
def meeting_reminders_send() -> dict:
    """Remind the members who said they will come to a group meeting, two days
    before, once. Idempotent (home.reminders)."""
    from opportunities.services.meetings import meeting_reminders_send as send

    result = send()
    return {
        "sent": result.sent,
        "already_sent": result.already_sent,
        "no_email": len(result.no_email),
    }


# comment_rounds
@shared_task(name="opportunities.comment_rounds_close")
def comment_rounds_close() -> int:
    """Close written comment rounds whose closing time has passed: the time members
    gave is recorded and researchers are told. Idempotent (a closed round is left)."""
    from opportunities.services.comment_rounds import comment_rounds_close_past_deadline

    return comment_rounds_close_past_deadline()


# end comment_rounds
