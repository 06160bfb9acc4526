"""Team totals of check-ins and confidence check-ins, with small numbers suppressed: a
pure function over plain counts, unit-tested without a database.

Why three columns (agreed 4–5, neither 3, disagreed 1–2) and not the five points of
the scale: a project team is small (often five to fifteen people), and spread over
five cells almost every count would be below the threshold and hidden, so the team
would see nothing at all. Three columns answer the question the team asks ("did most
of us feel able to speak up?") and keep more of the figures showable.

The rules, the same method as the equality figures (issue 7, members/suppression.py):
- no figures at all for a team (its current size) or a set of answers smaller than
  the threshold: only "Figures are shown once at least N people have answered";
- otherwise each statement's row is suppressed on its own (members.suppression.suppress
  with its total, the number who answered, published): a count from 1 to threshold-1
  shows as "fewer than N", and another count of the row is hidden with it where the
  total would give it away.
"""

from dataclasses import dataclass

from members.suppression import suppress

AGREED, NEITHER, DISAGREED = 0, 1, 2


def scale_column(answer: int) -> int:
    """Where an answer on the five-point scale is counted."""
    if answer >= 4:
        return AGREED
    if answer == 3:
        return NEITHER
    return DISAGREED


@dataclass(frozen=True)
class Row:
    key: str
    counts: list[int | None]  # agreed, neither, disagreed; None: hidden ("fewer than N")
    total: int


@dataclass(frozen=True)
class Figures:
    shown: bool  # False: too few people, nothing but the threshold is said
    answered: int
    threshold: int
    rows: list[Row]


def suppressed_figures(
    *, counts: dict[str, list[int]], answered: int, population: int, threshold: int
) -> Figures:
    """`counts` maps each statement to its [agreed, neither, disagreed] counts;
    `answered` is how many people answered, `population` the team's size now. With a
    population or answers below the threshold nothing is shown (not even how many
    answered, which with a small team would say who did not)."""
    if population < threshold or answered < threshold:
        return Figures(shown=False, answered=0, threshold=threshold, rows=[])
    rows = []
    for key, row in counts.items():
        table = suppress([list(row)], threshold=threshold)
        rows.append(
            Row(
                key=key,
                counts=[None if cell.hidden else cell.value for cell in table.cells[0]],
                total=table.row_totals[0].value,
            )
        )
    return Figures(shown=True, answered=answered, threshold=threshold, rows=rows)


def changes(pairs: list[tuple[int, int]]) -> list[int]:
    """[higher, the same, lower]: how many people's answer went up, stayed, went down
    from `before` to `after`, for one statement of the confidence check-in."""
    higher = sum(1 for before, after in pairs if after > before)
    lower = sum(1 for before, after in pairs if after < before)
    return [higher, len(pairs) - higher - lower, lower]
