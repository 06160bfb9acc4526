from celery import shared_task

from members.services.memberships import memberships_end_lapsed, memberships_invite_renewals
from members.services.sessions import sessions_clear


@shared_task(name="members.membership_terms_daily")
def membership_terms_daily() -> dict:
    """Invite renewals before terms end; end lapsed terms; resume finished pauses.

    Idempotent: run twice in a day, it sends and changes nothing the second time.
    """
    return {"invited": memberships_invite_renewals(), "ended": memberships_end_lapsed()}


@shared_task(name="members.sessions_clear_daily")
def sessions_clear_daily() -> dict:
    """Expired sessions (Django's clearsessions), abandoned drafts and allauth's records
    of ended sessions go. Idempotent."""
    return sessions_clear()


@shared_task(name="members.equality_publish_closed_period")
def equality_publish_closed_period(key: str | None = None) -> str:
    """Publish the equality figures of a closed quarter (by default the one just
    ended), once: run again, it changes nothing."""
    from members.selectors.equality import closed_periods, period_from_key
    from members.services.equality import equality_period_publish

    period = period_from_key(key) if key else closed_periods(1)[0]
    if period is None:
        return "no such closed period"
    return equality_period_publish(period=period).key
