from celery import shared_task

from members.services import memberships_end_lapsed, memberships_invite_renewals, sessions_clear


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
