"""The check-in totals' suppression: plain data, no database."""

from projects.check_in_figures import changes, scale_column, suppressed_figures

STATEMENTS = ("speak_up", "listened_to", "understood")


def figures(counts, *, answered, population, threshold=5):
    return suppressed_figures(
        counts=dict(zip(STATEMENTS, counts, strict=True)),
        answered=answered,
        population=population,
        threshold=threshold,
    )


def test_the_scale_is_counted_as_agreed_neither_or_disagreed():
    assert [scale_column(answer) for answer in (1, 2, 3, 4, 5)] == [2, 2, 1, 0, 0]


def test_a_team_smaller_than_the_threshold_shows_no_figures_even_when_all_answered():
    shown = figures([[4, 0, 0]] * 3, answered=4, population=4)
    assert not shown.shown
    assert shown.rows == []
    assert shown.answered == 0  # not even how many answered


def test_fewer_answers_than_the_threshold_show_no_figures_in_a_large_team():
    shown = figures([[4, 0, 0]] * 3, answered=4, population=12)
    assert not shown.shown
    assert shown.rows == []


def test_at_the_threshold_the_counts_are_shown():
    shown = figures([[5, 0, 0], [0, 5, 0], [0, 0, 5]], answered=5, population=5)
    assert shown.shown
    assert [row.counts for row in shown.rows] == [[5, 0, 0], [0, 5, 0], [0, 0, 5]]
    assert [row.total for row in shown.rows] == [5, 5, 5]


def test_a_small_count_is_hidden_with_another_so_the_total_cannot_give_it_away():
    shown = figures([[8, 2, 0], [10, 0, 0], [6, 3, 1]], answered=10, population=12)
    first, second, third = shown.rows
    # 2 is small; 8 alone would give it away from the total of 10 (0 hides nothing).
    assert first.counts == [None, None, 0]
    assert second.counts == [10, 0, 0]
    # 3 and 1 are both small and hidden: their sum follows from 10 - 6, neither does.
    assert third.counts == [6, None, None]
    assert all(row.total == 10 for row in shown.rows)


def test_no_hidden_count_follows_from_what_is_shown():
    for row in ([7, 1, 2], [9, 1, 0], [3, 3, 4], [6, 0, 4]):
        shown = figures([row] * 3, answered=10, population=10).rows[0]
        hidden = [i for i, count in enumerate(shown.counts) if count is None]
        assert len(hidden) != 1, row  # one hidden cell is the total minus the others
        for i, count in enumerate(row):
            if 0 < count < 5:
                assert shown.counts[i] is None, row


def test_changes_count_higher_same_and_lower():
    assert changes([(1, 3), (2, 2), (4, 3), (3, 5)]) == [2, 1, 1]
    assert changes([]) == [0, 0, 0]
