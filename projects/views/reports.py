"""A project's GRIPP2 short-form report: read by the team and staff, edited by those
who steer the project, downloaded as a standalone web page or a PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from home.models import OrganisationSettings
from home.pdf import pdf_available, pdf_response
from projects.forms.reports import ReportForm
from projects.models import GrippReport
from projects.selectors.access import project_for
from projects.selectors.impact import impact_by_stage
from projects.selectors.reports import report_record
from projects.services.reports import SECTIONS, gripp_draft, report_save
from projects.views.projects import project_context


def _report_parts(project) -> dict:
    """The sections (the saved report, or the draft from the record) and what the
    export adds to them: the credits, the impact entries and the decision summary."""
    record = report_record(project)
    saved = GrippReport.objects.filter(project=project).select_related("updated_by").first()
    texts = (
        {name: getattr(saved, name) for name in SECTIONS}
        if saved
        else gripp_draft(project=project, record=record)
    )
    return {
        "saved": saved,
        "sections": [
            {
                "name": name,
                "label": GrippReport._meta.get_field(name).verbose_name,
                "text": texts[name],
            }
            for name in SECTIONS
        ],
        "credits": record["credits"],
        "impact_stages": impact_by_stage(record["impact"]),
        "decisions": record["decisions"],
    }


def _filename(project, extension: str) -> str:
    return f"gripp2-report-project-{project.pk}.{extension}"


@never_cache
@login_required
@require_GET
def report(request, project_id: int):
    project, access = project_for(request, project_id)
    context = project_context(request, project, access, "projects:report")
    context.update(_report_parts(project), pdf_available=pdf_available())
    return render(request, "projects/report.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, project_id: int):
    project, access = project_for(request, project_id)
    if not access.may_steer:
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("action") == "redraft":
        form = ReportForm(initial=gripp_draft(project=project))
        messages.info(
            request,
            _("Drafted again from the project's record. Nothing is saved until you save it."),
        )
    elif request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            report_save(project=project, by=request.user, **form.cleaned_data)
            messages.success(request, _("The report is saved."))
            return redirect("projects:report", project_id=project.pk)
    else:
        saved = GrippReport.objects.filter(project=project).first()
        initial = (
            {name: getattr(saved, name) for name in SECTIONS}
            if saved
            else gripp_draft(project=project)
        )
        form = ReportForm(initial=initial)
    context = project_context(request, project, access, "projects:report")
    context["form"] = form
    return render(request, "projects/report_edit.html", context)


def _export_context(request, project) -> dict:
    organisation = OrganisationSettings.for_default_site()
    return {
        "project": project,
        "organisation_name": getattr(organisation, "name", "") or "Roundtable",
        **_report_parts(project),
    }


@never_cache
@login_required
@require_GET
def report_html(request, project_id: int):
    """The report as one standalone web page (styles inside, nothing fetched), to keep
    or send on."""
    project, _access = project_for(request, project_id)
    html = render_to_string(
        "projects/report_export.html", _export_context(request, project), request=request
    )
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(project, "html")}"'
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@login_required
@require_GET
def report_pdf(request, project_id: int):
    project, _access = project_for(request, project_id)
    return pdf_response(
        request,
        "projects/report_export.html",
        _export_context(request, project),
        _filename(project, "pdf"),
    )
