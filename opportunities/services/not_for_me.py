"""A member says an opportunity is not for them, or takes it back: it is then never
tagged "Suited to you", recommended or ranked high for them (opportunities/matching/
members.py), though they can still find it and apply."""

from django.core.exceptions import PermissionDenied

from home.page_cache import people_changed
from members import roles
from members.models import User
from opportunities.models import NotForMe, OpportunityPage


def _check(member: User, opportunity: OpportunityPage) -> None:
    """Members only, and only about an opportunity they may see."""
    if not member.is_authenticated or not member.has_role(roles.MEMBER):
        raise PermissionDenied
    visible = OpportunityPage.objects.live().public().visible_to(member).filter(pk=opportunity.pk)
    if not visible.exists():
        raise PermissionDenied


def not_for_me_set(*, member: User, opportunity: OpportunityPage) -> bool:
    """Remember that `opportunity` is not for `member`. Idempotent: saying it twice (a
    double click, two tabs) keeps one row (the unique constraint, conflicts ignored).
    True if it was not already said."""
    _check(member, opportunity)
    said = NotForMe.objects.filter(member=member, opportunity=opportunity)
    already = said.exists()
    if not already:
        NotForMe.objects.bulk_create(
            [NotForMe(member=member, opportunity=opportunity)], ignore_conflicts=True
        )
    # bulk_create sends no post_save: their listing and account page show suggestions.
    people_changed(member.pk)
    return not already


def not_for_me_undo(*, member: User, opportunity: OpportunityPage) -> bool:
    """Take it back: `opportunity` may be suggested again. Idempotent; True if there
    was something to take back."""
    _check(member, opportunity)
    deleted, _ = NotForMe.objects.filter(member=member, opportunity=opportunity).delete()
    people_changed(member.pk)
    return bool(deleted)
