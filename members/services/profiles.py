"""Business actions on member profiles and the privacy notice."""

from django.utils import timezone

from home.models import OrganisationSettings
from home.page_cache import people_changed
from members.models import (
    ConsentRecord,
    MemberProfile,
    User,
)


def privacy_notice_version() -> str:
    """The privacy notice as it stands: its page and when it was last published."""
    page = OrganisationSettings.for_default_site().privacy_page
    if page is None:
        return "Privacy notice (no page set)"
    published = page.last_published_at
    return f"{page.title}, published {published:%Y-%m-%d %H:%M}" if published else page.title


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


def has_accepted_privacy_notice(*, user: User) -> bool:
    return ConsentRecord.objects.filter(
        user=user, kind=ConsentRecord.Kind.PRIVACY_NOTICE, version=privacy_notice_version()
    ).exists()


def profile_complete_onboarding(*, profile: MemberProfile) -> bool:
    """Mark the first run through the questions as done. Returns True the first time."""
    completed = MemberProfile.objects.filter(
        pk=profile.pk, onboarding_completed_at__isnull=True
    ).update(onboarding_completed_at=timezone.now())
    if completed:
        people_changed(profile.user_id)  # an update() sends no post_save
    return bool(completed)
