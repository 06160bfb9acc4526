from celery import shared_task

from members.services import memberships_end_lapsed, memberships_invite_renewals


@shared_task(name="members.membership_terms_daily")
def membership_terms_daily() -> dict:
    """Invite renewals before terms end; end lapsed terms; resume finished pauses.

    Idempotent: run twice in a day, it sends and changes nothing the second time.
    """
    return {"invited": memberships_invite_renewals(), "ended": memberships_end_lapsed()}
