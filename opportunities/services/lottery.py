"""A fair lottery among an opportunity's applicants (issue 16): staff set quotas on
features members gave, the draw (opportunities/lottery_core.py) is recorded before
anything changes, and applying it goes through the ordinary selection path
(services/selection.py: row locks, places, messages, the waiting list).

Features: the region on the profile, whether they are new to involvement (never
involved: profile.last_involved_on empty), and equality answers (age band among them),
only through the equality door (members.selectors.equality.lottery_features) for staff
with its permission, and only of people who agreed to their answers being used about
them; anyone else is "not given"."""

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log

from involvement.selectors import selection_reasons_needed
from members.models import User
from members.selectors.equality import (
    VIEW_PERMISSION,
    lottery_characteristics,
    lottery_features,
)
from members.services.own_record import is_own_record
from members.suppression import suppress
from opportunities.lottery_core import (
    ALGORITHM,
    MAX_FEATURES,
    NOT_GIVEN,
    LotteryInfeasible,
    Pool,
    Quotas,
    lottery_draw,
    pool_counts,
    quotas_default,
)
from opportunities.models import Application, Lottery, LotteryEntry, OpportunityPage
from opportunities.services.applications import (
    ApplicationError,
    opportunity_lock,
    places_taken,
)
from opportunities.services.selection import application_decide

EQUALITY_PERMISSION = VIEW_PERMISSION
REGION = "region"
NEW = "new_to_involvement"
# Who is in the draw: applications nobody has decided yet.
IN_THE_DRAW = [Application.Status.SUBMITTED, Application.Status.SHORTLISTED]


class LotteryError(Exception):
    """A lottery that cannot be run or applied; the message says why. `suggestion`, when
    there is one, is the nearest quotas that can be met (as `Quotas`)."""

    def __init__(self, message: str, *, problems: list[str] | None = None, suggestion=None):
        super().__init__(message)
        self.problems = problems or []
        self.suggestion = suggestion


@dataclass
class Feature:
    key: str
    label: str
    equality: bool


def lottery_features_offered(*, may_see_equality: bool) -> list[Feature]:
    """The features staff may set quotas on: equality ones only with that permission."""
    offered = [
        Feature(REGION, _("Region"), False),
        Feature(NEW, _("New to involvement"), False),
    ]
    if may_see_equality:
        offered += [Feature(key, label, True) for key, label, _c in lottery_characteristics()]
    return offered


def _category_labels(feature: str) -> dict[str, str]:
    if feature == NEW:
        return {"new": _("New to involvement"), "involved": _("Taken part before")}
    for key, _label, categories in lottery_characteristics():
        if key == feature:
            return categories
    return {}


def category_label(feature: str, category: str, quotas: dict | None = None) -> str:
    if quotas and feature in quotas:
        found = quotas[feature]["categories"].get(category)
        if found:
            return found["label"]
    if category == NOT_GIVEN:
        return _("Not given")
    return _category_labels(feature).get(category, category)


def lottery_candidates(opportunity: OpportunityPage):
    """The applications in the draw, oldest first (one query)."""
    return (
        Application.objects.filter(opportunity=opportunity, status__in=IN_THE_DRAW)
        .select_related("member__profile__region")
        .order_by("submitted_at", "pk")
    )


def lottery_pool(
    opportunity: OpportunityPage, *, features: list[str], by: User
) -> tuple[Pool, dict[int, Application], dict[str, dict[str, str]]]:
    """The pool for the draw, keyed by application id, with each feature's category
    labels. Equality features are read through the equality door (logged)."""
    applications = {a.pk: a for a in lottery_candidates(opportunity)}
    equality_keys = [f for f in features if f not in (REGION, NEW)]
    equality = {}
    if equality_keys:
        equality = lottery_features(
            member_ids=[a.member_id for a in applications.values()],
            characteristics=equality_keys,
            by=by,
            what=f"Fair lottery: {opportunity.title}",
        )
    labels: dict[str, dict[str, str]] = {f: dict(_category_labels(f)) for f in features}
    pool: Pool = []
    for pk, application in applications.items():
        profile = getattr(application.member, "profile", None)
        person: dict[str, str] = {}
        if REGION in features:
            region = profile.region if profile is not None else None
            person[REGION] = str(region.pk) if region else NOT_GIVEN
            if region:
                labels[REGION][str(region.pk)] = region.name
        if NEW in features:
            person[NEW] = (
                "new" if profile is None or profile.last_involved_on is None else "involved"
            )
        for key in equality_keys:
            person[key] = equality.get(application.member_id, {}).get(key, NOT_GIVEN)
        pool.append((pk, person))
    for feature in features:
        labels[feature][NOT_GIVEN] = str(_("Not given"))
    return pool, applications, labels


def equality_minimum_population() -> int:
    """Quotas on equality answers only for a draw of at least this many people: the
    shortlist panel's rule (members/disclosure.py: no figures for a smaller population)."""
    return settings.EQUALITY_MINIMUM_POPULATION


def equality_too_few_message() -> str:
    return _(
        "Quotas on equality answers need at least %(n)s people in the draw, as every "
        "equality figure does. Choose other features, or draw without quotas."
    ) % {"n": equality_minimum_population()}


def equality_counts_shown(
    columns: list[dict[str, int]], categories: list[str], *, population: int
) -> list[dict[str, str]]:
    """An equality feature's counts (one dict per column: who applied, who was drawn) as
    staff may see them, under the shortlist panel's rules: nothing for a population
    below the minimum, and counts from 1 to the threshold - 1 as "fewer than N", with
    another cell hidden where one hidden cell could be worked out from the total
    (members/suppression.py). The columns overlap (the drawn applied), so only their
    totals are known."""
    threshold = settings.EQUALITY_SUPPRESSION_THRESHOLD
    if population < equality_minimum_population():
        hidden = str(_("not shown"))
        return [dict.fromkeys(categories, hidden) for _column in columns]
    table = suppress(
        [[column.get(category, 0) for column in columns] for category in categories],
        threshold=threshold,
        row_totals=False,
    )
    fewer = str(_("fewer than %(n)s") % {"n": threshold})
    return [
        {
            category: fewer if table.cells[i][j].hidden else str(table.cells[i][j].value)
            for i, category in enumerate(categories)
        }
        for j in range(len(columns))
    ]


def places_free(opportunity: OpportunityPage) -> int:
    return max(0, opportunity.places - places_taken(opportunity))


def quotas_suggested(pool: Pool, features: list[str], places: int) -> Quotas:
    return quotas_default(pool, features, places)


def problem_text(
    problem: dict,
    labels: dict[str, dict[str, str]],
    names: dict[str, str],
    equality: frozenset[str] = frozenset(),
) -> str:
    """One of lottery_core.quotas_problems in words, saying how to fix it. For an
    equality feature, never how many people are in a category (the quota form shows
    those counts only under the suppression rules)."""
    feature = names.get(problem.get("feature", ""), problem.get("feature", ""))
    category = labels.get(problem.get("feature", ""), {}).get(
        problem.get("category", ""), problem.get("category", "")
    )
    places = problem.get("places", 0)
    texts = {
        "missing": _("%(feature)s: give a minimum and maximum for “%(category)s”."),
        "min_above_max": _(
            "%(feature)s, “%(category)s”: the minimum (%(min)s) is more than the maximum "
            "(%(max)s). Lower the minimum or raise the maximum."
        ),
        "min_above_pool": _(
            "%(feature)s, “%(category)s”: the minimum is %(min)s but only %(pool)s applied. "
            "Lower the minimum to %(pool)s or less."
        ),
        "mins_above_places": ngettext(
            "%(feature)s: the minimums add up to %(sum)s, more than the %(places)s place. "
            "Lower some minimums.",
            "%(feature)s: the minimums add up to %(sum)s, more than the %(places)s places. "
            "Lower some minimums.",
            places,
        ),
        "maxes_below_places": ngettext(
            "%(feature)s: the maximums let in only %(sum)s of the people who applied, fewer "
            "than the %(places)s place. Raise some maximums.",
            "%(feature)s: the maximums let in only %(sum)s of the people who applied, fewer "
            "than the %(places)s places. Raise some maximums.",
            places,
        ),
        "min_above_pool_equality": _(
            "%(feature)s, “%(category)s”: the minimum is %(min)s but fewer people than that "
            "in this category can be drawn. Lower the minimum."
        ),
        "maxes_below_places_equality": ngettext(
            "%(feature)s: the maximums do not let in enough people to fill the %(places)s "
            "place. Raise some maximums.",
            "%(feature)s: the maximums do not let in enough people to fill the %(places)s "
            "places. Raise some maximums.",
            places,
        ),
        "clash": _(
            "Each quota can be met on its own, but not all of them at once with the people "
            "who applied. Loosen some of them."
        ),
    }
    code = problem["code"]
    if problem.get("feature") in equality and f"{code}_equality" in texts:
        code = f"{code}_equality"
    return texts[code] % {**problem, "feature": feature, "category": category}


def _equality_features_with_hidden_counts(pool: Pool, equality: frozenset[str]) -> list[str]:
    """The equality features of which the quota form hides some count (as "fewer than
    N" or "not shown"): equality_counts_shown, as the form applies it."""
    counts = pool_counts(pool, sorted(equality))
    hidden = []
    for feature in sorted(equality):
        shown = equality_counts_shown(
            [counts[feature]], list(counts[feature]), population=len(pool)
        )[0]
        if any(shown[category] != str(count) for category, count in counts[feature].items()):
            hidden.append(feature)
    return hidden


def _in_the_draw_ids(opportunity: OpportunityPage) -> set[int]:
    return set(
        Application.objects.filter(opportunity=opportunity, status__in=IN_THE_DRAW).values_list(
            "pk", flat=True
        )
    )


def _changed_since_draw_error() -> LotteryError:
    return LotteryError(
        _(
            "Applications or places have changed since this draw: run the lottery again "
            "so that it is fair to everyone who is waiting now."
        )
    )


def lottery_run(
    *,
    opportunity: OpportunityPage,
    quotas: Quotas,
    by: User,
    seed: int | None = None,
) -> Lottery:
    """Draw the free places among the applicants nobody has decided yet, within
    `quotas` ({feature: {category: (min, max)}}, at most four features), and record the
    draw: quotas, seed, algorithm, each applicant's chance and outcome. Nothing about
    the applications changes until `lottery_apply`. Raises LotteryError, with the
    nearest feasible quotas when the quotas cannot be met.

    The solver can take seconds, so it runs before the opportunity's row lock is taken
    (selection and applications are not held up); under the lock, the people waiting and
    the places free are checked to be the ones drawn from before anything is recorded.

    `seed` is for tests only: staff never choose it (they could try seeds offline to
    pick a panel), so the admin leaves it to `secrets`."""
    if len(quotas) > MAX_FEATURES:
        raise LotteryError(_("Choose up to %(n)s features.") % {"n": MAX_FEATURES})
    opportunity = OpportunityPage.objects.get(pk=opportunity.pk)
    features = list(quotas)
    offered = {f.key: f for f in lottery_features_offered(may_see_equality=True)}
    if any(feature not in offered for feature in features):
        raise LotteryError(_("Choose features from the list."))
    # Before anyone's answers are read through the equality door.
    if lottery_candidates(opportunity).filter(member_id=by.pk).exists():
        raise LotteryError(
            _("You applied for this opportunity: ask a colleague to run the lottery.")
        )
    equality = frozenset(f for f in features if offered[f].equality)
    if equality and not by.has_perm(EQUALITY_PERMISSION):
        raise PermissionDenied  # as the equality door would, before anything else
    if equality and lottery_candidates(opportunity).count() < equality_minimum_population():
        raise LotteryError(equality_too_few_message())
    pool, applications, labels = lottery_pool(opportunity, features=features, by=by)
    places = places_free(opportunity)
    if places < 1 or len(pool) <= places:
        waiting_now = ngettext(
            "%(people)s person is waiting for a decision",
            "%(people)s people are waiting for a decision",
            len(pool),
        ) % {"people": len(pool)}
        free = ngettext("%(places)s place is free", "%(places)s places are free", places) % {
            "places": places
        }
        raise LotteryError(
            _(
                "A lottery is for when more people applied than there are places: "
                "%(waiting)s and %(free)s."
            )
            % {"waiting": waiting_now, "free": free}
        )
    seed = seed or secrets.randbelow(2**31 - 2) + 1
    try:
        result = lottery_draw(pool, quotas, places, seed)
    except LotteryInfeasible as infeasible:
        names = {key: feature.label for key, feature in offered.items()}
        problems = [problem_text(p, labels, names, equality) for p in infeasible.problems]
        suggestion = infeasible.suggestion
        # The nearest quotas cap each maximum at the category's real count (and the
        # library's relaxation does much the same), so where the quota form hides a count
        # the suggestion would give it away: none then, only words.
        if hidden := _equality_features_with_hidden_counts(pool, equality):
            suggestion = None
            problems.append(
                _(
                    "No nearer quotas are suggested, as they would show how many people are "
                    "in small categories. Lower the minimums for %(features)s, or raise the "
                    "maximums."
                )
                % {"features": ", ".join(str(names[f]) for f in hidden)}
            )
        raise LotteryError(
            _("These quotas cannot be met by the people who applied."),
            problems=problems,
            suggestion=suggestion,
        ) from None
    with transaction.atomic():
        locked = opportunity_lock(opportunity.pk)
        if _in_the_draw_ids(locked) != set(applications) or places_free(locked) != places:
            raise _changed_since_draw_error()
        return _lottery_record(
            opportunity=locked,
            quotas=quotas,
            offered=offered,
            pool=pool,
            applications=applications,
            labels=labels,
            places=places,
            seed=seed,
            result=result,
            by=by,
        )


def _lottery_record(
    *, opportunity, quotas, offered, pool, applications, labels, places, seed, result, by
) -> Lottery:
    features = list(quotas)
    counts = pool_counts(pool, features)
    # A new draw replaces any earlier one not applied.
    Lottery.objects.filter(opportunity=opportunity, status=Lottery.Status.DRAWN).update(
        status=Lottery.Status.ABANDONED
    )
    lottery = Lottery.objects.create(
        opportunity=opportunity,
        places=places,
        quotas={
            feature: {
                "label": str(offered[feature].label),
                "equality": offered[feature].equality,
                "categories": {
                    category: {
                        "label": labels[feature].get(category, category),
                        "min": low,
                        "max": high,
                        "pool": counts[feature].get(category, 0),
                        "drawn": result.counts.get(feature, {}).get(category, 0),
                    }
                    for category, (low, high) in quotas[feature].items()
                },
            }
            for feature in features
        },
        features_used=features,
        seed=seed,
        algorithm=ALGORITHM,
        run_by=by,
        summary={"pool": len(pool), "panels": result.panels},
    )
    by_person = dict(pool)
    position = dict.fromkeys(result.selected, 0)
    position |= {person: index for index, person in enumerate(result.waiting, start=1)}
    LotteryEntry.objects.bulk_create(
        LotteryEntry(
            lottery=lottery,
            application=applications[person],
            member_id=applications[person].member_id,
            person_key=person,
            features=by_person[person],
            probability=result.probabilities[person],
            outcome=(
                LotteryEntry.Outcome.SELECTED
                if person in result.selected
                else LotteryEntry.Outcome.WAITING
            ),
            position=position[person],
        )
        for person, _features in pool
    )
    log(
        instance=lottery,
        action="roundtable.lottery_drawn",
        user=by,
        data={"places": places, "pool": len(pool), "seed": seed, "features": features},
    )
    return lottery


def quotas_of(lottery: Lottery) -> Quotas:
    return {
        feature: {c: (v["min"], v["max"]) for c, v in found["categories"].items()}
        for feature, found in lottery.quotas.items()
    }


def chance_in_words(probability: float) -> str:
    """A chance as people say it: "about 1 in 4", "about 15 in 100"."""
    if probability >= 0.995:
        return _("certain, because of the quotas")
    if probability < 0.005:
        return _("less than 1 in 100")
    for denominator in range(2, 11):
        if abs(probability - 1 / denominator) < 0.01:
            return _("about 1 in %(n)s") % {"n": denominator}
    return _("about %(n)s in 100") % {"n": round(probability * 100)}


def lottery_message(
    lottery: Lottery, entry: LotteryEntry, outcome: str, *, waiting_number: int = 0
) -> str:
    """What a person in an applied draw is told. `waiting_number`: their place on the
    whole waiting list (those already waiting before the draw come first)."""
    told = ngettext(
        "More people applied than there are places, so a fair lottery chose "
        "%(places)s person from the %(pool)s people waiting for a decision. Your chance "
        "was %(chance)s.",
        "More people applied than there are places, so a fair lottery chose "
        "%(places)s people from the %(pool)s people waiting for a decision. Your chance "
        "was %(chance)s.",
        lottery.places,
    ) % {
        "places": lottery.places,
        "pool": lottery.summary.get("pool", 0),
        "chance": chance_in_words(entry.probability),
    }
    then = {
        Application.Status.SELECTED: _(
            "You were chosen. We would love you to take part, and will be in touch soon "
            "about the details and anything you need."
        ),
        Application.Status.WAITLISTED: _(
            "You were not chosen this time, and you are number %(n)s on the waiting list. "
            "If a place comes up, it is offered in that order."
        )
        % {"n": waiting_number or entry.position},
        Application.Status.NOT_SELECTED: _(
            "You were not chosen this time. Thank you for applying: please do apply for "
            "other opportunities."
        ),
    }[outcome]
    return f"{_('Thank you for applying.')} {told} {then}"


def lottery_apply(
    *, lottery: Lottery, by: User, waiting: int | None = None, turn_down_rest: bool = False
) -> Lottery:
    """Apply a recorded draw: the drawn are selected, the next `waiting` (all, if None)
    go on the waiting list in the draw's order, and, if `turn_down_rest`, the others are
    not selected; each is told, with their chance, through application_decide (row
    locks, places, own-record refusal, messages). All or nothing, and only once: an
    ApplicationError on the way becomes a LotteryError, and nothing is changed."""
    try:
        return _lottery_apply(
            lottery=lottery, by=by, waiting=waiting, turn_down_rest=turn_down_rest
        )
    except ApplicationError as error:
        # Raised inside the atomic block, so everything decided so far is rolled back.
        raise LotteryError(str(error)) from None


@transaction.atomic
def _lottery_apply(
    *, lottery: Lottery, by: User, waiting: int | None, turn_down_rest: bool
) -> Lottery:
    opportunity = opportunity_lock(lottery.opportunity_id)
    lottery = Lottery.objects.select_for_update().get(pk=lottery.pk)
    if lottery.status != Lottery.Status.DRAWN:
        raise LotteryError(_("This draw has already been applied, or was replaced by another."))
    entries = list(lottery.entries.select_related("application"))
    if (
        any(
            entry.application is None or entry.application.status not in IN_THE_DRAW
            for entry in entries
        )
        # Someone who applied after the draw was not in the hat.
        or _in_the_draw_ids(opportunity) != {entry.application_id for entry in entries}
        or places_free(opportunity) < lottery.places
    ):
        raise _changed_since_draw_error()
    # Nobody acts on their own record (application_decide would refuse the first one).
    if any(is_own_record(person=entry.member_id, by=by) for entry in entries):
        raise LotteryError(
            _("You applied for this opportunity: ask a colleague to apply the draw.")
        )
    reason = _("Chosen by the fair lottery (draw %(n)s)") % {"n": lottery.pk}
    waiting_entries = sorted(
        (e for e in entries if e.outcome != LotteryEntry.Outcome.SELECTED),
        key=lambda e: e.position,
    )
    keep = len(waiting_entries) if waiting is None else max(0, waiting)
    # Those put on the waiting list before the draw are offered a place first.
    already_waiting = Application.objects.filter(
        opportunity=opportunity, status=Application.Status.WAITLISTED
    ).count()
    now = timezone.now()
    for entry in entries:
        if entry.outcome == LotteryEntry.Outcome.SELECTED:
            application_decide(
                application=entry.application,
                status=Application.Status.SELECTED,
                message=lottery_message(lottery, entry, Application.Status.SELECTED),
                by=by,
                reason=reason if selection_reasons_needed(entry.member_id) else "",
            )
    for index, entry in enumerate(waiting_entries):
        if index < keep:
            application_decide(
                application=entry.application,
                status=Application.Status.WAITLISTED,
                message=lottery_message(
                    lottery,
                    entry,
                    Application.Status.WAITLISTED,
                    waiting_number=already_waiting + index + 1,
                ),
                by=by,
            )
            # First in the draw's order, first offered (waitlisted_at orders the list).
            Application.objects.filter(pk=entry.application_id).update(
                waitlisted_at=now + datetime.timedelta(microseconds=index)
            )
        else:
            entry.outcome = LotteryEntry.Outcome.NOT_SELECTED
            entry.save(update_fields=["outcome"])
            if turn_down_rest:
                application_decide(
                    application=entry.application,
                    status=Application.Status.NOT_SELECTED,
                    message=lottery_message(lottery, entry, Application.Status.NOT_SELECTED),
                    by=by,
                )
    lottery.status = Lottery.Status.APPLIED
    lottery.applied_by = by
    lottery.applied_at = timezone.now()
    lottery.save(update_fields=["status", "applied_by", "applied_at"])
    log(instance=lottery, action="roundtable.lottery_applied", user=by, data={})
    return lottery


@dataclass
class Rerun:
    reproduces: bool
    erased: int
    error: str = ""


def lottery_rerun(*, lottery: Lottery) -> Rerun:
    """Draw again from the record (the stored features, quotas, places and seed) and
    say whether it gives the same panel and waiting order. Anyone erased since has no
    features left (nor equality answers, once deleted or no longer consented to), so
    the draw then differs: `erased` says how many (lottery_removed)."""
    entries = list(lottery.entries.all())
    erased = lottery_removed(lottery, entries)
    pool = [(e.person_key, e.features) for e in entries]
    try:
        result = lottery_draw(pool, quotas_of(lottery), lottery.places, lottery.seed)
    except (LotteryInfeasible, ValueError):
        return Rerun(False, erased, _("The recorded draw cannot be run again."))
    recorded_selected = sorted(
        e.person_key for e in entries if e.outcome == LotteryEntry.Outcome.SELECTED
    )
    recorded_order = [
        e.person_key
        for e in sorted(entries, key=lambda e: e.position)
        if e.outcome != LotteryEntry.Outcome.SELECTED
    ]
    same = result.selected == recorded_selected and result.waiting == recorded_order
    return Rerun(same, erased)


def lottery_forget_equality(*, member: User) -> None:
    """The person deleted their equality answers or withdrew consent to their use: their
    entries keep the region and "new to involvement", their chance and outcome, not the
    equality answers the draw used (the quotas, seed and summary stay)."""
    entries = LotteryEntry.objects.filter(member=member).exclude(features={})
    for entry in entries:
        kept = {k: v for k, v in entry.features.items() if k in (REGION, NEW)}
        if kept != entry.features:
            entry.features = kept
            entry.save(update_fields=["features"])


def lottery_removed(lottery: Lottery, entries: list[LotteryEntry]) -> int:
    """How many people in the draw have had data removed from its record since: erased,
    or equality answers deleted or no longer consented to (a re-run then differs)."""
    return sum(
        1
        for e in entries
        if e.member_id is None or any(feature not in e.features for feature in lottery.quotas)
    )


def lottery_erase_person(*, user: User) -> None:
    """Erasure: the person's entries keep their chance and outcome, without their
    features or any link to them."""
    LotteryEntry.objects.filter(member=user).update(features={}, member=None, application=None)


def lottery_told(*, application: Application) -> dict | None:
    """What the member is told on their application's page once a draw that included
    them was applied: how many were chosen from how many, and their chance."""
    entry = (
        LotteryEntry.objects.filter(
            application=application,
            member_id=application.member_id,
            lottery__status=Lottery.Status.APPLIED,
        )
        .select_related("lottery")
        .order_by("-lottery__applied_at")
        .first()
    )
    if entry is None:
        return None
    return {
        "places": entry.lottery.places,
        "pool": entry.lottery.summary.get("pool", 0),
        "chance": chance_in_words(entry.probability),
    }
