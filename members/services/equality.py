"""Writes of equality data: with members/selectors/equality.py (the reads), the one door
to equality monitoring answers; nobody outside `members` writes their models.

Here: a member's answers (saved, changed, deleted at once), benchmark figures, and the
figures published once and frozen — the database side of members/disclosure.py (which
says which method, and why). Publishing gathers plain data (who is in each population,
everyone's current answer categories and answer versions, what was published before),
calls the pure publisher, and stores its result. Every aggregate equality figure staff
see — the dashboard, its CSV export and the shortlist panel — is read from these stored
publications, never counted live.
"""

import datetime
import secrets
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from members import disclosure
from members.hooks import equality_answers_withdrawn, equality_populations
from members.models import (
    EqualityBenchmark,
    EqualityPublication,
    EqualityResponse,
    GroupMembership,
    ReferenceGroupPage,
    User,
)
from members.models.equality import (
    ANSWER_FIELDS,
    BENCHMARKED,
    CHARACTERISTICS,
    answer_category,
)
from members.selectors.equality import Period
from members.services.drafts import journey_drafts

# The journey's name for its unsent answers (members.services.drafts.journey_drafts).
DRAFT_JOURNEY = "equality"
# One number for every PostgreSQL advisory lock taken here: publications are made one
# at a time, so each is audited against every one before it.
_LOCK = 7_241_011


# --- A member's answers, and benchmark figures ----------------------------------------


@transaction.atomic
def equality_response_save(*, member: User, answers: dict) -> EqualityResponse:
    """Save the member's answers (replacing earlier ones). The consent's date is kept
    while it stays given, and cleared when withdrawn; a withdrawal is announced
    (members.hooks.equality_answers_withdrawn) so copies made with the consent go."""
    response, _created = EqualityResponse.objects.select_for_update().get_or_create(member=member)
    consent_before = response.prioritisation_consent
    before = {name: getattr(response, name) for name in ANSWER_FIELDS}
    for name in ANSWER_FIELDS:
        setattr(
            response, name, answers.get(name) or ("" if name != "prioritisation_consent" else False)
        )
    if response.long_term_condition != "yes":
        # Only asked of people who said they have a condition (the form's reveal too):
        # after "no", "prefer not to say" or no answer it does not apply.
        response.day_to_day = ""
    if response.prioritisation_consent and not consent_before:
        response.prioritisation_consent_at = timezone.now()
    if not response.prioritisation_consent:
        response.prioritisation_consent_at = None
    response.updated_at = timezone.now()
    _version_changed_answers(response, before)
    response.save()
    if consent_before and not response.prioritisation_consent:
        equality_answers_withdrawn.send(sender=User, member=member)
    return response


def _version_changed_answers(response: EqualityResponse, before: dict) -> None:
    """A new random token for each characteristic whose category changed (published
    figures' audit must not take the new answer for the old one: members/disclosure.py).
    Every question has a token, answered or not: stored publications keep the tokens,
    and a token only for the answered questions would show which ones the person
    answered."""
    after = {name: getattr(response, name) for name in ANSWER_FIELDS}
    versions = dict(response.answer_versions or {})
    for characteristic in CHARACTERISTICS:
        changed = answer_category(before, characteristic) != answer_category(after, characteristic)
        if changed or characteristic not in versions:
            versions[characteristic] = secrets.token_hex(4)
    response.answer_versions = versions


@transaction.atomic
def equality_response_delete(*, member: User) -> bool:
    """Delete every answer at once, with the unsent drafts of every sign-in: a draft
    made to change the answers holds a copy of all of them, and saving it on another
    device would bring them back. Copies the apps above keep go too
    (members.hooks.equality_answers_withdrawn). True if there were saved answers."""
    journey_drafts.discard_everywhere(user=member, journey=DRAFT_JOURNEY)
    deleted, _by_model = EqualityResponse.objects.filter(member=member).delete()
    equality_answers_withdrawn.send(sender=User, member=member)
    return bool(deleted)


@transaction.atomic
def equality_benchmark_figures_save(
    *, area: str, source: str, characteristic: str, percents: dict[str, Decimal | None]
) -> None:
    """One area's figures for one question, all at once: a percentage per answer, and an
    answer given none loses any figure it had."""
    figures = EqualityBenchmark.objects.filter(area=area, characteristic=characteristic)
    blank = [
        value for value, _answer in BENCHMARKED[characteristic][1] if percents.get(value) is None
    ]
    figures.filter(category__in=blank).delete()
    for category, percent in percents.items():
        if percent is not None:
            figures.update_or_create(
                area=area,
                characteristic=characteristic,
                category=category,
                defaults={"percent": percent, "source": source},
            )


# --- Gathering and publishing ---------------------------------------------------------


def _active_at(day: datetime.date):
    """Memberships active at the end of `day` (an ended one counts until it ended)."""
    started = Q(started_on__lte=day) | Q(started_on__isnull=True, applied_at__date__lte=day)
    return GroupMembership.objects.filter(started).filter(
        Q(status=GroupMembership.Status.ACTIVE)
        | Q(status=GroupMembership.Status.ENDED, ended_at__date__gt=day)
    )


def period_populations(period: Period) -> list[tuple[str, str, Iterable[int]]]:
    """Active members at the period's end (all; each group), then whatever the apps
    above add through the `equality_populations` hook (applicants, the selected)."""
    active = list(_active_at(period.end).values_list("group_id", "member_id"))
    found = [("members", _("Active members"), {member for _group, member in active})]
    titles = dict(ReferenceGroupPage.objects.values_list("pk", "title"))
    by_group: dict[int, set[int]] = {}
    for group, member in active:
        by_group.setdefault(group, set()).add(member)
    for group, members in sorted(by_group.items()):
        found.append((f"group:{group}", titles.get(group, ""), members))
    for _receiver, more in equality_populations.send(
        sender=User, start=period.start, end=period.end
    ):
        found.extend(more or [])
    return found


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])


def equality_publish(
    *, key: str, populations: list[tuple[str, str, Iterable[int]]]
) -> EqualityPublication:
    """Publish figures for `populations` under `key`, once: if `key` is published
    already, that publication is returned unchanged. Publications are made one at a
    time, each audited against all earlier ones (members/disclosure.py)."""
    existing = EqualityPublication.objects.filter(key=key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            _lock()
            existing = EqualityPublication.objects.filter(key=key).first()
            if existing is not None:
                return existing
            data = _publish_data(populations)
            return EqualityPublication.objects.create(
                key=key, data=data, figures=publication_figures(data)
            )
    except IntegrityError:  # made at the same moment elsewhere (no advisory lock there)
        return EqualityPublication.objects.get(key=key)


def _publish_data(populations) -> dict:
    fields = ["sex", "age_band", "gender_same_as_sex", "sexual_orientation", "ethnicity"]
    fields += ["religion", "long_term_condition", "day_to_day", "carer"]
    answers: dict[int, dict[str, str]] = {
        pk: {} for pk in User.objects.values_list("pk", flat=True)
    }
    versions: dict[int, dict[str, str]] = {}
    for row in EqualityResponse.objects.values("member_id", "answer_versions", *fields):
        person = row["member_id"]
        answers[person] = {c: answer_category(row, c) for c in CHARACTERISTICS}
        if row["answer_versions"]:
            versions[person] = row["answer_versions"]
    labels = {}
    pops = []
    for pop_key, label, people in populations:
        labels[pop_key] = str(label)
        pops.append(disclosure.Population(pop_key, tuple(sorted(set(people)))))
    data = disclosure.publish(
        populations=pops,
        categories={
            c: [value for value, _answer in choices] + [disclosure.NOT_ANSWERED]
            for c, (_label, choices) in CHARACTERISTICS.items()
        },
        answers=answers,
        versions=versions,
        earlier=list(EqualityPublication.objects.values_list("data", flat=True)),
        threshold=settings.EQUALITY_SUPPRESSION_THRESHOLD,
        minimum=settings.EQUALITY_MINIMUM_POPULATION,
        seconds=settings.EQUALITY_AUDIT_SECONDS,
    )
    for population in data["populations"]:
        population["label"] = labels[population["key"]]
    return data


def publication_figures(data: dict) -> dict:
    """What staff are shown of a publication's `data`: each population's key, label and
    size, and the published cells; never who is in it (see EqualityPublication)."""
    return {
        "populations": [
            {"key": p["key"], "label": p.get("label", ""), "size": p["size"]}
            for p in data["populations"]
        ],
        "tables": data["tables"],
    }


def equality_period_publish(*, period: Period) -> EqualityPublication:
    """The period's figures, published now if they were not yet (only once it ended)."""
    if period.end >= timezone.localdate():
        raise ValueError("Figures are published only for periods that have ended.")
    existing = EqualityPublication.objects.filter(key=period.key).first()
    if existing is not None:
        return existing
    return equality_publish(key=period.key, populations=period_populations(period))


def equality_publications_forget(*, user: User) -> int:
    """For erasure: the person's id goes from every stored publication, replaced by one
    random stand-in, the same in all of them. Kept log entries name the id, so it would
    link the person to their answers' versions; the audit (members/disclosure.py) still
    needs to know that the stand-in is one person across tables, and with which
    versions. Returns how many publications changed. Runs inside the erasure."""
    _lock()  # not while a publication is made: it would store the id again
    person = str(user.pk)
    stand_in = f"erased-{secrets.token_hex(8)}"  # never an id: ids are numbers
    changed = 0
    for publication in EqualityPublication.objects.select_for_update().order_by("pk"):
        data = publication.data
        found = False
        for population in data.get("populations", []):
            people = population.get("people", [])
            if any(str(p) == person for p in people):
                population["people"] = [stand_in if str(p) == person else p for p in people]
                found = True
        versions = data.get("versions", {})
        if person in versions:
            versions[stand_in] = versions.pop(person)
            found = True
        if found:
            publication.save(update_fields=["data"])
            changed += 1
    return changed
