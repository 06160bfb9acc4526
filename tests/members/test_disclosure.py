"""Nobody's equality answer can be worked out from all the figures ever published.

The attacker is an exact integer solver (scipy's `milp`), independent of the publisher's
own audit: one binary unknown x[person, category] per person (per version of their
answer), every published cell of every publication across a simulated timeline as a
constraint, and for each person the question "could their answer be anything other
than what it is?". They know who is in each published population (staff know who
applied when and who is in which group), but not the answers. They read each cell as the
page shows it (`page_reading`, checked against the page's own words below): a count,
"fewer than N" (1 to N − 1), or "not shown" — a count that is not small, so 0 or at
least N.
"""

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from members.disclosure import (
    NOT_ANSWERED,
    TOO_FEW,
    WITHHELD,
    Population,
    Table,
    column_bounds,
    earlier_tables,
    identity,
    pinned,
    publish,
)

CATEGORIES = ["a", "b", "c", NOT_ANSWERED]
THRESHOLD, MINIMUM = 3, 4  # small, so that small populations get tables at all


# --- The attacker ----------------------------------------------------------------------


def page_reading(cell: list[int], total: int, threshold: int) -> str:
    """What the page says for a stored cell (the test below holds the page to it)."""
    low, high = cell
    if low == high:
        return "count"
    return "fewer than" if low >= 1 else "not shown"


def attacker_pins(
    publications: list[dict], truth: dict[str, str], *, threshold: int = 0
) -> set[str]:
    """The identities whose answer the attacker can work out from every published cell
    (truth: identity → category, for everyone who was ever published)."""
    threshold = threshold or THRESHOLD
    tables = []
    for publication in publications:
        versions = publication["versions"]
        for population in publication["populations"]:
            table = publication["tables"][population["key"]]["q"]
            if "cells" in table:
                people = [
                    identity(p, versions.get(str(p), {}).get("q")) for p in population["people"]
                ]
                tables.append((people, table["cells"]))
    people = sorted({p for who, _cells in tables for p in who})
    if not people:
        return set()
    index = {p: i for i, p in enumerate(people)}
    C = len(CATEGORIES)
    cells = [(who, c, tuple(cell[c])) for who, cell in tables for c in CATEGORIES]
    not_shown = [
        (who, c) for who, c, cell in cells if page_reading(cell, len(who), threshold) == "not shown"
    ]
    n = len(people) * C + len(not_shown)
    rows, low, high = [], [], []
    for i in range(len(people)):
        row = np.zeros(n)
        row[i * C : (i + 1) * C] = 1
        rows.append(row)
        low.append(1)
        high.append(1)
    switch = len(people) * C
    for who, category, (lo, hi) in cells:
        row = np.zeros(n)
        for p in who:
            row[index[p] * C + CATEGORIES.index(category)] = 1
        reading = page_reading((lo, hi), len(who), threshold)
        if reading == "count":
            rows.append(row)
            low.append(lo)
            high.append(hi)
        elif reading == "fewer than":
            rows.append(row)
            low.append(1)
            high.append(threshold - 1)
        else:  # not shown: 0 (switch off) or threshold..everyone (switch on)
            on = row.copy()
            on[switch] = -threshold
            rows.append(on)
            low.append(0)
            high.append(np.inf)
            off = row.copy()
            off[switch] = -len(who)
            rows.append(off)
            low.append(-np.inf)
            high.append(0)
            switch += 1
    found = set()
    for p in people:
        i, j = index[p], CATEGORIES.index(truth[p])
        upper = np.ones(n)
        upper[i * C + j] = 0  # is there a consistent world where p answered otherwise?
        result = milp(
            np.zeros(n),
            integrality=np.ones(n),
            bounds=Bounds(np.zeros(n), upper),
            constraints=LinearConstraint(np.array(rows), low, high),
        )
        if result.status == 2:  # infeasible: p's answer is pinned down
            found.add(p)
    return found


# --- A simulated timeline ------------------------------------------------------------


def run(scenario: dict, *, audit: bool = True) -> tuple[list[dict], dict[str, str]]:
    """Publish every period (and any opportunity closing in it) as the site would, at
    the period's end, from the live state then. Returns the publications and the truth
    for every identity ever published."""
    answers = dict(enumerate(scenario["answers"]))
    versions: dict[int, dict[str, str]] = {}
    publications, truth = [], {}
    for number, period in enumerate(scenario["periods"]):
        for person, category in period.get("edit", {}).items():
            if person in answers and answers[person] != category:
                answers[person] = category
                versions[person] = {"q": f"v{number}"}
        for person in period.get("erase", ()):
            answers.pop(person, None)
            versions.pop(person, None)
        alive = set(answers)
        batches = [
            [
                Population(key, tuple(sorted(set(period.get(key, ())) & alive)))
                for key in ("members", "group:1", "group:2", "applicants", "selected")
            ]
        ]
        if period.get("opportunity"):
            batches.append(
                [
                    Population(
                        f"opportunity:{number}", tuple(sorted(set(period["opportunity"]) & alive))
                    )
                ]
            )
        for populations in batches:
            publications.append(
                publish(
                    populations=populations,
                    categories={"q": CATEGORIES},
                    answers={p: {"q": a} for p, a in answers.items()},
                    versions=versions,
                    earlier=publications,
                    threshold=THRESHOLD,
                    minimum=MINIMUM,
                    audit=audit,
                )
            )
            for population in populations:
                for p in population.people:
                    truth[identity(p, versions.get(p, {}).get("q"))] = answers[p]
    return publications, truth


def _everyone(n):
    return list(range(n))


# The issue's attacks, as explicit examples: without the audit each one gives someone
# away, so switching the protection off fails this test every time.
ALL_VS_GROUP = {  # all members against one group that lacks one person
    "answers": ["a"] * 6 + ["b"] * 6,
    "periods": [{"members": _everyone(12), "group:1": list(range(1, 12))}],
}
LATER_APPLICANT = {  # 5 and 5 applied in the quarter; an opportunity: the same and one more
    "answers": ["a"] * 6 + ["b"] * 6,
    "periods": [
        {
            "members": _everyone(12),
            "applicants": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
            "opportunity": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
        }
    ],
}
MEMBERS_AND_APPLICANTS = {  # 5 women of 20 members, 5 of 10 applicants: the rest are men
    "answers": ["a"] * 5 + ["b"] * 15,
    "periods": [{"members": _everyone(20), "applicants": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]}],
}
GROUP_AFTER_SOMEONE_LEFT = {  # the same group in two quarters, one person fewer
    "answers": ["a"] * 7 + ["b"] * 5,
    "periods": [
        {"members": _everyone(12), "group:1": _everyone(12)},
        {"members": _everyone(12), "group:1": list(range(1, 12))},
    ],
}
HIDDEN_BUT_BOUNDED = {  # 4, 4 and 4 all "fewer than 5": each exactly 4; then 4 leave
    "answers": ["a"] * 4 + ["b"] * 4 + ["c"] * 4,
    "periods": [
        {"members": _everyone(12)},
        {"members": _everyone(12), "group:1": list(range(4, 12))},
    ],
}
NOT_SHOWN_IS_NOT_SMALL = {  # all "a"; one joins who answered "b": "not shown" was 0
    "answers": ["a"] * 10 + ["b"],
    "periods": [{"members": _everyone(10)}, {"members": _everyone(11)}],
}
ATTACKS = [ALL_VS_GROUP, LATER_APPLICANT, MEMBERS_AND_APPLICANTS, GROUP_AFTER_SOMEONE_LEFT]


@st.composite
def scenarios(draw):
    """Up to 14 people over up to 3 quarters: joins and leaves, two overlapping groups,
    applicants, the selected (late selections count as they stand at the quarter's
    end), an opportunity's applicants, an erasure and an edited answer."""
    n = draw(st.integers(min_value=6, max_value=14))
    answers = draw(
        st.lists(
            st.sampled_from(["a", "a", "a", "b", "b", "c", NOT_ANSWERED]), min_size=n, max_size=n
        )
    )

    def some(within, share=0.6):
        weights = draw(st.lists(st.floats(0, 1), min_size=n, max_size=n))
        return {p for p in within if weights[p] < share}

    periods = []
    members = some(range(n), 0.85)
    for _number in range(draw(st.integers(min_value=1, max_value=3))):
        members ^= set(draw(st.lists(st.integers(0, n - 1), unique=True, max_size=3)))
        group1 = some(members, 0.8)
        group2 = members - group1 if draw(st.booleans()) else some(members)
        applicants = some(members)
        period = {
            "members": sorted(members),
            "group:1": sorted(group1),
            "group:2": sorted(group2),
            "applicants": sorted(applicants),
            "selected": sorted(some(applicants, 0.7)),
            "erase": draw(st.lists(st.integers(0, n - 1), unique=True, max_size=1)),
            "edit": dict(
                draw(
                    st.lists(
                        st.tuples(st.integers(0, n - 1), st.sampled_from(CATEGORIES)), max_size=1
                    )
                )
            ),
        }
        if draw(st.booleans()):
            period["opportunity"] = sorted(applicants | some(members, 0.3))
        periods.append(period)
    return {"answers": answers, "periods": periods}


@settings(max_examples=150, derandomize=True, deadline=None, database=None)
@given(scenarios())
@example(ALL_VS_GROUP)
@example(LATER_APPLICANT)
@example(MEMBERS_AND_APPLICANTS)
@example(GROUP_AFTER_SOMEONE_LEFT)
@example(HIDDEN_BUT_BOUNDED)
@example(NOT_SHOWN_IS_NOT_SMALL)
def test_no_combination_of_published_figures_gives_anyone_away(scenario):
    publications, truth = run(scenario)
    assert attacker_pins(publications, truth) == set()


def test_without_the_audit_each_of_the_issues_attacks_works():
    # The attacker is not toothless: the same attacks, with only per-table suppression.
    for attack in [*ATTACKS, HIDDEN_BUT_BOUNDED]:
        publications, truth = run(attack, audit=False)
        assert attacker_pins(publications, truth), attack


# --- The publisher, one behaviour at a time ------------------------------------------


def _one(populations, answers, *, earlier=(), threshold=5, minimum=10, audit=True):
    return publish(
        populations=[Population(key, tuple(people)) for key, people in populations],
        categories={"q": CATEGORIES},
        answers={p: {"q": a} for p, a in enumerate(answers)},
        versions={},
        earlier=list(earlier),
        threshold=threshold,
        minimum=minimum,
        audit=audit,
    )


def test_a_population_under_the_minimum_gets_no_table():
    published = _one([("members", range(9))], ["a"] * 4 + ["b"] * 5)
    assert published["tables"]["members"]["q"] == {"withheld": TOO_FEW}


def test_a_count_of_everyone_is_never_shown():
    published = _one([("members", range(12))], ["a"] * 12)
    table = published["tables"]["members"]["q"]
    assert table == {"withheld": WITHHELD} or table["cells"]["a"] != [12, 12]


def test_members_and_applicants_are_protected_together():
    answers = ["a"] * 5 + ["b"] * 15
    tables = [("members", range(20)), ("applicants", range(10))]
    bare = _one(tables, answers, audit=False)
    assert bare["tables"]["members"]["q"]["cells"]["b"] == [15, 15]  # gives 10 people away
    published = _one(tables, answers)
    assert attacker_pins([published], {str(p): a for p, a in enumerate(answers)}) == set()
    # Only the new table that needed it lost cells; the applicants' stayed.
    assert published["tables"]["applicants"]["q"]["cells"]["a"] == [5, 5]


def test_a_later_publication_never_changes_an_earlier_one_and_hides_more_itself():
    answers = ["a"] * 6 + ["b"] * 6
    first = _one([("members", range(12))], answers, minimum=4, threshold=3)
    before = repr(first)
    second = _one([("group:1", range(1, 12))], answers, earlier=[first], minimum=4, threshold=3)
    assert repr(first) == before
    assert first["tables"]["members"]["q"]["cells"]["a"] == [6, 6]
    assert second["tables"]["group:1"]["q"] != {"cells": {"a": [5, 5]}}
    truth = {str(p): a for p, a in enumerate(answers)}
    assert attacker_pins([first, second], truth) == set()


def test_a_table_that_cannot_be_saved_otherwise_is_withheld():
    # Two people, both in populations that differ only by them: hiding cells of the
    # later table cannot save them unless all of it goes.
    answers = ["a"] * 6 + ["b"] * 6
    first = _one([("members", range(12))], answers, minimum=4, threshold=3)
    second = _one([("group:1", range(2, 12))], answers, earlier=[first], minimum=4, threshold=3)
    table = second["tables"]["group:1"]["q"]
    assert table == {"withheld": WITHHELD} or any(lo != hi for lo, hi in table["cells"].values())
    assert attacker_pins([first, second], {str(p): a for p, a in enumerate(answers)}) == set()


def test_primary_and_secondary_suppression_of_one_column():
    bounds = column_bounds({"a": 12, "b": 9, "c": 2, NOT_ANSWERED: 0}, threshold=5)
    assert bounds["c"] == (1, 4) and bounds["b"] == (0, 23) and bounds["a"] == (12, 12)


def test_the_audit_finds_people_pinned_by_bounds_not_only_by_shown_counts():
    # 4, 4 and 4, each "fewer than 5" in a population of 12: each must be exactly 4.
    everyone = frozenset(str(p) for p in range(12))
    rest = frozenset(str(p) for p in range(4, 12))
    tables = [
        Table(everyone, {"a": (1, 4), "b": (1, 4), "c": (1, 4), NOT_ANSWERED: (0, 0)}),
        Table(rest, {"a": (0, 0), "b": (1, 4), "c": (1, 4), NOT_ANSWERED: (0, 0)}),
    ]
    truth = {str(p): "abc"[p // 4] for p in range(12)}
    assert pinned(tables, CATEGORIES, truth, threshold=5) == {"0", "1", "2", "3"}


def test_an_erased_persons_earlier_answers_stay_protected():
    # Nobody knows an erased person's answer any more, the audit included: it still
    # finds whoever the figures pin, erased or not.
    everyone = frozenset(str(p) for p in range(12))
    tables = [
        Table(everyone, {"a": (6, 6), "b": (6, 6), "c": (0, 0), NOT_ANSWERED: (0, 0)}),
        Table(everyone - {"0"}, {"a": (5, 5), "b": (6, 6), "c": (0, 0), NOT_ANSWERED: (0, 0)}),
    ]
    truth = {str(p): "a" if p < 6 else "b" for p in range(1, 12)}  # person 0 was erased
    assert pinned(tables, CATEGORIES, truth, threshold=5) == {"0"}


def test_an_edited_answer_is_a_new_identity():
    earlier = [
        {
            "populations": [{"key": "members", "people": [1, 2]}],
            "versions": {"1": {"q": "x"}},
            "tables": {"members": {"q": {"cells": {"a": [2, 2]}}}},
        }
    ]
    (table,) = earlier_tables(earlier, "q")
    assert table.people == {"1.x", "2"}


# --- What the page says, and what that tells a reader ----------------------------------


def test_the_attacker_reads_each_cell_as_the_page_shows_it():
    from types import SimpleNamespace

    from members.models.equality import CHARACTERISTICS
    from members.selectors.equality import published_tables, shown

    values = [value for value, _label in CHARACTERISTICS["sex"][1]]
    stored = {values[0]: [12, 12], values[1]: [0, 20], values[2]: [1, 4]}
    stored |= {value: [0, 0] for value in values[3:]} | {NOT_ANSWERED: [4, 4]}
    publication = SimpleNamespace(
        figures={
            "populations": [{"key": "members", "size": 20, "label": "Members"}],
            "tables": {"members": {"sex": {"cells": stored}}},
        }
    )
    (table,) = published_tables([(publication, "members", None)], ["sex"])
    words = {"count": None, "fewer than": "fewer than 5", "not shown": "not shown"}
    for row in table["rows"]:
        (cell,) = row["cells"]
        reading = page_reading(stored[row["value"]], 20, 5)
        said = shown(cell, 5)
        assert said == (words[reading] or str(stored[row["value"]][0])), row["value"]


def test_a_not_shown_count_is_known_not_to_be_small():
    # All ten answer "a"; one joins who answers "b". "Not shown" beside "fewer than 5"
    # tells a reader the hidden count is 0 or at least 5, and the audit knows it too.
    answers = ["a"] * 10 + ["b"]
    first = _one([("members", range(10))], answers)
    second = _one([("members", range(11))], answers, earlier=[first])
    truth = {str(p): a for p, a in enumerate(answers)}
    assert attacker_pins([first, second], truth, threshold=5) == set()


def test_what_is_hidden_does_not_depend_on_whose_answer_was_at_risk():
    # One person joins a quarter later; whatever they answered, the same is hidden (the
    # whole table: hiding cells one by one hid a, b, c and d in patterns that told it).
    categories = ["a", "b", "c", "d", NOT_ANSWERED]
    patterns = set()
    for newcomer in "abcd":
        answers = ["a"] * 20 + ["b"] * 7 + ["c"] * 9 + ["d"] * 5 + [newcomer]
        published = []
        for size in (41, 42):
            published.append(
                publish(
                    populations=[Population("members", tuple(range(size)))],
                    categories={"q": categories},
                    answers={p: {"q": a} for p, a in enumerate(answers)},
                    versions={},
                    earlier=list(published),
                    threshold=5,
                    minimum=10,
                )
            )
        table = published[1]["tables"]["members"]["q"]
        patterns.add(repr(table.get("withheld")) + repr(sorted(table.get("cells", {}))))
    assert len(patterns) == 1, patterns
