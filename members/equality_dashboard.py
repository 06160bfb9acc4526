"""The equality monitoring dashboard (Wagtail admin, one permission): who is involved,
compared with a benchmark population, only ever in aggregate with small numbers
suppressed (members/suppression.py) in every table, chart and export. Every view is
logged."""

import csv
import datetime
import io
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from home.views import permission_denied
from members.equality import equality_benchmark_figures_save
from members.hooks import equality_populations
from members.models import (
    EqualityBenchmark,
    EqualityDashboardView,
    EqualityResponse,
    GroupMembership,
    ReferenceGroupPage,
    User,
)
from members.models.equality import CHARACTERISTICS, answer_filter
from members.suppression import suppress

PERMISSION = "members.view_equality_dashboard"
NOT_ANSWERED = "not_answered"
DEFAULT_AREA = "England and Wales (Census 2021)"


def _period(request) -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    start = parse_date(request.GET.get("start") or "") or today - datetime.timedelta(days=365)
    end = parse_date(request.GET.get("end") or "") or today
    return (start, end) if start <= end else (end, start)


def populations(*, group: ReferenceGroupPage | None, start, end) -> list[tuple[str, object]]:
    active = GroupMembership.objects.filter(status=GroupMembership.Status.ACTIVE)
    if group is not None:
        active = active.filter(group=group)
    found = [(_("Active members"), active.values("member_id").distinct())]
    for _receiver, more in equality_populations.send(sender=User, start=start, end=end):
        found.extend(more or [])
    return found


def population_counts(pops) -> list[dict]:
    """For each population: its size, and the count of every answer to every question,
    in one aggregate query (the database counts; nothing is looped over in Python)."""
    found = []
    for _label, member_ids in pops:
        people = User.objects.filter(pk__in=member_ids)
        aggregates = {
            f"{key}__{value}": Count("pk", filter=answer_filter(key, value))
            for key, (_question, choices) in CHARACTERISTICS.items()
            for value, _answer in choices
        }
        counts = EqualityResponse.objects.filter(member__in=people).aggregate(**aggregates)
        counts["__people"] = people.count()
        found.append(counts)
    return found


def characteristic_table(
    characteristic: str, pops, *, threshold: int, counted: list[dict] | None = None
) -> dict:
    """Counts per answer (rows) and population (columns), suppressed, with percentages
    of each column's total where both are shown."""
    label, choices = CHARACTERISTICS[characteristic]
    categories = [*choices, (NOT_ANSWERED, _("Not answered"))]
    counted = counted if counted is not None else population_counts(pops)
    columns = []
    for counts in counted:
        rows = {value: counts[f"{characteristic}__{value}"] for value, _answer in choices}
        rows[NOT_ANSWERED] = counts["__people"] - sum(rows.values())
        columns.append(rows)
    counts = [[column.get(value, 0) for column in columns] for value, _label in categories]
    # Columns are overlapping groups of people: no row totals are published.
    table = suppress(counts, threshold=threshold, row_totals=False)
    return {
        "key": characteristic,
        "label": label,
        "populations": [pop_label for pop_label, _ids in pops],
        "rows": [
            {
                "value": value,
                "label": category_label,
                "cells": [
                    {
                        "cell": cell,
                        "percent": _percent(cell, table.column_totals[j]),
                    }
                    for j, cell in enumerate(table.cells[i])
                ],
            }
            for i, (value, category_label) in enumerate(categories)
        ],
        "totals": table.column_totals,
        "threshold": threshold,
    }


def _percent(cell, total) -> Decimal | None:
    if cell.hidden or total.hidden or not total.value:
        return None
    return (Decimal(cell.value) * 100 / total.value).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


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


def equality_dashboard(request):
    if not request.user.has_perm(PERMISSION):
        # A plain 403, not Wagtail's redirect-with-a-message: nothing here for them.
        return permission_denied(request)
    start, end = _period(request)
    group = ReferenceGroupPage.objects.filter(pk=request.GET.get("group") or 0).first()
    areas = list(EqualityBenchmark.objects.values_list("area", flat=True).distinct())
    area = request.GET.get("area") if request.GET.get("area") in areas else DEFAULT_AREA
    threshold = settings.EQUALITY_SUPPRESSION_THRESHOLD
    pops = populations(group=group, start=start, end=end)
    benchmarks, sources = _benchmarks(area)
    counted = population_counts(pops)
    tables = [
        characteristic_table(key, pops, threshold=threshold, counted=counted)
        for key in CHARACTERISTICS
    ]
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
                    and item["percent"] is not None
                    and item["percent"] < row["benchmark"] * Decimal("0.8")
                )
    as_csv = request.GET.get("format") == "csv"
    EqualityDashboardView.objects.create(
        by=request.user,
        what=(
            f"{'CSV export' if as_csv else 'Dashboard'}: "
            f"{group.title if group else 'all groups'}, {start}–{end}"
        )[:200],
    )
    if as_csv:
        return _csv(tables, area=area, group=group, start=start, end=end)
    return TemplateResponse(
        request,
        "members/admin/equality_dashboard.html",
        {
            "tables": tables,
            "groups": ReferenceGroupPage.objects.live().order_by("title"),
            "group": group,
            "start": start,
            "end": end,
            "area": area,
            "areas": areas or [DEFAULT_AREA],
            "threshold": threshold,
            "recent_views": EqualityDashboardView.objects.select_related("by")[:10],
            "query": request.GET.urlencode(),
        },
    )


def _csv(tables, *, area, group, start, end) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Equality monitoring, small numbers suppressed"),
            group.title if group else _("All groups"),
            f"{start} to {end}",
            _("Benchmark: %(area)s") % {"area": area},
        ]
    )
    for table in tables:
        writer.writerow([])
        if table["source"]:
            writer.writerow([_("Benchmark source: %(source)s") % {"source": table["source"]}])
        writer.writerow(
            [table["label"], *[f"{pop} (count)" for pop in table["populations"]], "benchmark %"]
        )
        for row in table["rows"]:
            writer.writerow(
                [
                    row["label"],
                    *[item["cell"].shown(table["threshold"]) for item in row["cells"]],
                    row["benchmark"] if row["benchmark"] is not None else "",
                ]
            )
        writer.writerow(
            [_("Total"), *[total.shown(table["threshold"]) for total in table["totals"]], ""]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="equality-{start}-{end}.csv"'
    return response


class BenchmarkFiguresForm(forms.Form):
    """All of one area's figures for one question on one page: a percentage per answer,
    blank for none."""

    area = forms.CharField(label=_l("Area"), max_length=120)
    source = forms.CharField(
        label=_l("Source"),
        max_length=300,
        help_text=_l("Where the figures come from, and what population they are of."),
    )

    def __init__(self, *args, characteristic: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.characteristic = characteristic
        for value, answer in CHARACTERISTICS[characteristic][1]:
            self.fields[f"percent_{value}"] = forms.DecimalField(
                label=answer,
                required=False,
                min_value=0,
                max_value=100,
                max_digits=4,
                decimal_places=1,
            )

    def percent_fields(self):
        return [self[name] for name in self.fields if name.startswith("percent_")]

    def clean(self):
        cleaned = super().clean()
        given = [cleaned[n] for n in self.fields if n.startswith("percent_") and cleaned.get(n)]
        # Each figure is rounded to 0.1, so a set may honestly add up to a little over 100.
        if sum(given) > 100 + Decimal("0.05") * len(given):
            raise forms.ValidationError(
                _("These figures add up to more than 100%: check each one."), code="over"
            )
        return cleaned


def equality_benchmark_figures(request, characteristic: str):
    if not request.user.has_perm(PERMISSION):
        return permission_denied(request)
    if characteristic not in CHARACTERISTICS:
        raise Http404
    area = request.GET.get("area") or ""
    existing = list(EqualityBenchmark.objects.filter(area=area, characteristic=characteristic))
    initial = {"area": area, "source": next((f.source for f in existing), "")}
    initial |= {f"percent_{f.category}": f.percent for f in existing}
    form = BenchmarkFiguresForm(
        request.POST or None, characteristic=characteristic, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        equality_benchmark_figures_save(
            area=form.cleaned_data["area"],
            source=form.cleaned_data["source"],
            characteristic=characteristic,
            percents={
                value: form.cleaned_data[f"percent_{value}"]
                for value, _answer in CHARACTERISTICS[characteristic][1]
            },
        )
        messages.success(request, _("Benchmark figures saved."))
        query = urlencode({"area": form.cleaned_data["area"]})
        return redirect(reverse("members_equality_dashboard") + "?" + query)
    return TemplateResponse(
        request,
        "members/admin/equality_benchmark_figures.html",
        {"form": form, "label": CHARACTERISTICS[characteristic][0], "area": area},
    )
