"""Many members × many opportunities in bounded memory: each member's best suited
opportunities are exactly what sorting all of them would give."""

import datetime

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from opportunities.matching.bulk import BestPerMember
from opportunities.matching.core import MemberFacts, member_facts_from_table, member_table

# Scores as the core gives them: multiples of a half, so ties are common.
scores = st.integers(min_value=0, max_value=24).map(lambda n: n / 2)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=1, max_value=6),
    st.integers(min_value=1, max_value=4),
    st.lists(st.lists(st.one_of(st.none(), scores), min_size=6, max_size=6), max_size=12),
)
def test_the_kept_best_are_the_best_of_all_in_order(members, limit, columns):
    best = BestPerMember(members, limit)
    everything: dict[int, list[tuple[int, float]]] = {row: [] for row in range(members)}
    for column, per_member in enumerate(columns):
        rows = np.array([r for r in range(members) if per_member[r] is not None], dtype=np.intp)
        values = np.array([per_member[r] for r in rows], dtype=np.float64)
        best.add(column, rows, values)
        for row, value in zip(rows.tolist(), values.tolist(), strict=True):
            everything[row].append((column, value))
    for row in range(members):
        # Best first; on a tie, the column added first.
        expected = sorted(everything[row], key=lambda pair: (-pair[1], pair[0]))[:limit]
        assert best.best(row) == expected
        assert best.count[row] == len(everything[row])
    assert best.rows().tolist() == [r for r in range(members) if everything[r]]


def test_a_table_row_gives_back_the_members_facts():
    today = datetime.date(2027, 1, 15)
    members = [
        MemberFacts(
            id=3,
            topics=frozenset({11, 2}),
            skills=frozenset({5}),
            formats=frozenset({"online", "paper"}),
            times=frozenset({"evenings"}),
            region=7,
            travel="local",
            access=frozenset({"bsl"}),
            stages=frozenset({"design"}),
            groups=frozenset({9}),
            last_involved_on=datetime.date(2026, 3, 1),
        ),
        MemberFacts(id=4),
    ]
    table = member_table(
        members, topic_ids=(1, 2, 11), stage_codes=("design", "funding"), today=today
    )
    assert [member_facts_from_table(table, row, today=today) for row in range(2)] == members
