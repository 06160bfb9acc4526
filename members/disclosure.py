"""Publishing equality figures so that no combination of them gives anyone's answer
away: a pure core (plain data in, plain data out, no database), used for every
aggregate equality figure — the dashboard, its CSV export and the shortlist panel.

Why more than per-table suppression (members/suppression.py): tables that share people
can be subtracted. 1–5 March showed 5 gay or lesbian, 1–6 March 6: the one person who
applied on 6 March is gay or lesbian. Members 5 women of 20 and applicants 5 women of
10: the 10 members who did not apply are all men. A group before and after someone
joins, a closed period recounted after an erasure or a late selection: the same.

The method follows what the statistical agencies do for linked tables:

- **Fixed, non-overlapping reporting periods** (calendar quarters), shown only once
  they have ended — no free date ranges (ONS and Eurostat publish on fixed reference
  periods for this reason; the ONS disclosure control guidance warns against
  overlapping ranges, "differencing").
- **A minimum population size** (`EQUALITY_MINIMUM_POPULATION`): a smaller
  population's table is not published at all (the "threshold rule" of the ONS/GSS
  guidance on tables of counts).
- **Primary and secondary suppression** in each table: a count from 1 to threshold − 1
  is "fewer than N", and another cell is hidden beside a lone hidden cell so it cannot
  be worked out from the total.
- **Published once, frozen** (like any statistical release): a period's figures are
  computed once after it ends and stored; later joins, edits, erasures and selections
  never change them.
- **Linked tables protected together, by an audit** (the exact "attacker" check that
  τ-ARGUS and the Eurostat handbook on statistical disclosure control call an audit of
  linked tables): before new tables are published, an exact integer program over
  every table published so far and the new ones asks, for each person, whether their
  answer is the same in every set of answers consistent with what would be shown. If
  anyone is pinned, the NEW table holding most of them is withheld for that question
  (whole: a pattern of hidden cells chosen to save one person would tell their answer)
  and the audit runs again. Published tables never change. What the audit cannot
  rule out, and no data-dependent suppression can: that a table is withheld at all
  says that publishing it would have given someone away ("denial" leaks; a
  "simulatable" audit, deciding from the populations alone, would close them).

The attacker is assumed to know who is in each published population (staff know who
applied when and who is in which group), the interval each hidden cell lies in, and
when someone's answer changed — but not the answers. People are therefore
"identities": a person's pseudonymous id together with a token that changes whenever
their answer to that question changes, so an edit is never taken for the same answer.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

NOT_ANSWERED = "not_answered"
# Why a table is not shown (stored, then shown in plain words).
TOO_FEW = "too_few"
WITHHELD = "withheld"


@dataclass(frozen=True)
class Table:
    """One published table, as the attacker sees it: the people it counts and, for
    each category, the interval its count is known to lie in (low == high: shown)."""

    people: frozenset[str]
    bounds: Mapping[str, tuple[int, int]]


def identity(person: int | str, version: str | None) -> str:
    """Who someone is to the audit for one question: their pseudonymous id, and the
    version of their answer (a new token whenever the answer changes)."""
    return f"{person}.{version}" if version else str(person)


# --- The audit ---------------------------------------------------------------------


def pinned(
    tables: list[Table],
    categories: list[str],
    truth: Mapping[str, str],
    *,
    threshold: int,
    seconds: float = 60.0,
) -> set[str]:
    """The identities whose category is the same in every assignment of categories
    consistent with `tables` (an exact integer solver, scipy's HiGHS `milp`).

    People in the same published populations are interchangeable, so they are grouped
    into classes and the unknowns are counts n[class, category]. A person is pinned iff
    their class is all one category in every feasible assignment. `truth` (identity →
    category) is known for current people; others (erased people, earlier versions of
    an answer) are left free. Rather than one program per class, one program at a time
    moves as many people of the not-yet-cleared classes off the category they have in
    a reference solution as it can; classes that moved are cleared, and when none can
    move the rest are pinned.
    A cell is read as the page shows it: a count (low == high), "fewer than N" (1 to
    N − 1), or "not shown" (low 0, high the population: a count that would otherwise be
    shown, so 0 or at least N — the reader knows it is not a small one).
    If the solver runs out of time, whatever is not cleared counts as pinned (so more
    is hidden, never less)."""
    tables = [t for t in tables if t.people]
    if not tables:
        return set()
    members: dict[frozenset[int], list[str]] = defaultdict(list)
    signature: dict[str, set[int]] = defaultdict(set)
    for index, table in enumerate(tables):
        for person in table.people:
            signature[person].add(index)
    for person, where in signature.items():
        members[frozenset(where)].append(person)
    classes = list(members.values())
    in_table: list[list[int]] = [[] for _ in tables]
    for k, (where, _people) in enumerate(members.items()):
        for index in where:
            in_table[index].append(k)
    C = len(categories)
    column = {c: j for j, c in enumerate(categories)}
    size = np.array([len(people) for people in classes])
    n_vars = len(classes) * C

    def var(k: int, j: int) -> int:
        return k * C + j

    rows, low, high = [], [], []
    for k in range(len(classes)):
        rows.append([(var(k, j), 1) for j in range(C)])
        low.append(size[k])
        high.append(size[k])
    # "Not shown" cells: the count is 0 or at least the threshold, one yes/no unknown
    # each (z = 0: the count is 0; z = 1: threshold ≤ count ≤ total).
    switches = 0
    for index, table in enumerate(tables):
        total = len(table.people)
        for category, (lo, hi) in table.bounds.items():
            cell = [(var(k, column[category]), 1) for k in in_table[index]]
            if lo <= 0 and hi >= total and lo != hi:
                z = n_vars + switches
                switches += 1
                rows.append([*cell, (z, -threshold)])
                low.append(0)
                high.append(np.inf)
                rows.append([*cell, (z, -total)])
                low.append(-np.inf)
                high.append(0)
                continue
            rows.append(cell)
            low.append(lo)
            high.append(hi)
    n_class_vars, n_vars = n_vars, n_vars + switches

    # A reference solution: the truth where it is known, any completion elsewhere.
    known = np.zeros(n_vars)
    for k, people in enumerate(classes):
        for person in people:
            if person in truth:
                known[var(k, column[truth[person]])] += 1
    upper = np.concatenate([np.repeat(size, C).astype(float), np.ones(switches)])
    if known[:n_class_vars].sum() == len(signature):
        reference = known
    else:
        found = _solve(np.zeros(n_vars), rows, low, high, n_vars, known, upper, seconds=seconds)
        if found is None:  # cannot happen with consistent data: protect everyone
            return set(signature)
        reference = np.round(found)
    candidates = {}
    for k in range(len(classes)):
        for j in range(C):
            if reference[var(k, j)] == size[k]:
                candidates[k] = j
    while candidates:
        # Move as many people of the remaining candidate classes off their reference
        # category as possible (each class weighted by its size, so every class counts
        # alike). First as a linear program: if even a fractional solution cannot move
        # anyone, nobody can (a proof); a whole-number solution is a real assignment, so
        # whoever moved in it is cleared. Only otherwise the integer program decides.
        objective = np.zeros(n_vars)
        for k, j in candidates.items():
            objective[var(k, j)] = 1 / size[k]
        stuck = len(candidates) - 1e-6
        found = _solve(
            objective,
            rows,
            low,
            high,
            n_vars,
            np.zeros(n_vars),
            upper,
            seconds=seconds,
            integer=False,
        )
        if found is None or objective @ found >= stuck:
            break
        if not np.allclose(found, np.round(found), atol=1e-6):
            # Any whole-number assignment in which someone moves will do (a good one,
            # not the best: proving optimality is what takes time); none: all pinned.
            at_least_one = [(var(k, j), 1) for k, j in candidates.items()]
            kept = int(sum(size[k] for k in candidates)) - 1
            found = _solve(
                objective,
                [*rows, at_least_one],
                [*low, 0],
                [*high, kept],
                n_vars,
                np.zeros(n_vars),
                upper,
                seconds=seconds,
                gap=0.5,
            )
            if found is None:
                break
        moved = [k for k, j in candidates.items() if round(found[var(k, j)]) < size[k]]
        if not moved:
            break
        for k in moved:
            del candidates[k]
    return {person for k in candidates for person in classes[k]}


def _solve(objective, rows, low, high, n_vars, lower, upper, *, seconds, integer=True, gap=None):
    entries = [(r, v, a) for r, row in enumerate(rows) for v, a in row]
    r_index, v_index, data = zip(*entries, strict=True) if entries else ((), (), ())
    matrix = coo_matrix((data, (r_index, v_index)), shape=(len(rows), n_vars))
    result = milp(
        objective,
        integrality=np.ones(n_vars) if integer else None,
        bounds=Bounds(lower, upper),
        constraints=LinearConstraint(matrix.tocsr(), low, high),
        options={"time_limit": seconds, "presolve": True}
        | ({"mip_rel_gap": gap} if gap is not None else {}),
    )
    # 0: optimal. 1: time or iteration limit — an incumbent is still a real assignment.
    if result.x is None or result.status not in (0, 1):
        return None
    return result.x


# --- The publisher -------------------------------------------------------------------


@dataclass(frozen=True)
class Population:
    key: str  # e.g. "members", "group:12", "applicants", "opportunity:7:applicants"
    people: tuple[int, ...]  # pseudonymous ids


def column_bounds(counts: Mapping[str, int], *, threshold: int) -> dict[str, tuple[int, int]]:
    """Primary and secondary suppression of one population's counts (its total, the
    population's size, is known to the reader anyway): 1 to threshold − 1 is hidden as
    "fewer than N" (known to be in 1..N−1); a lone hidden cell gets a partner, the
    smallest other count, preferring one that is not zero (known to be in 0..size)."""
    total = sum(counts.values())
    bounds = {c: ((1, threshold - 1) if 0 < n < threshold else (n, n)) for c, n in counts.items()}
    hidden = [c for c, (lo, hi) in bounds.items() if lo != hi]
    if len(hidden) == 1:
        shown = [c for c in counts if c not in hidden]
        if shown:
            partner = min(shown, key=lambda c: (counts[c] == 0, counts[c], c))
            bounds[partner] = (0, total)
    return bounds


def earlier_tables(earlier: Iterable[Mapping], characteristic: str) -> list[Table]:
    """The tables for one question in publications already made (as stored)."""
    found = []
    for publication in earlier:
        versions = publication.get("versions", {})
        for population in publication["populations"]:
            table = publication["tables"].get(population["key"], {}).get(characteristic)
            if not table or "cells" not in table:
                continue
            found.append(
                Table(
                    people=frozenset(
                        identity(p, versions.get(str(p), {}).get(characteristic))
                        for p in population["people"]
                    ),
                    bounds={c: tuple(b) for c, b in table["cells"].items()},
                )
            )
    return found


def publish(
    *,
    populations: list[Population],
    categories: Mapping[str, list[str]],
    answers: Mapping[int, Mapping[str, str]],
    versions: Mapping[int, Mapping[str, str]],
    earlier: list[Mapping],
    threshold: int,
    minimum: int,
    seconds: float = 60.0,
    audit: bool = True,
) -> dict:
    """The figures to publish for new populations, as plain JSON-ready data, such that
    together with `earlier` publications nobody's answer can be worked out.

    `categories`: each question's categories (NOT_ANSWERED included). `answers`:
    everyone who still exists, person → question → category (missing: not answered).
    `versions`: person → question → token of their current answer's version.
    `audit=False` switches the linked-table audit off (only for showing, in a test,
    that the attack succeeds without it)."""
    minimum = max(minimum, threshold)
    people = sorted({p for population in populations for p in population.people})
    published = {
        "populations": [
            {"key": pop.key, "size": len(pop.people), "people": sorted(pop.people)}
            for pop in populations
        ],
        "versions": {str(p): dict(versions[p]) for p in people if versions.get(p)},
        "tables": {pop.key: {} for pop in populations},
    }
    for characteristic, choices in categories.items():
        truth = {}
        for person, answered in answers.items():
            truth[identity(person, versions.get(person, {}).get(characteristic))] = answered.get(
                characteristic, NOT_ANSWERED
            )
        counts, new = {}, {}
        for pop in populations:
            if len(pop.people) < minimum:
                published["tables"][pop.key][characteristic] = {"withheld": TOO_FEW}
                continue
            tally = dict.fromkeys(choices, 0)
            for person in pop.people:
                tally[answers.get(person, {}).get(characteristic, NOT_ANSWERED)] += 1
            counts[pop.key] = tally
            new[pop.key] = column_bounds(tally, threshold=threshold)
        who = {
            pop.key: frozenset(
                identity(p, versions.get(p, {}).get(characteristic)) for p in pop.people
            )
            for pop in populations
        }
        past = earlier_tables(earlier, characteristic) if audit else []
        while audit and new:
            found = pinned(
                past + [Table(who[key], bounds) for key, bounds in new.items()],
                list(choices),
                truth,
                threshold=threshold,
                seconds=seconds,
            )
            if not found:
                break
            # Withhold the new table holding most of the pinned people (the largest, on
            # a tie), whole: hiding cell after cell until nobody is pinned would make
            # the pattern of hidden cells depend on whose answer was at risk, and so
            # tell it.
            key = max(new, key=lambda k: (len(who[k] & found), len(who[k])))
            if not who[key] & found:
                new.clear()  # only earlier tables pin: cannot happen; publish nothing
                break
            del new[key]
        for key in counts:
            if key in new:
                published["tables"][key][characteristic] = {
                    "cells": {c: list(new[key][c]) for c in choices}
                }
            else:
                published["tables"][key][characteristic] = {"withheld": WITHHELD}
    return published
