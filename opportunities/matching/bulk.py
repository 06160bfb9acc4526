"""Many members × many opportunities in bounded memory (pure: no database).

The weekly digest scores every member against every new opportunity: 100,000 members ×
1,000 opportunities would be 800 MB as a dense matrix of scores. `BestPerMember` keeps,
per member, only the `limit` best opportunities seen so far (and how many there were
in all), so memory grows with the members, never with members × opportunities.
"""

import numpy as np


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
