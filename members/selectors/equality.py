"""Reads of equality data: with members/services/equality.py (the writes), the one door
to equality monitoring answers; nobody outside `members` reads their models.

Here: the reporting periods, the published figures staff see (the dashboard, its CSV
export, the shortlist panel) and the benchmarks they are compared with, which consenting
applicants an opportunity seeks, and a member's own answers. Every look by staff at
figures or marks computed from the answers is written to the access log here, as part
of the read that shows them: callers never write it.
"""

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from members import disclosure
from members.models import (
    EqualityBenchmark,
    EqualityDashboardView,
    EqualityPublication,
    EqualityResponse,
    ReferenceGroupPage,
    User,
)
from members.models.equality import (
    ANSWER_FIELDS,
    BENCHMARKED,
    CHARACTERISTICS,
    DISABILITY_TWO_WAY,
    DISABILITY_TWO_WAY_GROUPS,
    answer_category,
    answer_filter,
)

# Whoever sees anything computed from equality answers needs this, and is logged.
VIEW_PERMISSION = "members.view_equality_dashboard"
NOT_ANSWERED = disclosure.NOT_ANSWERED
DEFAULT_AREA = "England and Wales (Census 2021)"
_PERIOD_KEY = re.compile(r"^(\d{4})-Q([1-4])$")


# --- Reporting periods: calendar quarters ---------------------------------------------


@dataclass(frozen=True)
class Period:
    key: str
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        return _("%(start)s to %(end)s") % {
            "start": f"{self.start:%-d %B %Y}",
            "end": f"{self.end:%-d %B %Y}",
        }


def period_containing(day: datetime.date) -> Period:
    quarter = (day.month - 1) // 3 + 1
    start = datetime.date(day.year, 3 * quarter - 2, 1)
    following = datetime.date(day.year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return Period(f"{day.year}-Q{quarter}", start, following - datetime.timedelta(days=1))


def period_from_key(key: str) -> Period | None:
    """The closed quarter a key like "2025-Q1" names, or None (malformed, or not over)."""
    match = _PERIOD_KEY.match(key or "")
    if not match:
        return None
    year, quarter = int(match[1]), int(match[2])
    if not 2000 <= year <= 9999:
        return None
    period = period_containing(datetime.date(year, 3 * quarter - 2, 1))
    return period if period.end < timezone.localdate() else None


def closed_periods(count: int = 8) -> list[Period]:
    """The last `count` quarters that have ended, newest first."""
    periods = []
    day = period_containing(timezone.localdate()).start - datetime.timedelta(days=1)
    for _n in range(count):
        period = period_containing(day)
        periods.append(period)
        day = period.start - datetime.timedelta(days=1)
    return periods


# --- The access log -------------------------------------------------------------------


def _access_log(*, by: User, what: str) -> None:
    """Record that someone saw figures or marks computed from equality answers: who,
    when and which view (shown to admins beside the dashboard's own reads)."""
    EqualityDashboardView.objects.create(by=by, what=what[:200])


def equality_looks_recent(limit: int = 10):
    """The latest looks at equality figures, newest first (the dashboard shows them)."""
    return EqualityDashboardView.objects.select_related("by")[:limit]


# --- Published figures ----------------------------------------------------------------


def _publications_shown():
    """Publications to show figures from: `data` (everyone's ids and answer versions,
    megabytes at 100,000 members) is left in the database; `figures` has what is shown."""
    return EqualityPublication.objects.defer("data")


def equality_publications_read(
    *,
    keys: list[str],
    by: User,
    what: str,
    publish_missing: Callable[[str], None] | None = None,
) -> dict[str, EqualityPublication]:
    """The publications under `keys` that exist, by key, to show their figures (never
    their `data`); the look is logged as `what`, by `by`, whatever was found.
    `publish_missing(key)` is called for each key not published yet (the caller
    enqueues its publishing: with no broker it runs at once), and what it made is read."""
    found = {p.key: p for p in _publications_shown().filter(key__in=keys)}
    missing = [key for key in keys if key not in found]
    if missing and publish_missing is not None:
        for key in missing:
            publish_missing(key)
        found |= {p.key: p for p in _publications_shown().filter(key__in=missing)}
    _access_log(by=by, what=what)
    return found


def _percent(value: int, total: int) -> Decimal | None:
    if not total:
        return None
    return (Decimal(value) * 100 / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def published_tables(
    columns: list[tuple[EqualityPublication, str, str | None]], characteristics: Iterable[str]
) -> list[dict]:
    """Tables for the template and the CSV: one per characteristic, a column for each
    (publication, population key, label or None for the stored one), exactly as
    published (read from `figures`, never `data`). A cell is shown, hidden as
    small ("fewer than N"), hidden beside others, or its whole column withheld."""
    threshold = settings.EQUALITY_SUPPRESSION_THRESHOLD
    found = []
    for characteristic in characteristics:
        label, choices = CHARACTERISTICS[characteristic]
        categories = [*choices, (NOT_ANSWERED, _("Not answered"))]
        heads, tables = [], []
        for publication, pop_key, column_label in columns:
            # A population with nobody in it at the time was not published at all.
            population = next(
                (p for p in publication.figures["populations"] if p["key"] == pop_key),
                {"label": column_label, "size": 0},
            )
            heads.append({"label": column_label or population["label"], "size": population["size"]})
            tables.append(
                publication.figures["tables"]
                .get(pop_key, {})
                .get(characteristic, {"withheld": disclosure.TOO_FEW})
            )
        rows = []
        for value, category_label in categories:
            cells = []
            for head, table in zip(heads, tables, strict=True):
                if "cells" not in table:
                    cells.append({"withheld": table["withheld"]})
                    continue
                low, high = table["cells"].get(value, [0, 0])
                cells.append(
                    {
                        "value": low if low == high else None,
                        "hidden": low != high,
                        "small": low != high and low >= 1,
                        "percent": _percent(low, head["size"]) if low == high else None,
                    }
                )
            rows.append({"value": value, "label": category_label, "cells": cells})
        found.append(
            {
                "key": characteristic,
                "label": label,
                "populations": [head["label"] for head in heads],
                "rows": rows,
                "totals": [
                    {"withheld": table["withheld"]}
                    if "cells" not in table
                    else {"value": head["size"]}
                    for head, table in zip(heads, tables, strict=True)
                ],
                "threshold": threshold,
            }
        )
    return found


def shown(cell: dict, threshold: int) -> str:
    """A cell in words, as the page shows it (also used by the CSV export)."""
    if "withheld" in cell:
        return withheld_reason(cell["withheld"])
    if cell.get("hidden"):
        if cell["small"]:
            return _("fewer than %(n)s") % {"n": threshold}
        return _("not shown")
    return str(cell["value"])


def withheld_reason(reason: str) -> str:
    if reason == disclosure.TOO_FEW:
        return _("too few people to show figures")
    return _("not shown, so that nobody's answer can be worked out")


# --- The dashboard and its benchmarks -------------------------------------------------


def benchmark_areas() -> list[str]:
    """The areas with benchmark figures (Census 2021 and any staff added)."""
    return list(EqualityBenchmark.objects.values_list("area", flat=True).distinct())


def benchmark_figures(*, area: str, characteristic: str) -> list[EqualityBenchmark]:
    """One area's figures for one question."""
    return list(EqualityBenchmark.objects.filter(area=area, characteristic=characteristic))


def _benchmarks(area: str) -> tuple[dict[tuple[str, str], Decimal], dict[str, str]]:
    """The area's figures by (characteristic, category), and each characteristic's
    sources (all of them, where its figures came from more than one)."""
    figures = list(EqualityBenchmark.objects.filter(area=area))
    sources: dict[str, list[str]] = {}
    for figure in figures:
        if figure.source not in sources.setdefault(figure.characteristic, []):
            sources[figure.characteristic].append(figure.source)
    return (
        {(f.characteristic, f.category): f.percent for f in figures},
        {characteristic: " ".join(found) for characteristic, found in sources.items()},
    )


def _disability_two_way(disability: dict) -> dict:
    """The disability table folded into the Census's two groups (Equality Act), from the
    published cells alone: a group's count is shown only where every answer in it is
    shown, so nothing is worked out that the four-way table keeps back."""
    sizes = [total.get("value") for total in disability["totals"]]
    by_value = {row["value"]: row["cells"] for row in disability["rows"]}
    rows = []
    for value, (label, answers) in DISABILITY_TWO_WAY_GROUPS.items():
        cells = []
        for column, size in enumerate(sizes):
            parts = [by_value[answer][column] for answer in answers]
            if withheld := next((p["withheld"] for p in parts if "withheld" in p), None):
                cells.append({"withheld": withheld})
            elif any(p["hidden"] for p in parts):
                cells.append({"value": None, "hidden": True, "small": False, "percent": None})
            else:
                count = sum(p["value"] for p in parts)
                cells.append(
                    {
                        "value": count,
                        "hidden": False,
                        "small": False,
                        "percent": _percent(count, size or 0),
                    }
                )
        rows.append({"value": value, "label": label, "cells": cells})
    return {
        **disability,
        "key": DISABILITY_TWO_WAY,
        "label": BENCHMARKED[DISABILITY_TWO_WAY][0],
        "note": _(
            "The disability answers above in the two groups the Census publishes: "
            "disabled (day-to-day activities limited a lot or a little) and not disabled "
            "(a condition that does not limit them, or no condition). A group's count is "
            "not shown where any answer in it is not shown."
        ),
        "rows": rows,
    }


def dashboard_tables(
    publication: EqualityPublication | None, *, group: ReferenceGroupPage | None, area: str
) -> list[dict]:
    """The dashboard's tables from a publication read through
    `equality_publications_read`: all active members or one group's, beside the period's
    applicants and selected, each answer compared with the area's benchmark."""
    tables = []
    if publication is not None:
        first = (
            (publication, f"group:{group.pk}", _("Members of %(group)s") % {"group": group.title})
            if group
            else (publication, "members", None)
        )
        columns = [first] + [
            (publication, population["key"], None)
            for population in publication.figures["populations"]
            if population["key"] in ("applicants", "selected")
        ]
        tables = published_tables(columns, CHARACTERISTICS)
        # Beside the four-way disability table, the two groups the Census publishes.
        at = next(i for i, table in enumerate(tables) if table["key"] == "disability")
        tables.insert(at + 1, _disability_two_way(tables[at]))
    benchmarks, sources = _benchmarks(area)
    for table in tables:
        table["source"] = sources.get(table["key"], "")
        for row in table["rows"]:
            # The benchmark's "not answered" share sits beside "Prefer not to say";
            # nobody is ever marked under-represented for not answering.
            row["benchmark"] = benchmarks.get((table["key"], row["value"]))
            a_group = row["value"] not in ("prefer_not", NOT_ANSWERED)
            for item in row["cells"]:
                # Fewer than four-fifths of the benchmark share: a gap worth a look.
                item["under"] = (
                    a_group
                    and row["benchmark"] is not None
                    and row["benchmark"] >= 1
                    and item.get("percent") is not None
                    and item["percent"] < row["benchmark"] * Decimal("0.8")
                )
    return tables


# --- About individuals: a member's own answers, and consented matches -----------------


def seeks_voices_matches(*, member_ids=None, seeks: str, by: User, what: str) -> set[int]:
    """Which people agreed to be prioritised for an opportunity seeking `seeks`
    ("characteristic:answer") and gave that answer: of `member_ids`, or of every member
    when it is None (the set is small, so a caller ranking many thousands intersects it
    in Python rather than sending every id in one IN list). It says something about
    individuals, so only staff with the equality permission may ask, and every asking
    is logged; nobody else's answers are read at all."""
    if not by.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    if not seeks:
        return set()
    characteristic, answer = seeks.split(":", 1)
    _access_log(by=by, what=what)
    matches = EqualityResponse.objects.filter(
        answer_filter(characteristic, answer), prioritisation_consent=True
    )
    if member_ids is not None:
        matches = matches.filter(member_id__in=list(member_ids))
    return set(matches.values_list("member_id", flat=True))


def lottery_features(*, member_ids, characteristics: list[str], by: User, what: str) -> dict:
    """Each person's category for each of `characteristics` (keys of CHARACTERISTICS),
    for a fair lottery's quotas (opportunities' lottery): `{member_id: {characteristic:
    category}}`, with "not_given" for anyone who did not agree to their answers being
    used about them (prioritisation_consent), did not answer, or preferred not to say.
    Only staff with the equality permission may ask; every asking is logged."""
    if not by.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    member_ids = list(member_ids)
    unknown = [c for c in characteristics if c not in CHARACTERISTICS]
    if unknown:
        raise ValueError(f"Not equality characteristics: {unknown}")
    found = {member_id: dict.fromkeys(characteristics, "not_given") for member_id in member_ids}
    if not characteristics or not member_ids:
        return found
    _access_log(by=by, what=what)
    fields = sorted({"long_term_condition", "day_to_day", *characteristics} - {"disability"})
    for row in EqualityResponse.objects.filter(
        member_id__in=member_ids, prioritisation_consent=True
    ).values("member_id", *fields):
        for characteristic in characteristics:
            category = answer_category(row, characteristic)
            if category not in (NOT_ANSWERED, "not_answered", "prefer_not"):
                found[row["member_id"]][characteristic] = category
    return found


def lottery_characteristics() -> list[tuple[str, str, dict[str, str]]]:
    """The equality questions a fair lottery may set quotas on: (key, label, {category:
    label}), "prefer not to say" left out (it counts as not given)."""
    return [
        (key, str(label), {value: str(name) for value, name in choices if value != "prefer_not"})
        for key, (label, choices) in CHARACTERISTICS.items()
    ]


def seeks_voices_choices() -> list[tuple[str, str]]:
    """The groups an opportunity may seek, "characteristic:answer" (never "prefer not
    to say"): what `seeks_voices_matches` is asked about."""
    return [
        (f"{key}:{value}", f"{label}: {category}")
        for key, (label, choices) in CHARACTERISTICS.items()
        for value, category in choices
        if value != "prefer_not"
    ]


def equality_answered(*, member: User) -> bool:
    """Whether the member has saved answers (for the member's own pages)."""
    return EqualityResponse.objects.filter(member=member).exists()


def equality_answers(*, member: User) -> dict | None:
    """The member's own saved answers, by question field (for changing them), or None."""
    saved = EqualityResponse.objects.filter(member=member).first()
    return {name: getattr(saved, name) for name in ANSWER_FIELDS} if saved else None


def equality_answers_shown(*, member: User) -> dict | None:
    """The member's own answers in words, by question, for their data download; None
    when they gave none."""
    equality = EqualityResponse.objects.filter(member=member).first()
    if equality is None:
        return None
    return {
        str(field.verbose_name): (
            getattr(equality, f"get_{field.name}_display")()
            if field.choices
            else getattr(equality, field.name)
        )
        for field in EqualityResponse._meta.concrete_fields
        if field.name not in ("id", "member")
    }
