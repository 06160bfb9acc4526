"""Small-number suppression: primary (1 to 4 hidden) and secondary (nothing hidden can
be worked out from what is shown), checked on random tables with hypothesis."""

from fractions import Fraction
from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from members.suppression import suppress

THRESHOLD = 5


def test_small_counts_are_shown_as_fewer_than_5():
    table = suppress([[12, 3], [20, 30]])
    assert table.cells[0][1].shown(THRESHOLD) == "fewer than 5"
    assert table.cells[1][1].shown(THRESHOLD) == "30" or table.cells[1][1].hidden


def test_a_lone_small_cell_gets_a_partner_in_its_row_and_column():
    table = suppress([[12, 3, 40], [20, 30, 50], [25, 35, 45]])
    hidden = {(i, j) for i in range(3) for j in range(3) if table.cells[i][j].hidden}
    assert (0, 1) in hidden
    assert sum(1 for j in range(3) if (0, j) in hidden) >= 2 or table.row_totals[0].hidden
    assert sum(1 for i in range(3) if (i, 1) in hidden) >= 2 or table.column_totals[1].hidden


def test_zeros_and_large_counts_are_shown_when_nothing_small_is_near():
    table = suppress([[0, 10], [25, 30]])
    assert not any(cell.hidden for row in table.cells for cell in row)
    assert table.total.value == 65 and not table.total.hidden


def test_a_small_total_is_hidden_too():
    table = suppress([[1, 0], [2, 0]])
    assert table.total.hidden  # 3 people in all


def test_the_threshold_is_a_setting():
    assert not suppress([[6, 7], [8, 9]], threshold=5).cells[0][0].hidden
    assert suppress([[6, 7], [8, 9]], threshold=10).cells[0][0].hidden


# --- An independent check of "can a hidden value be worked out?" -----------------


def _solutions_exist_with_another_value(grid, hidden, cell, limit=3):
    """Brute force on small tables: is there another assignment of non-negative
    integers to the hidden cells, agreeing with every shown cell and every total, in
    which `cell` has a different value? (Search only near the true values.)"""
    rows, columns = len(grid) - 1, len(grid[0]) - 1
    order = sorted(hidden)
    ranges = [range(max(0, grid[r][c] - limit), grid[r][c] + limit + 1) for r, c in order]
    for values in product(*ranges):
        trial = [row[:] for row in grid]
        for (r, c), value in zip(order, values, strict=True):
            trial[r][c] = value
        if trial[cell[0]][cell[1]] == grid[cell[0]][cell[1]]:
            continue
        if all(sum(trial[i][:columns]) == trial[i][columns] for i in range(rows + 1)) and all(
            sum(trial[i][j] for i in range(rows)) == trial[rows][j] for j in range(columns + 1)
        ):
            return True
    return False


def _rank(vectors):
    rows = [list(map(Fraction, v)) for v in vectors if any(v)]
    rank, width = 0, len(vectors[0]) if vectors else 0
    for column in range(width):
        pivot = next((k for k in range(rank, len(rows)) if rows[k][column]), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for k in range(len(rows)):
            if k != rank and rows[k][column]:
                factor = rows[k][column] / rows[rank][column]
                rows[k] = [a - factor * b for a, b in zip(rows[k], rows[rank], strict=True)]
        rank += 1
    return rank


def _determined(grid, hidden):
    """Independent linear algebra: which hidden cells the shown numbers pin down."""
    rows, columns = len(grid) - 1, len(grid[0]) - 1
    order = sorted(hidden)
    equations = []
    for i in range(rows + 1):
        equations.append(
            [
                1 if (r == i and c < columns) else -1 if (r, c) == (i, columns) else 0
                for r, c in order
            ]
        )
    for j in range(columns + 1):
        equations.append(
            [1 if (c == j and r < rows) else -1 if (r, c) == (rows, j) else 0 for r, c in order]
        )
    base = _rank(equations)
    return {
        cell
        for k, cell in enumerate(order)
        if _rank([*equations, [int(n == k) for n in range(len(order))]]) == base
    }


small_counts = st.one_of(st.integers(0, 6), st.integers(0, 40))
tables = st.integers(2, 4).flatmap(
    lambda rows: st.integers(2, 4).flatmap(
        lambda columns: st.lists(
            st.lists(small_counts, min_size=columns, max_size=columns),
            min_size=rows,
            max_size=rows,
        )
    )
)


def _published(table):
    grid = [
        [c.value for c in row] + [t.value]
        for row, t in zip(table.cells, table.row_totals, strict=True)
    ]
    grid.append([c.value for c in table.column_totals] + [table.total.value])
    hidden = {
        (i, j)
        for i, row in enumerate(
            [[*row, t] for row, t in zip(table.cells, table.row_totals, strict=True)]
            + [[*table.column_totals, table.total]]
        )
        for j, cell in enumerate(row)
        if cell.hidden
    }
    return grid, hidden


@settings(max_examples=300, deadline=None)
@given(tables)
def test_every_small_count_is_hidden(counts):
    grid, hidden = _published(suppress(counts, threshold=THRESHOLD))
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            if 0 < value < THRESHOLD:
                assert (i, j) in hidden


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_hidden_value_can_be_worked_out_from_what_is_shown(counts):
    grid, hidden = _published(suppress(counts, threshold=THRESHOLD))
    determined = _determined(grid, hidden)
    # A hidden zero that the totals pin down gives nothing away (it was never small).
    assert all(grid[r][c] == 0 for r, c in determined), (counts, determined)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(0, 6), min_size=2, max_size=2), min_size=2, max_size=2))
def test_by_brute_force_every_hidden_small_count_could_have_been_something_else(counts):
    grid, hidden = _published(suppress(counts, threshold=THRESHOLD))
    if len(hidden) > 6:
        return  # everything hidden: nothing to recover, and too slow to search
    for r, c in hidden:
        if 0 < grid[r][c] < THRESHOLD:
            assert _solutions_exist_with_another_value(grid, hidden, (r, c)), (counts, (r, c))


@settings(max_examples=200, deadline=None)
@given(tables)
def test_with_only_column_totals_published_nothing_hidden_can_be_worked_out(counts):
    table = suppress(counts, threshold=THRESHOLD, row_totals=False)
    grid, hidden = _published(table)
    rows, columns = len(counts), len(counts[0])
    unpublished = {(i, columns) for i in range(rows + 1)}
    assert unpublished <= hidden
    # Without row totals a reader has only the column equations.
    determined = _determined_columns_only(grid, hidden)
    assert all(grid[r][c] == 0 for r, c in determined - unpublished), (counts, determined)
    for i in range(rows):
        for j in range(columns):
            if 0 < counts[i][j] < THRESHOLD:
                assert table.cells[i][j].hidden


def _determined_columns_only(grid, hidden):
    rows, columns = len(grid) - 1, len(grid[0]) - 1
    order = sorted(hidden)
    equations = [
        [1 if (c == j and r < rows) else -1 if (r, c) == (rows, j) else 0 for r, c in order]
        for j in range(columns)
    ]
    base = _rank(equations)
    return {
        cell
        for k, cell in enumerate(order)
        if _rank([*equations, [int(n == k) for n in range(len(order))]]) == base
    }


def test_a_column_only_table_hides_a_partner_in_the_same_column():
    table = suppress([[12, 0], [9, 0], [2, 0]], threshold=5, row_totals=False)
    assert table.cells[2][0].hidden and table.cells[1][0].hidden
    assert not table.cells[0][0].hidden and not table.column_totals[0].hidden
