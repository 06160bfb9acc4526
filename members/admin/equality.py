"""The equality monitoring dashboard and its benchmarks (Wagtail admin, one permission):
who is involved, compared with a benchmark population, only ever in aggregate. Every
figure comes from a closed quarter's publication, made once and frozen, suppressed and
audited against everything published before (members/disclosure.py says which method,
and why); the CSV export is exactly the page. Every look is logged, by the reads in
members/selectors/equality.py."""

import csv
import io
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.chooser import SnippetChooserViewSet

from home.background import task_enqueue
from home.permissions import requires
from members.admin.taxonomy import NoCopySnippetViewSet
from members.forms.equality import BenchmarkFiguresForm, EqualityBenchmarkForm
from members.models import EqualityBenchmark, ReferenceGroupPage, User
from members.models.equality import BENCHMARKED
from members.selectors.equality import (
    DEFAULT_AREA,
    VIEW_PERMISSION,
    benchmark_areas,
    benchmark_figures,
    closed_periods,
    dashboard_tables,
    equality_looks_recent,
    equality_publications_read,
    period_from_key,
    shown,
)
from members.services.equality import equality_benchmark_figures_save
from members.tasks import equality_publish_closed_period


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


def _publish_closed_period(key: str) -> None:
    # Published once, when first needed (and by the nightly job): with no broker the
    # task runs here and now; with one, the page says to come back shortly (also when
    # the broker is down: the nightly job publishes it then).
    task_enqueue(equality_publish_closed_period, key)


@requires(permission=VIEW_PERMISSION)
def equality_dashboard(request):
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
    areas = benchmark_areas()
    area = request.GET.get("area") if request.GET.get("area") in areas else DEFAULT_AREA
    as_csv = request.GET.get("format") == "csv"
    publication = equality_publications_read(
        keys=[period.key],
        by=request.user,
        what=(
            f"{'CSV export' if as_csv else 'Dashboard'}: "
            f"{group.title if group else 'all groups'}, {period.key}"
        ),
        publish_missing=_publish_closed_period,
    ).get(period.key)
    tables = dashboard_tables(publication, group=group, area=area)
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
            "recent_views": equality_looks_recent(),
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


@requires(permission=VIEW_PERMISSION)
def equality_benchmark_figures(request, characteristic: str):
    if characteristic not in BENCHMARKED:
        raise Http404
    if _has_nul(request):
        return _bad_request(request, _("The address has a character that is not allowed."))
    area = request.GET.get("area") or ""
    existing = benchmark_figures(area=area, characteristic=characteristic)
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
                for value, _answer in BENCHMARKED[characteristic][1]
            },
        )
        messages.success(request, _("Benchmark figures saved."))
        query = urlencode({"area": form.cleaned_data["area"]})
        return redirect(reverse("members_equality_dashboard") + "?" + query)
    return TemplateResponse(
        request,
        "members/admin/equality_benchmark_figures.html",
        {"form": form, "label": BENCHMARKED[characteristic][0], "area": area},
    )


# --- Benchmark figures one at a time, as snippets -------------------------------------


class EqualityBenchmarkPolicy(ModelPermissionPolicy):
    """Whoever may see the equality dashboard keeps its benchmark figures (their own
    area's); nobody else, whatever a group is given."""

    def user_has_permission(self, user, action):
        return bool(user.is_active and user.has_perm(VIEW_PERMISSION))

    def users_with_any_permission(self, actions):
        return (
            User.objects.filter(is_active=True)
            .filter(
                Q(is_superuser=True)
                | Q(user_permissions__codename="view_equality_dashboard")
                | Q(groups__permissions__codename="view_equality_dashboard")
            )
            .distinct()
        )


class EqualityBenchmarkChooserViewSet(SnippetChooserViewSet):
    """Wagtail's snippet choosers check only admin access (the permission policy guards
    just their "create" tab), so any member of staff could list the benchmark figures
    through one. Every chooser view needs the equality permission, like the dashboard."""

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            pattern.callback = requires(permission=VIEW_PERMISSION)(pattern.callback)
        return patterns


class EqualityBenchmarkViewSet(NoCopySnippetViewSet):
    model = EqualityBenchmark
    chooser_viewset_class = EqualityBenchmarkChooserViewSet
    panels = [
        FieldPanel("area"),
        FieldPanel("source"),
        FieldPanel("answer"),
        FieldPanel("percent"),
    ]
    edit_handler = ObjectList(panels, base_form_class=EqualityBenchmarkForm)
    icon = "group"
    menu_label = gettext_lazy("Equality benchmarks")
    menu_order = 295
    add_to_admin_menu = False
    list_display = ["area", "characteristic", "category", "percent"]
    list_filter = ["area", "characteristic"]
    search_fields = ["area", "category"]

    def get_permissions_to_register(self):
        return Permission.objects.none()  # the dashboard's permission governs it
