"""The fair lottery's pure core: plain data in, plain data out, no ORM (issue 16).

A pool is a list of `(person_id, {feature: category})`, person ids being ints. Quotas
are `{feature: {category: (min, max)}}` for the features chosen; every category the pool
has for a chosen feature must be in its quotas (`quotas_default` makes them).

The Sortition Foundation's `sortition-algorithms` (GPL-3.0) finds a probability
distribution over panels that meet the quotas, with the **maximin** algorithm (the
smallest selection chance as large as it can be) on HiGHS, an open-source solver.
LEXIMIN is never used: it needs Gurobi. From that distribution we know each person's
chance (the sum of the probabilities of the panels they are in), then one panel is
drawn with `random.Random(seed)`.

Reproducible: the library's randomness (its committee weights and HiGHS's seed) comes
from one global provider that we seed with the same seed, around the call, under a lock
(and the global `random` state is put back afterwards). People are keyed by *int* ids:
the library keeps panels in sets, and a set of strings iterates in an order that changes
from one process to the next (hash randomisation), which changed the distribution found;
ints hash the same everywhere (tests/opportunities/test_lottery_core.py).

The waiting list: everyone not drawn, in an order shuffled with `random.Random(seed)`
after the panel was drawn (no weights, no quotas): a place that comes free later goes to
the next in that order through the ordinary waiting list, as if they had been next out of
the hat. We chose this over "the people of the next panels" because those panels meet
the quotas only as a whole, not once someone else is already in."""

import random
import threading
from dataclasses import dataclass, field

from sortition_algorithms import errors as sortition_errors
from sortition_algorithms.committee_generation import (
    find_distribution_maximin,
    standardize_distribution,
)
from sortition_algorithms.features import FeatureValueMinMax, set_default_max_flex
from sortition_algorithms.people import People
from sortition_algorithms.utils import set_random_provider

ALGORITHM = "maximin"
SOLVER = "highspy"
NOT_GIVEN = "not_given"
MAX_FEATURES = 4
# A feature the draw always has: exactly `places` people (the library needs one).
_EVERYONE = "_everyone"

Pool = list[tuple[int, dict[str, str]]]
Quotas = dict[str, dict[str, tuple[int, int]]]

# The library's randomness is one global: two draws at once must not share it.
_library_lock = threading.Lock()


class LotteryInfeasible(Exception):
    """The quotas cannot all be met by this pool: `problems` says why (quotas_problems),
    and `suggestion` is the nearest set of quotas that can (None if none was found)."""

    def __init__(self, problems: list[dict], suggestion: Quotas | None):
        super().__init__(", ".join(problem["code"] for problem in problems))
        self.problems = problems
        self.suggestion = suggestion


@dataclass
class LotteryResult:
    probabilities: dict[int, float]  # person id -> chance of being drawn
    selected: list[int]  # the panel drawn, sorted
    waiting: list[int]  # everyone else, in waiting-list order
    panels: int  # how many panels the distribution uses
    algorithm: str = ALGORITHM
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # the panel, per category


def pool_counts(pool: Pool, features: list[str]) -> dict[str, dict[str, int]]:
    """How many people of the pool are in each category of each feature."""
    counts: dict[str, dict[str, int]] = {feature: {} for feature in features}
    for _person, person_features in pool:
        for feature in features:
            category = person_features.get(feature) or NOT_GIVEN
            counts[feature][category] = counts[feature].get(category, 0) + 1
    return {feature: dict(sorted(found.items())) for feature, found in counts.items()}


def quotas_default(pool: Pool, features: list[str], places: int) -> Quotas:
    """Proportional to the pool: each category's share of the places, rounded down for
    the minimum and up for the maximum (so there is room to draw), never below 0."""
    total = len(pool) or 1
    quotas: Quotas = {}
    for feature, counts in pool_counts(pool, features).items():
        quotas[feature] = {}
        for category, count in counts.items():
            share = places * count / total
            quotas[feature][category] = (int(share), min(count, -int(-share // 1)))
    return quotas


def quotas_problems(pool: Pool, quotas: Quotas, places: int) -> list[dict]:
    """What plainly cannot work (before asking the solver), as dicts with a "code" and
    the numbers (the service puts them in words)."""
    problems = []
    counts = pool_counts(pool, list(quotas))
    for feature, categories in quotas.items():
        for category in counts[feature]:
            if category not in categories:
                problems.append({"code": "missing", "feature": feature, "category": category})
        for category, (low, high) in categories.items():
            have = counts[feature].get(category, 0)
            if low > high:
                problems.append(
                    {
                        "code": "min_above_max",
                        "feature": feature,
                        "category": category,
                        "min": low,
                        "max": high,
                    }
                )
            if low > have:
                problems.append(
                    {
                        "code": "min_above_pool",
                        "feature": feature,
                        "category": category,
                        "min": low,
                        "pool": have,
                    }
                )
        low_sum = sum(low for low, _high in categories.values())
        high_sum = sum(
            min(high, counts[feature].get(c, 0)) for c, (_low, high) in categories.items()
        )
        if low_sum > places:
            problems.append(
                {"code": "mins_above_places", "feature": feature, "sum": low_sum, "places": places}
            )
        if high_sum < places:
            problems.append(
                {
                    "code": "maxes_below_places",
                    "feature": feature,
                    "sum": high_sum,
                    "places": places,
                }
            )
    return problems


def quotas_nearest(pool: Pool, quotas: Quotas, places: int) -> Quotas:
    """The nearest quotas this pool can meet feature by feature: each maximum at most
    the people in the category, each minimum at most its maximum; then minimums lowered
    (largest first) until they fit in the places, and maximums raised (where people are
    left) until they can fill them. Cross-feature clashes are left to the library's own
    relaxation (`lottery_draw`)."""
    counts = pool_counts(pool, list(quotas))
    nearest: Quotas = {}
    for feature, categories in quotas.items():
        found = {c: list(categories.get(c, (0, places))) for c in counts[feature]}
        for category, bounds in found.items():
            bounds[1] = max(0, min(bounds[1], counts[feature][category], places))
            bounds[0] = max(0, min(bounds[0], bounds[1]))
        while sum(low for low, _high in found.values()) > places:
            biggest = max(found, key=lambda c: (found[c][0], c))
            found[biggest][0] -= 1
        while sum(high for _low, high in found.values()) < places:
            room = [c for c in found if found[c][1] < counts[feature][c]]
            most = max(room, key=lambda c: (counts[feature][c] - found[c][1], c))
            found[most][1] += 1
        nearest[feature] = {c: (low, high) for c, (low, high) in found.items()}
    return nearest


def _library_features(quotas: Quotas, places: int):
    features = {_EVERYONE: {"all": FeatureValueMinMax(min=places, max=places)}}
    for feature, categories in quotas.items():
        features[feature] = {
            category: FeatureValueMinMax(min=low, max=high)
            for category, (low, high) in categories.items()
        }
    set_default_max_flex(features)
    return features


def _library_people(pool: Pool, quotas: Quotas, features) -> People:
    people = People(columns_to_keep=[])
    for row, (person, person_features) in enumerate(pool):
        data = {_EVERYONE: "all"}
        data |= {f: person_features.get(f) or NOT_GIVEN for f in quotas}
        # int keys on purpose: see the module's docstring.
        people.add(person, data, features, row)  # type: ignore[arg-type]
    return people


def lottery_draw(pool: Pool, quotas: Quotas, places: int, seed: int) -> LotteryResult:
    """Draw `places` people from `pool` within `quotas`, seeded: the same pool, quotas,
    places and seed give the same result. Raises LotteryInfeasible (with the nearest
    quotas that work) when the quotas cannot be met."""
    if seed < 1:
        raise ValueError("The seed must be a positive whole number.")
    if not 0 < places < len(pool):
        raise ValueError("A lottery needs more people than places, and at least one place.")
    pool = sorted(pool)
    if problems := quotas_problems(pool, quotas, places):
        suggestion = quotas_nearest(pool, quotas, places)
        if quotas_problems(pool, suggestion, places):
            suggestion = None
        else:
            # Fixed feature by feature, the suggestion may still clash across features:
            # offer only what the draw accepts (the library's relaxation of it if not).
            try:
                lottery_draw(pool, suggestion, places, seed)
            except LotteryInfeasible as clash:
                suggestion = clash.suggestion
        raise LotteryInfeasible(problems, suggestion)
    features = _library_features(quotas, places)
    people = _library_people(pool, quotas, features)
    with _library_lock:
        state = random.getstate()
        try:
            set_random_provider(seed)
            committees, probabilities, _report = find_distribution_maximin(
                features, people, places, [], SOLVER
            )
        except sortition_errors.InfeasibleQuotasError as error:
            suggestion = {
                feature: {c: (v.min, v.max) for c, v in values.items()}
                for feature, values in error.features.items()
                if feature != _EVERYONE
            }
            raise LotteryInfeasible([{"code": "clash"}], suggestion) from None
        except sortition_errors.InfeasibleQuotasCantRelaxError:
            raise LotteryInfeasible([{"code": "clash"}], None) from None
        finally:
            set_random_provider(None)
            random.setstate(state)
    committees, probabilities = standardize_distribution(committees, probabilities)
    # A fixed order of panels, so the draw below depends on the seed alone.
    panels = sorted(zip((tuple(sorted(c)) for c in committees), probabilities, strict=True))
    chances = {person: 0.0 for person, _features in pool}
    for panel, probability in panels:
        for person in panel:
            chances[person] += probability
    # Reproducible on purpose (an audit re-runs it); the seed itself comes from `secrets`.
    rng = random.Random(seed)  # noqa: S311
    pick, running = rng.random(), 0.0
    chosen = panels[-1][0]
    for panel, probability in panels:
        running += probability
        if pick < running:
            chosen = panel
            break
    selected = sorted(chosen)
    rest = [person for person, _features in pool if person not in set(chosen)]
    rng.shuffle(rest)
    by_person = dict(pool)
    counts = pool_counts([(p, by_person[p]) for p in selected], list(quotas))
    return LotteryResult(
        probabilities={p: min(1.0, max(0.0, c)) for p, c in chances.items()},
        selected=selected,
        waiting=rest,
        panels=len(panels),
        counts=counts,
    )
