"""Business actions on member profiles and the privacy notice."""

import datetime

from django.utils import timezone

from home.page_cache import people_changed
from members.models import ConsentRecord, MemberProfile, User
from members.selectors.profiles import privacy_notice_version


def privacy_notice_accept(
    *, user: User, method: str = ConsentRecord.Method.ONLINE, recorded_by: User | None = None
) -> ConsentRecord:
    """Record that `user` read the current privacy notice (once per version)."""
    record, _created = ConsentRecord.objects.get_or_create(
        user=user,
        kind=ConsentRecord.Kind.PRIVACY_NOTICE,
        version=privacy_notice_version(),
        defaults={"method": method, "recorded_by": recorded_by},
    )
    return record


def profile_step_saved(*, profile: MemberProfile, slug: str) -> None:
    """Record that the member saved the question page `slug`, answered or left blank:
    an optional page counts as answered once they have been through it."""
    if slug not in profile.steps_saved:
        profile.steps_saved = [*profile.steps_saved, slug]
        profile.save(update_fields=["steps_saved"])  # post_save: people_changed


def profile_complete_onboarding(*, profile: MemberProfile) -> bool:
    """Mark the first run through the questions as done. Returns True the first time."""
    completed = MemberProfile.objects.filter(
        pk=profile.pk, onboarding_completed_at__isnull=True
    ).update(onboarding_completed_at=timezone.now())
    if completed:
        people_changed(profile.user_id)  # an update() sends no post_save
    return bool(completed)


def profiles_last_involved_set(*, last_involved: dict[int, datetime.date | None]) -> None:
    """Each member's last involvement date ({user id: date or None}), as the involvement
    app works it out: the member directory filters on it, and members cannot read that
    app. A member without a profile gets one. One statement however many there are."""
    if not last_involved:
        return
    MemberProfile.objects.bulk_create(
        [MemberProfile(user_id=pk, last_involved_on=day) for pk, day in last_involved.items()],
        update_conflicts=True,
        unique_fields=["user"],
        update_fields=["last_involved_on"],
    )
    people_changed(*last_involved)  # bulk writes send no post_save
