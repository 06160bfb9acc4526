"""The organisation's yearly summary of involvement (Wagtail admin, area "summary"):
the figures of a UK financial year for annual reports and the UK Standards for Public
Involvement self-assessment, on the page and as a CSV file of the same figures.

Staff who run projects see it (projects.manage_project, with the second factor). The
diversity figures are shown only to those who may see equality figures
(members.view_equality_dashboard), suppressed and logged by the members app."""

import csv
import io

from django.conf import settings
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from home.permissions import requires
from members.selectors.equality import VIEW_PERMISSION as EQUALITY_PERMISSION
from members.selectors.equality import shown
from projects.selectors.access import PROJECT_PERMISSION
from projects.selectors.summary import (
    standards,
    summary_diversity,
    year_figures,
    year_from_param,
    years_to_choose,
)


@requires(permission=PROJECT_PERMISSION)
def summary_view(request):
    year = year_from_param(request.GET.get("year", "").strip())
    if year is None:
        return TemplateResponse(
            request,
            "projects/admin/summary.html",
            {
                "error": _("Choose a year from the list."),
                "years": years_to_choose(),
            },
            status=400,
        )
    figures = year_figures(year)
    may_see_equality = request.user.has_perm(EQUALITY_PERMISSION)
    diversity = summary_diversity(year, by=request.user) if may_see_equality else None
    context = {
        "year": year,
        "years": years_to_choose(),
        "figures": figures,
        "standards": standards(figures),
        "diversity": diversity,
        "may_see_equality": may_see_equality,
        "threshold": settings.EQUALITY_SUPPRESSION_THRESHOLD,
        "minimum": settings.EQUALITY_MINIMUM_POPULATION,
    }
    if request.GET.get("format") == "csv":
        return _csv(context)
    return TemplateResponse(request, "projects/admin/summary.html", context)


def _csv(context) -> HttpResponse:
    """Exactly the figures the page shows, nothing more."""
    year, figures = context["year"], context["figures"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Yearly summary of involvement"), year.label])
    writer.writerow([])
    for label, value in [
        (_("People who took part"), figures["people"]),
        (_("Of them, taking part for the first time"), figures["first_time"]),
        (_("Hours of involvement"), figures["hours"]),
        (_("Payments made"), figures["paid_count"]),
        (_("Paid in total (£)"), f"{figures['paid_total']:.2f}"),
        (_("Payments declined by members"), figures["declined_count"]),
        (_("Projects open in the year"), figures["projects_active"]),
        (_("Projects opened"), figures["projects_opened"]),
        (_("Impact entries"), figures["impact_total"]),
    ]:
        writer.writerow([label, value])
    for title, rows in [
        (_("Activities by kind"), figures["activities"]),
        (_("Projects by research stage now"), figures["stages"]),
        (_("Impact by kind"), figures["impact_kinds"]),
        (_("Impact by research stage"), figures["impact_stages"]),
    ]:
        writer.writerow([])
        writer.writerow([title])
        for row in rows:
            writer.writerow([row["label"], row["count"]])
    for standard in context["standards"]:
        writer.writerow([])
        writer.writerow([_("UK Standard: %(name)s") % {"name": standard["name"]}])
        for row in standard["figures"]:
            writer.writerow([row["label"], row["value"]])
    for table in (context["diversity"] or {}).get("tables", []):
        writer.writerow([])
        writer.writerow([table["label"], _("People involved (count)")])
        for row in table["rows"]:
            writer.writerow([row["label"], shown(row["cells"][0], table["threshold"])])
        writer.writerow([_("Total"), shown(table["totals"][0], table["threshold"])])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="involvement-summary-{year.key}.csv"'
    return response
