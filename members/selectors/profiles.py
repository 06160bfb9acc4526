"""Reads about member profiles and the privacy notice.

The profile answers are listed once here and shown three ways: to the member (with
Change links), to staff on the member record, and in the member's data download.
"""

import datetime
import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import BigIntegerField, Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, Mod
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from home.journeys import Row, answer_text
from home.models import OrganisationSettings
from members import roles
from members.forms.profiles import STEPS
from members.models import ConsentRecord, GroupMembership, MemberProfile, ResearchStage, Topic, User
from members.models.profiles import FLAG_GROUPS
from members.suppression import rounded_count


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


def opportunity_emails_paused(profile: MemberProfile | None, today: datetime.date) -> bool:
    """Whether the member has paused emails about opportunities as of `today`: a pause
    with no end, or one that ends after today (a finished pause no longer counts). The
    one statement of the rule for anything that emails about opportunities."""
    if profile is None or profile.updates != MemberProfile.Updates.PAUSED:
        return False
    return profile.updates_paused_until is None or profile.updates_paused_until > today


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


# --- How many members might fit (aggregate only) -------------------------------------

# Figures at or above the threshold are rounded randomly to a multiple of this
# (members/suppression.py, rounded_count: why random, and why 10).
MEMBER_COUNT_BASE = 10
# Each counted person's share of the key that fixes the rounding draw: (id × a large
# prime) mod a Mersenne prime, summed in the database. Small per row, so the sum of
# 100,000 of them fits a 64-bit integer on SQLite and PostgreSQL alike.
_KEY_MULTIPLIER = 2_654_435_761
_KEY_MODULUS = 2_147_483_647


@dataclass(frozen=True)
class MemberCount:
    """What may be said about how many members fit: `about` is the rounded figure
    (a multiple of `base`), or None for "fewer than `threshold`". Never the exact count,
    never who."""

    about: int | None
    threshold: int
    base: int = MEMBER_COUNT_BASE


def member_count_threshold() -> int:
    """The same rule as the equality figures (issue 7): no figure for a population
    smaller than the minimum population, never below the suppression threshold."""
    return max(settings.EQUALITY_SUPPRESSION_THRESHOLD, settings.EQUALITY_MINIMUM_POPULATION)


def topics_that_fit(topic_ids: Iterable[int], parents: dict[int, int | None]) -> set[int]:
    """The topics a member may have named to fit these: each topic itself, every topic
    beneath it ("Diabetes" fits a request about its category) and every topic above it
    (the category fits a request about "Diabetes"). Not its siblings: someone who named
    "Asthma" did not tell us about "Diabetes"."""
    wanted = set(topic_ids)
    children: dict[int, list[int]] = {}
    for pk, parent in parents.items():
        if parent is not None:
            children.setdefault(parent, []).append(pk)
    found = set(wanted)
    for pk in wanted:
        above, seen = parents.get(pk), {pk}
        while above is not None and above not in seen:  # a loop in the data ends here
            found.add(above)
            seen.add(above)
            above = parents.get(above)
        # Its own walk down, with its own `visited`: a topic already found as another
        # one's parent must still lead to everything beneath it.
        below, visited = list(children.get(pk, [])), {pk}
        while below:
            child = below.pop()
            if child not in visited:
                visited.add(child)
                found.add(child)
                below.extend(children.get(child, []))
    return found


def member_count_who_might_fit(
    *, topic_ids: Iterable[int], format_flag: str | None = None
) -> MemberCount:
    """How many active members told us about one of these topics (or a broader or
    narrower one), and, given a profile format flag ("format_online" …), can take part
    that way (members who chose no format can take part any way). No topics: every
    active member who can take part that way.

    Health conditions tied to people, so only an aggregate leaves here, suppressed and
    rounded as members/suppression.py `rounded_count` explains. Two queries whatever
    the number of members: the topic tree, then one count."""
    formats = [name for name, _label in FLAG_GROUPS["formats"]]
    if format_flag is not None and format_flag not in formats:
        raise ValueError(f"Not a format flag: {format_flag}")
    profiles = MemberProfile.objects.filter(
        Exists(
            User.groups.through.objects.filter(
                user_id=OuterRef("user_id"), group__name=roles.MEMBER
            )
        ),
        Exists(
            GroupMembership.objects.filter(
                member_id=OuterRef("user_id"), status=GroupMembership.Status.ACTIVE
            )
        ),
        user__is_active=True,
    )
    topic_ids = list(topic_ids)
    if topic_ids:
        fitting = topics_that_fit(topic_ids, dict(Topic.objects.values_list("pk", "parent_id")))
        profiles = profiles.filter(
            Exists(
                MemberProfile.topics.through.objects.filter(
                    memberprofile_id=OuterRef("pk"), topic_id__in=fitting
                )
            )
        )
    if format_flag is not None:
        profiles = profiles.filter(Q(**{format_flag: True}) | Q(**dict.fromkeys(formats, False)))
    totals = profiles.aggregate(
        count=Count("pk"),
        key=Coalesce(
            Sum(Mod(F("user_id") * _KEY_MULTIPLIER, _KEY_MODULUS), output_field=BigIntegerField()),
            0,
        ),
    )
    threshold = member_count_threshold()
    about = rounded_count(
        totals["count"],
        draw=_draw(totals["count"], int(totals["key"])),
        threshold=threshold,
        base=MEMBER_COUNT_BASE,
    )
    return MemberCount(about=about, threshold=threshold, base=MEMBER_COUNT_BASE)


def _draw(count: int, key: int) -> float:
    """A number in [0, 1) fixed by who is counted, unguessable without the secret key."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"member-count:{count}:{key}".encode(), hashlib.sha256
    ).digest()
    return int.from_bytes(digest[:8], "big") / 2**64
