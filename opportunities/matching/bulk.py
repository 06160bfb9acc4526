"""Many members × many opportunities in bounded memory (pure: no database).

The weekly digest scores every member against every new opportunity: 100,000 members ×
1,000 opportunities would be 800 MB as a dense matrix of scores. `BestPerMember` keeps,
per member, only the `limit` best suited opportunities seen so far (and how many were
suited in all), so memory grows with the members, never with members × opportunities.
"""

import datetime

import numpy as np

from opportunities.matching.core import (
    ACCESS,
    FORMATS,
    TIMES,
    TRAVEL,
    MemberFacts,
    MemberTable,
)


class BestPerMember:
    """Per table row, the `limit` best (column, score) pairs added, best first; ties go
    to the column added first (the caller adds opportunities in the order it wants ties
    broken)."""

    def __init__(self, members: int, limit: int):
        self.limit = limit
        self.score = np.full((members, limit), -np.inf, dtype=np.float64)
        self.column = np.full((members, limit), -1, dtype=np.int32)
        self.count = np.zeros(members, dtype=np.int32)

    def add(self, column: int, rows: np.ndarray, scores: np.ndarray) -> None:
        """Column `column` suits `rows` with these `scores` (one each)."""
        if not len(rows):
            return
        self.count[rows] += 1
        kept = self.score[rows]
        # The slot to give up: the lowest score and, of equal ones, the column added
        # last (it would come last in `best`). Empty slots score -inf.
        lowest = kept == kept.min(axis=1, keepdims=True)
        worst = np.where(lowest, self.column[rows], -2).argmax(axis=1)
        # Strictly better only: on a tie the column added earlier stays.
        better = scores > kept[np.arange(len(rows)), worst]
        self.score[rows[better], worst[better]] = scores[better]
        self.column[rows[better], worst[better]] = column

    def rows(self) -> np.ndarray:
        """Rows with at least one column, in table order."""
        return np.flatnonzero(self.count)

    def best(self, row: int) -> list[tuple[int, float]]:
        """(column, score) best first; ties in the order the columns were added."""
        columns, scores = self.column[row], self.score[row]
        present = columns >= 0
        columns, scores = columns[present], scores[present]
        order = np.lexsort((columns, -scores))
        return [(int(columns[i]), float(scores[i])) for i in order]


def _bits_to_codes(bits: int, codes) -> frozenset[str]:
    return frozenset(code for i, code in enumerate(codes) if bits & (1 << i))


def _row_ids(matrix, row: int, ids) -> frozenset[int]:
    start, end = matrix.indptr[row], matrix.indptr[row + 1]
    return frozenset(ids[i] for i in matrix.indices[start:end])


def member_facts_at(table: MemberTable, row: int, *, today: datetime.date) -> MemberFacts:
    """One row of a table as plain facts again (to `explain` a few matches found in
    bulk, without asking the database). `today` must be the table's."""
    days = int(table.last_involved_days[row])
    region = int(table.region[row])
    return MemberFacts(
        id=int(table.ids[row]),
        topics=_row_ids(table.topics, row, table.topic_ids),
        skills=_row_ids(table.skills, row, table.skill_ids),
        formats=_bits_to_codes(int(table.formats[row]), FORMATS),
        times=_bits_to_codes(int(table.times[row]), TIMES),
        region=None if region < 0 else region,
        travel=TRAVEL[int(table.travel[row])],
        access=_bits_to_codes(int(table.access[row]), ACCESS),
        stages=_bits_to_codes(int(table.stages[row]), table.stage_codes),
        groups=_row_ids(table.groups, row, table.group_ids),
        last_involved_on=None if days < 0 else today - datetime.timedelta(days=days),
    )
