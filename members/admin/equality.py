"""The equality monitoring dashboard (Wagtail admin, one permission): who is involved,
compared with a benchmark population, only ever in aggregate. Every figure comes from a
closed quarter's publication, made once and frozen, suppressed and audited against
everything published before (members/disclosure.py says which method, and why); the
CSV export is exactly the page. Every view is logged."""

import csv
import io
from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from home.background import task_enqueue
from home.views import permission_denied
from members.equality import equality_benchmark_figures_save
from members.equality_publishing import (
    closed_periods,
    period_from_key,
    publications_shown,
    published_tables,
    shown,
)
from members.models import (
    EqualityBenchmark,
    EqualityDashboardView,
    ReferenceGroupPage,
)
from members.models.equality import CHARACTERISTICS
from members.tasks import equality_publish_closed_period

PERMISSION = "members.view_equality_dashboard"
NOT_ANSWERED = "not_answered"
DEFAULT_AREA = "England and Wales (Census 2021)"


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


def _bad_request(request, message: str) -> TemplateResponse:
    """A malformed query string: say what was wrong, with a way back (never a 500)."""
    return TemplateResponse(
        request,
        "members/admin/equality_bad_request.html",
        {"message": message},
        status=400,
    )


def _has_nul(request) -> bool:
    # PostgreSQL refuses NUL in text: a query with one would fail, so it is turned
    # away before anything is looked up.
    return any("\x00" in key + value for key, values in request.GET.lists() for value in values)


def equality_dashboard(request):
    if not request.user.has_perm(PERMISSION):
        # A plain 403, not Wagtail's redirect-with-a-message: nothing here for them.
        return permission_denied(request)
    if _has_nul(request):
        return _bad_request(request, _("The address has a character that is not allowed."))
    periods = closed_periods()
    chosen = request.GET.get("period") or ""
    period = period_from_key(chosen) if chosen else periods[0]
    if period is None:
        return _bad_request(
            request, _("Choose a reporting period from the list: a quarter that has ended.")
        )
    group = None
    if group_id := request.GET.get("group") or "":
        if group_id.isascii() and group_id.isdigit() and len(group_id) < 10:
            group = ReferenceGroupPage.objects.filter(pk=int(group_id)).first()
        if group is None:
            return _bad_request(request, _("Choose a group from the list."))
    areas = list(EqualityBenchmark.objects.values_list("area", flat=True).distinct())
    area = request.GET.get("area") if request.GET.get("area") in areas else DEFAULT_AREA
    publication = publications_shown().filter(key=period.key).first()
    if publication is None:
        # Published once, when first needed (and by the nightly job): with no broker
        # the task runs here and now; with one, the page says to come back shortly
        # (also when the broker is down: the nightly job publishes it then).
        task_enqueue(equality_publish_closed_period, period.key)
        publication = publications_shown().filter(key=period.key).first()
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
    as_csv = request.GET.get("format") == "csv"
    EqualityDashboardView.objects.create(
        by=request.user,
        what=(
            f"{'CSV export' if as_csv else 'Dashboard'}: "
            f"{group.title if group else 'all groups'}, {period.key}"
        )[:200],
    )
    if as_csv and publication is not None:
        return _csv(tables, area=area, group=group, period=period)
    return TemplateResponse(
        request,
        "members/admin/equality_dashboard.html",
        {
            "tables": tables,
            "published": publication,
            "groups": ReferenceGroupPage.objects.live().order_by("title"),
            "group": group,
            "period": period,
            "periods": periods,
            "area": area,
            "areas": areas or [DEFAULT_AREA],
            "threshold": settings.EQUALITY_SUPPRESSION_THRESHOLD,
            "minimum": settings.EQUALITY_MINIMUM_POPULATION,
            "recent_views": EqualityDashboardView.objects.select_related("by")[:10],
            "query": request.GET.urlencode(),
        },
    )


def _csv(tables, *, area, group, period) -> HttpResponse:
    """Exactly what the page shows for the chosen period, nothing more."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Equality monitoring, small numbers suppressed"),
            group.title if group else _("All groups"),
            f"{period.start} to {period.end}",
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
                    *[shown(item, table["threshold"]) for item in row["cells"]],
                    row["benchmark"] if row["benchmark"] is not None else "",
                ]
            )
        writer.writerow(
            [_("Total"), *[shown(total, table["threshold"]) for total in table["totals"]], ""]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="equality-{period.key}.csv"'
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
    if _has_nul(request):
        return _bad_request(request, _("The address has a character that is not allowed."))
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
