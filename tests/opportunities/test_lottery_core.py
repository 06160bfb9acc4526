"""The fair lottery's pure core: seeded and reproducible, equal chances without quotas,
quotas respected, and the nearest feasible quotas when they cannot be met."""

import random
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opportunities.lottery_core import (
    LotteryInfeasible,
    lottery_draw,
    pool_counts,
    quotas_default,
    quotas_nearest,
    quotas_problems,
)


def make_pool(size, seed=1, features=("region", "new")):
    rng = random.Random(seed)
    values = {
        "region": ["north", "south", "east", "west", "not_given"],
        "new": ["new", "involved"],
        "age_band": ["18_24", "45_54", "75_plus", "not_given"],
        "sex": ["female", "male", "not_given"],
    }
    return [(i + 1, {f: rng.choice(values[f]) for f in features}) for i in range(size)]


def test_the_same_seed_and_inputs_give_the_same_draw():
    pool = make_pool(30)
    quotas = quotas_default(pool, ["region", "new"], 5)
    first = lottery_draw(pool, quotas, 5, seed=1234)
    again = lottery_draw(list(reversed(pool)), quotas, 5, seed=1234)
    assert (again.selected, again.waiting) == (first.selected, first.waiting)
    assert again.probabilities == pytest.approx(first.probabilities)


def test_another_seed_can_give_another_draw():
    pool = make_pool(30)
    draws = {tuple(lottery_draw(pool, {}, 5, seed=s).selected) for s in range(1, 6)}
    assert len(draws) > 1


def test_a_draw_reproduces_in_another_process_whatever_the_hash_seed():
    """Python randomises string hashes per process; the draw must not depend on it."""
    script = (
        "from tests.opportunities.test_lottery_core import make_pool;"
        "from opportunities.lottery_core import lottery_draw, quotas_default;"
        "pool = make_pool(40, features=('region', 'new', 'sex'));"
        "q = quotas_default(pool, ['region', 'new', 'sex'], 6);"
        "r = lottery_draw(pool, q, 6, 99);"
        "print('RESULT', r.selected, r.waiting, [round(r.probabilities[p], 9) for p, _f in pool])"
    )
    outputs = set()
    for hash_seed in ("1", "2", "3"):
        done = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": hash_seed, "PYTHONPATH": "."},
        )
        outputs.add(next(line for line in done.stdout.splitlines() if line.startswith("RESULT")))
    assert len(outputs) == 1


def test_without_quotas_everyone_has_the_same_chance():
    pool = make_pool(20)
    result = lottery_draw(pool, {}, 4, seed=7)
    assert list(result.probabilities.values()) == pytest.approx([4 / 20] * 20)
    assert len(result.selected) == 4
    assert sorted(result.selected + result.waiting) == [p for p, _f in pool]
    assert not set(result.selected) & set(result.waiting)


def test_chances_add_up_to_the_places():
    pool = make_pool(25, features=("region", "new", "sex"))
    quotas = quotas_default(pool, ["region", "sex"], 6)
    result = lottery_draw(pool, quotas, 6, seed=3)
    assert sum(result.probabilities.values()) == pytest.approx(6)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    size=st.integers(min_value=6, max_value=18),
    places=st.integers(min_value=1, max_value=5),
    pool_seed=st.integers(min_value=1, max_value=10_000),
    seed=st.integers(min_value=1, max_value=2**31 - 1),
)
def test_the_drawn_panel_respects_the_quotas(size, places, pool_seed, seed):
    pool = make_pool(size, seed=pool_seed, features=("region", "new"))
    quotas = quotas_default(pool, ["region", "new"], places)
    try:
        result = lottery_draw(pool, quotas, places, seed)
    except LotteryInfeasible as infeasible:
        # Defaults can clash across features; the suggestion must then work.
        assert infeasible.suggestion is not None
        quotas = infeasible.suggestion
        result = lottery_draw(pool, quotas, places, seed)
    assert len(result.selected) == places
    by_person = dict(pool)
    drawn = pool_counts([(p, by_person[p]) for p in result.selected], list(quotas))
    for feature, categories in quotas.items():
        for category, (low, high) in categories.items():
            assert low <= drawn[feature].get(category, 0) <= high


def test_impossible_quotas_say_why_and_offer_the_nearest_that_work():
    pool = [(i, {"region": "north" if i <= 2 else "south"}) for i in range(1, 11)]
    quotas = {"region": {"north": (4, 5), "south": (0, 1)}}
    with pytest.raises(LotteryInfeasible) as caught:
        lottery_draw(pool, quotas, 4, seed=5)
    codes = {problem["code"] for problem in caught.value.problems}
    assert "min_above_pool" in codes and "maxes_below_places" in codes
    suggestion = caught.value.suggestion
    assert suggestion == {"region": {"north": (2, 2), "south": (0, 2)}}
    assert not quotas_problems(pool, suggestion, 4)
    assert len(lottery_draw(pool, suggestion, 4, seed=5).selected) == 4


def test_quotas_that_clash_across_features_get_the_librarys_relaxation():
    # Only north people are new: 3 new ones needed but at most 1 from the north.
    pool = [(i, {"region": "north", "new": "new"}) for i in range(1, 4)]
    pool += [(i, {"region": "south", "new": "involved"}) for i in range(4, 10)]
    quotas = {
        "region": {"north": (0, 1), "south": (0, 3)},
        "new": {"new": (3, 3), "involved": (0, 3)},
    }
    assert not quotas_problems(pool, quotas, 3)
    with pytest.raises(LotteryInfeasible) as caught:
        lottery_draw(pool, quotas, 3, seed=5)
    assert caught.value.problems == [{"code": "clash"}]
    assert len(lottery_draw(pool, caught.value.suggestion, 3, seed=5).selected) == 3


def test_the_nearest_quotas_keep_what_already_works():
    pool = make_pool(30)
    quotas = quotas_default(pool, ["region"], 5)
    assert quotas_nearest(pool, quotas, 5) == quotas


def test_a_draw_needs_more_people_than_places_and_a_positive_seed():
    with pytest.raises(ValueError):
        lottery_draw(make_pool(3), {}, 3, seed=1)
    with pytest.raises(ValueError):
        lottery_draw(make_pool(5), {}, 3, seed=0)


def test_the_benchmark_size_draw_finishes():
    """200 applicants, 12 places, 4 features (benchmarks/matching.py times it)."""
    features = ["region", "new", "age_band", "sex"]
    pool = make_pool(200, features=tuple(features))
    result = lottery_draw(pool, quotas_default(pool, features, 12), 12, seed=2026)
    assert len(result.selected) == 12
    assert min(result.probabilities.values()) > 0


def test_the_suggestion_for_impossible_quotas_can_itself_be_drawn():
    """A quota impossible on its own (more than applied) whose nearest fix clashes with
    another feature: the suggestion offered must be one the draw accepts, not one that
    fails again with a clash."""
    pool = [
        (1, {"a": "x", "b": "x"}),
        (2, {"a": "x", "b": "x"}),
        (3, {"a": "y", "b": "y"}),
        (4, {"a": "y", "b": "y"}),
    ]
    quotas = {
        "a": {"x": (3, 3), "y": (0, 0)},  # 3 of x: only 2 applied
        "b": {"x": (0, 0), "y": (2, 2)},  # and x and y go together
    }
    with pytest.raises(LotteryInfeasible) as raised:
        lottery_draw(pool, quotas, 2, seed=1)
    suggestion = raised.value.suggestion
    assert suggestion is not None
    result = lottery_draw(pool, suggestion, 2, seed=1)
    assert len(result.selected) == 2
