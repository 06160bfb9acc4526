"""Equality figures are published once and frozen: the database side of
members/disclosure.py (which says which method, and why). This module gathers plain
data (who is in each population, everyone's current answer categories and answer
versions, what was published before), calls the pure publisher, and stores its result.
Every aggregate equality figure staff see — the dashboard, its CSV export and the
shortlist panel — is read from these stored publications, never counted live.
"""

import datetime
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from members import disclosure
from members.hooks import equality_populations
from members.models import (
    EqualityPublication,
    EqualityResponse,
    GroupMembership,
    ReferenceGroupPage,
    User,
)
from members.models.equality import CHARACTERISTICS, answer_category

NOT_ANSWERED = disclosure.NOT_ANSWERED
# One number for every PostgreSQL advisory lock taken here: publications are made one
# at a time, so each is audited against every one before it.
_LOCK = 7_241_011
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


# --- Gathering and publishing ---------------------------------------------------------


def _active_at(day: datetime.date):
    """Memberships active at the end of `day` (an ended one counts until it ended)."""
    started = Q(started_on__lte=day) | Q(started_on__isnull=True, applied_at__date__lte=day)
    return GroupMembership.objects.filter(started).filter(
        Q(status=GroupMembership.Status.ACTIVE)
        | Q(status=GroupMembership.Status.ENDED, ended_at__date__gt=day)
    )


def period_populations(period: Period) -> list[tuple[str, str, Iterable[int]]]:
    """Active members at the period's end (all; each group), then whatever the apps
    above add through the `equality_populations` hook (applicants, the selected)."""
    active = list(_active_at(period.end).values_list("group_id", "member_id"))
    found = [("members", _("Active members"), {member for _group, member in active})]
    titles = dict(ReferenceGroupPage.objects.values_list("pk", "title"))
    by_group: dict[int, set[int]] = {}
    for group, member in active:
        by_group.setdefault(group, set()).add(member)
    for group, members in sorted(by_group.items()):
        found.append((f"group:{group}", titles.get(group, ""), members))
    for _receiver, more in equality_populations.send(
        sender=User, start=period.start, end=period.end
    ):
        found.extend(more or [])
    return found


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])


def equality_publish(
    *, key: str, populations: list[tuple[str, str, Iterable[int]]]
) -> EqualityPublication:
    """Publish figures for `populations` under `key`, once: if `key` is published
    already, that publication is returned unchanged. Publications are made one at a
    time, each audited against all earlier ones (members/disclosure.py)."""
    existing = EqualityPublication.objects.filter(key=key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            _lock()
            existing = EqualityPublication.objects.filter(key=key).first()
            if existing is not None:
                return existing
            data = _publish_data(populations)
            return EqualityPublication.objects.create(
                key=key, data=data, figures=publication_figures(data)
            )
    except IntegrityError:  # made at the same moment elsewhere (no advisory lock there)
        return EqualityPublication.objects.get(key=key)


def _publish_data(populations) -> dict:
    fields = ["sex", "age_band", "gender_same_as_sex", "sexual_orientation", "ethnicity"]
    fields += ["religion", "long_term_condition", "day_to_day", "carer"]
    answers: dict[int, dict[str, str]] = {
        pk: {} for pk in User.objects.values_list("pk", flat=True)
    }
    versions: dict[int, dict[str, str]] = {}
    for row in EqualityResponse.objects.values("member_id", "answer_versions", *fields):
        person = row["member_id"]
        answers[person] = {c: answer_category(row, c) for c in CHARACTERISTICS}
        if row["answer_versions"]:
            versions[person] = row["answer_versions"]
    labels = {}
    pops = []
    for pop_key, label, people in populations:
        labels[pop_key] = str(label)
        pops.append(disclosure.Population(pop_key, tuple(sorted(set(people)))))
    data = disclosure.publish(
        populations=pops,
        categories={
            c: [value for value, _answer in choices] + [NOT_ANSWERED]
            for c, (_label, choices) in CHARACTERISTICS.items()
        },
        answers=answers,
        versions=versions,
        earlier=list(EqualityPublication.objects.values_list("data", flat=True)),
        threshold=settings.EQUALITY_SUPPRESSION_THRESHOLD,
        minimum=settings.EQUALITY_MINIMUM_POPULATION,
        seconds=settings.EQUALITY_AUDIT_SECONDS,
    )
    for population in data["populations"]:
        population["label"] = labels[population["key"]]
    return data


def publication_figures(data: dict) -> dict:
    """What staff are shown of a publication's `data`: each population's key, label and
    size, and the published cells; never who is in it (see EqualityPublication)."""
    return {
        "populations": [
            {"key": p["key"], "label": p.get("label", ""), "size": p["size"]}
            for p in data["populations"]
        ],
        "tables": data["tables"],
    }


def equality_period_publish(*, period: Period) -> EqualityPublication:
    """The period's figures, published now if they were not yet (only once it ended)."""
    if period.end >= timezone.localdate():
        raise ValueError("Figures are published only for periods that have ended.")
    existing = EqualityPublication.objects.filter(key=period.key).first()
    if existing is not None:
        return existing
    return equality_publish(key=period.key, populations=period_populations(period))


def publications_shown():
    """Publications to show figures from: `data` (everyone's ids and answer versions,
    megabytes at 100,000 members) is left in the database; `figures` has what is shown."""
    return EqualityPublication.objects.defer("data")


def equality_publications_forget(*, user: User) -> int:
    """For erasure: the person's id goes from every stored publication, replaced by one
    random stand-in, the same in all of them. Kept log entries name the id, so it would
    link the person to their answers' versions; the audit (members/disclosure.py) still
    needs to know that the stand-in is one person across tables, and with which
    versions. Returns how many publications changed. Runs inside the erasure."""
    _lock()  # not while a publication is made: it would store the id again
    person = str(user.pk)
    stand_in = f"erased-{secrets.token_hex(8)}"  # never an id: ids are numbers
    changed = 0
    for publication in EqualityPublication.objects.select_for_update().order_by("pk"):
        data = publication.data
        found = False
        for population in data.get("populations", []):
            people = population.get("people", [])
            if any(str(p) == person for p in people):
                population["people"] = [stand_in if str(p) == person else p for p in people]
                found = True
        versions = data.get("versions", {})
        if person in versions:
            versions[stand_in] = versions.pop(person)
            found = True
        if found:
            publication.save(update_fields=["data"])
            changed += 1
    return changed


# --- Reading published figures ----------------------------------------------------------


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
