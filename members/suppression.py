"""Small-number suppression for equality tables: a pure function, used by every table,
chart and export of equality data.

A count from 1 to threshold-1 is shown as "fewer than <threshold>" (primary
suppression). Then enough other cells are hidden (secondary suppression) that no hidden
count can be worked out from what is shown: not by subtracting the other cells of its
row or column from the total, and not by combining several rows and columns either.

The table is published with its row totals, column totals and grand total. Every row
and column (totals included) is an equation "cells add up to the total"; a hidden cell
can be worked out exactly when its unit vector is a combination of those equations
restricted to the hidden cells (linear algebra over the rationals, below). Tables here
are small (a characteristic's categories × a few groups), so this exact check is cheap.
"""

from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Cell:
    value: int
    hidden: bool

    def shown(self, threshold: int) -> str:
        """What a reader sees: the count, or 'fewer than N' (also for hidden counts of N
        or more: saying 'hidden' rather than 'small' would give the small ones away)."""
        return f"fewer than {threshold}" if self.hidden else str(self.value)


@dataclass(frozen=True)
class SuppressedTable:
    """`cells[i][j]` for the body, then row totals, column totals and the grand total."""

    cells: list[list[Cell]]
    row_totals: list[Cell]
    column_totals: list[Cell]
    total: Cell


def suppress(
    counts: list[list[int]], *, threshold: int = 5, row_totals: bool = True
) -> SuppressedTable:
    """Suppress small numbers in `counts` (rows × columns of non-negative integers).

    With `row_totals=False` the rows' totals (and the grand total) are not published,
    for tables whose columns are overlapping groups of people (members, applicants,
    selected), where a row's sum means nothing. They are then unknowns to a reader."""
    rows, columns = len(counts), len(counts[0]) if counts else 0
    grid = _with_margins(counts)  # (rows + 1) × (columns + 1), totals last
    unpublished = set() if row_totals else {(i, columns) for i in range(rows + 1)}
    hidden = unpublished | {
        (i, j) for i in range(rows + 1) for j in range(columns + 1) if 0 < grid[i][j] < threshold
    }
    while True:
        exposed = _first_recoverable(grid, hidden, ignore=unpublished)
        if exposed is None or len(hidden) == (rows + 1) * (columns + 1):
            break
        hidden.add(_complement(grid, hidden, exposed))
    cell = lambda i, j: Cell(grid[i][j], (i, j) in hidden)  # noqa: E731
    return SuppressedTable(
        cells=[[cell(i, j) for j in range(columns)] for i in range(rows)],
        row_totals=[cell(i, columns) for i in range(rows)],
        column_totals=[cell(rows, j) for j in range(columns)],
        total=cell(rows, columns),
    )


def _with_margins(counts: list[list[int]]) -> list[list[int]]:
    grid = [[*row, sum(row)] for row in counts]
    grid.append([sum(column) for column in zip(*grid, strict=True)])
    return grid


def lines(rows: int, columns: int) -> list[list[tuple[int, int]]]:
    """The equations of a table with margins, as lists of cells: in each line, the last
    cell is the total of the others."""
    return [[(i, j) for j in range(columns + 1)] for i in range(rows + 1)] + [
        [(i, j) for i in range(rows + 1)] for j in range(columns + 1)
    ]


def recoverable(grid: list[list[int]], hidden: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The hidden cells whose value follows from what is shown (exact rational algebra)."""
    order = sorted(hidden)
    if not order:
        return set()
    index = {cell: k for k, cell in enumerate(order)}
    rows, columns = len(grid) - 1, len(grid[0]) - 1
    equations = []
    for line in lines(rows, columns):
        *parts, total = line
        vector = [Fraction(0)] * len(order)
        for cell in parts:
            if cell in index:
                vector[index[cell]] += 1
        if total in index:
            vector[index[total]] -= 1
        if any(vector):
            equations.append(vector)
    basis = _row_echelon(equations)
    rank = len(basis)
    return {
        cell
        for cell, k in index.items()
        if len(_row_echelon([*basis, [Fraction(int(n == k)) for n in range(len(order))]])) == rank
    }


def _first_recoverable(grid, hidden, *, ignore=frozenset()):
    # Unpublished totals may well follow from what is shown; only what was hidden to
    # protect people matters.
    exposed = recoverable(grid, hidden) - set(ignore)
    return min(exposed) if exposed else None


def _complement(grid, hidden, exposed: tuple[int, int]) -> tuple[int, int]:
    """Another cell to hide beside `exposed`: the smallest count in its row or column,
    preferring the table's body to its totals and non-zero counts to zeros (a zero
    hides nothing)."""
    rows, columns = len(grid) - 1, len(grid[0]) - 1
    i, j = exposed
    candidates = [(i, c) for c in range(columns + 1)] + [(r, j) for r in range(rows + 1)]
    candidates = [cell for cell in candidates if cell not in hidden]
    if not candidates:  # everything in both lines is hidden already: widen the search
        candidates = [
            (r, c) for r in range(rows + 1) for c in range(columns + 1) if (r, c) not in hidden
        ]

    def cost(cell):
        r, c = cell
        value = grid[r][c]
        return (value == 0, r == rows or c == columns, value, cell)

    return min(candidates, key=cost)


def _row_echelon(vectors: list[list[Fraction]]) -> list[list[Fraction]]:
    """The non-zero rows of a row-echelon form (its length is the rank)."""
    rows = [list(v) for v in vectors]
    basis = []
    width = len(rows[0]) if rows else 0
    for column in range(width):
        pivot = next((r for r in rows if r[column] != 0), None)
        if pivot is None:
            continue
        rows.remove(pivot)
        basis.append(pivot)
        for r in rows:
            if r[column] != 0:
                factor = r[column] / pivot[column]
                for k in range(column, width):
                    r[k] -= factor * pivot[k]
        rows = [r for r in rows if any(r)]
    return basis


# --- One count on its own: how many members might fit a researcher's request ----------
#
# A single live count (not a published table) that a researcher can ask again after each
# edit of their request's topics. Two protections, as for the equality figures:
#
# - **Threshold rule**: a count below the threshold is only ever "fewer than N" (0 too:
#   "none" beside "fewer than N" would tell 0 from 1).
# - **Random rounding to a base, keyed on the people counted** (the idea of the ONS's
#   "cell key" perturbation for Census 2021): at or above the threshold, a count is
#   rounded to a multiple of `base`, up with probability (count mod base) / base, down
#   otherwise, so it is right on average. The "random" draw comes from the set of people
#   counted (the caller hashes it with a secret), so the same people always give the same
#   figure: asking again, or undoing an edit, cannot average the noise away.
#
# Why not round to the nearest 10: deterministic rounding gives a member away at every
# edge. If "Diabetes" shows "about 10" (14 people) and "Diabetes or Asthma" shows "about
# 20", a researcher who knows how the edge falls learns one more person counts. Here 14
# and 15 people can each show 10 or 20, and for any counts n and n + 1 the chance of each
# figure differs by at most 1 / base — one member added or taken away moves the odds a
# little and never decides what is shown. A new set of people gets a new draw, so
# differences between requests stay as noisy as the figures themselves. What remains is
# the edge of the threshold rule itself (9 people: "fewer than 10"; 10: a figure), as
# for every threshold in the equality figures.


def rounded_count(count: int, *, draw: float, threshold: int, base: int = 10) -> int | None:
    """The figure to show for `count` people: None ("fewer than `threshold`") below the
    threshold, otherwise `count` rounded randomly to a multiple of `base` with `draw`
    (a number in [0, 1) fixed by who is counted). Never shown below the threshold."""
    if count < threshold:
        return None
    low, rest = divmod(count, base)
    shown = (low + (1 if draw < rest / base else 0)) * base
    smallest = -(-threshold // base) * base  # the first multiple of base at the threshold
    return max(shown, smallest)
