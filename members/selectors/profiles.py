"""Reads about member profiles and the privacy notice.

The profile answers are listed once here and shown three ways: to the member (with
Change links), to staff on the member record, and in the member's data download.
"""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from home.journeys import Row, answer_text
from home.models import OrganisationSettings
from members.forms.profiles import STEPS
from members.models import ConsentRecord, MemberProfile, ResearchStage, User
from members.models.profiles import FLAG_GROUPS


def privacy_notice_version() -> str:
    """The privacy notice as it stands: its page and when it was last published."""
    page = OrganisationSettings.for_default_site().privacy_page
    if page is None:
        return "Privacy notice (no page set)"
    published = page.last_published_at
    return f"{page.title}, published {published:%Y-%m-%d %H:%M}" if published else page.title


def has_accepted_privacy_notice(*, user: User) -> bool:
    return ConsentRecord.objects.filter(
        user=user, kind=ConsentRecord.Kind.PRIVACY_NOTICE, version=privacy_notice_version()
    ).exists()


def profile_with_answers(user: User) -> MemberProfile | None:
    """The profile with everything the summary reads, in 3 queries (none if absent)."""
    return (
        MemberProfile.objects.select_related("region")
        .prefetch_related("topics", "skills")
        .filter(user=user)
        .first()
    )


def research_stage_labels(profile: MemberProfile) -> list[str]:
    """The stages of research the member would like to help with, in the list's order
    (a code no longer in the list is left out)."""
    chosen = set(profile.research_stages or [])
    return [str(label) for code, label in ResearchStage.choices if code in chosen]


def profile_answers(profile: MemberProfile, *, privacy_accepted: bool) -> list[Row]:
    """One row per answer (the question, the answers given as a list, the slug of the
    question page that changes it); `row.values` is what the three readers show."""
    return [
        Row(_("Name we use"), answer_text(profile.preferred_name), "about"),
        Row(_("Pronouns"), answer_text(profile.pronouns), "about"),
        Row(_("Phone"), answer_text(profile.phone), "about"),
        Row(_("Region"), answer_text(profile.region.name if profile.region else ""), "about"),
        Row(_("Experience"), [topic.name for topic in profile.topics.all()], "experience"),
        Row(_("Skills and interests"), [skill.name for skill in profile.skills.all()], "skills"),
        Row(_("Stages of research"), research_stage_labels(profile), "skills"),
        Row(_("Ways to take part"), profile.flag_labels("formats"), "taking-part"),
        Row(_("When you are free"), profile.flag_labels("availability"), "taking-part"),
        Row(_("Travel"), answer_text(profile.get_travel_display()), "taking-part"),
        Row(_("Access support"), profile.flag_labels("access"), "access"),
        Row(_("Anything else"), answer_text(profile.access_needs), "access"),
        Row(_("Contact by"), profile.flag_labels("contact_methods"), "access"),
        Row(_("Information format"), profile.flag_labels("contact_formats"), "access"),
        Row(_("Payment"), answer_text(profile.get_payment_preference_display()), "payment"),
        Row(
            _("Emails about new opportunities"),
            [
                str(profile.get_updates_display())
                + (
                    f" ({_('until')} {date_format(profile.updates_paused_until, 'j F Y')})"
                    if profile.updates == profile.Updates.PAUSED and profile.updates_paused_until
                    else ""
                )
            ],
            "updates",
        ),
        Row(_("Privacy notice"), [str(_("Read"))] if privacy_accepted else [], "privacy"),
    ]


@dataclass(frozen=True)
class Completeness:
    answered: int
    total: int
    first_unanswered: str | None  # the slug of the first question page with no answer

    @property
    def complete(self) -> bool:
        return self.answered == self.total


def profile_completeness(answers: list[Row], *, steps_saved=()) -> Completeness:
    """How many question pages are answered: a page with an answer, or one the member
    saved even blank (its questions are optional: having been through it is enough)."""
    answered_steps = {answer.step for answer in answers if answer.values} | set(steps_saved)
    unanswered = [slug for slug in STEPS.slugs if slug not in answered_steps]
    return Completeness(
        answered=len(STEPS) - len(unanswered),
        total=len(STEPS),
        first_unanswered=unanswered[0] if unanswered else None,
    )


@dataclass(frozen=True)
class AccessNeeds:
    """What a member's profile says would help them take part: health data, so read
    only through `access_needs_of` by callers that log the look
    (members.services.member_record.access_needs_log_read)."""

    support: list[str]  # the profile's access flags ("Step-free access", …)
    formats: list[str]  # preferred formats for information ("Large print", "Easy read")
    anything_else: str  # what they wrote themselves

    @property
    def is_empty(self) -> bool:
        return not (self.support or self.formats or self.anything_else)


def access_needs_of(member_ids: list[int]) -> dict[int, AccessNeeds]:
    """The profile's access needs for each of these people, by user id, in one query
    (nobody without a profile is in the answer)."""
    columns = [name for group in ("access", "contact_formats") for name, _l in FLAG_GROUPS[group]]
    profiles = MemberProfile.objects.filter(user_id__in=member_ids).only(
        "user_id", "access_needs", *columns
    )
    return {
        profile.user_id: AccessNeeds(
            support=profile.flag_labels("access"),
            formats=profile.flag_labels("contact_formats"),
            anything_else=profile.access_needs.strip(),
        )
        for profile in profiles
    }
