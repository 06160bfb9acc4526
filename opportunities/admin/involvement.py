"""Staff screens in the Wagtail admin, reached from a shortlist: what a selected member
did (involvement), and what difference the members' input made (impact)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from home.permissions import requires
from involvement.models import ImpactEntry, Involvement
from involvement.services import InvolvementError, impact_add
from opportunities.admin.selection import SELECT_PERMISSION
from opportunities.forms.involvement import ImpactForm, InvolvementForm
from opportunities.models import Application, OpportunityPage
from opportunities.services.applications import ApplicationError
from opportunities.services.involvement import (
    application_involvement_record,
    opportunity_activity_sync,
)


@requires(permission=SELECT_PERMISSION)
@requires(permission="involvement.add_involvement")
def involvement_view(request, application_id: int):
    application = get_object_or_404(
        Application.objects.select_related("member", "opportunity"), pk=application_id
    )
    # Nothing yet when the opportunity has no activity (None finds no row).
    existing = Involvement.objects.filter(
        member=application.member, activity_id=application.opportunity.activity_id
    ).first()
    initial = (
        {"attended": existing.attended, "started_on": existing.started_on, "hours": existing.hours}
        if existing
        else {"attended": True, "started_on": timezone.localdate()}
    )
    form = InvolvementForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            application_involvement_record(
                application=application, by=request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Involvement recorded for %(name)s.") % {"name": application.member}
            )
            return redirect("opportunities_shortlist", opportunity_id=application.opportunity_id)
    return TemplateResponse(
        request,
        "opportunities/admin/involvement.html",
        {"application": application, "form": form},
    )


@requires(permission=SELECT_PERMISSION)
@requires(permission="involvement.add_impactentry")
def impact_view(request, opportunity_id: int):
    opportunity = get_object_or_404(
        OpportunityPage.objects.select_related("request"), pk=opportunity_id
    )
    form = ImpactForm(
        request.POST if request.method == "POST" else None,
        initial={"research_stage": opportunity.request.research_stage}
        if opportunity.request
        else {},
    )
    if request.method == "POST" and form.is_valid():
        try:
            impact_add(
                activity=opportunity_activity_sync(opportunity=opportunity),
                by=request.user,
                **form.cleaned_data,
            )
        except InvolvementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Added. The members who took part have been told."))
            return redirect("opportunities_shortlist", opportunity_id=opportunity.pk)
    return TemplateResponse(
        request,
        "opportunities/admin/impact.html",
        {
            "opportunity": opportunity,
            "form": form,
            "entries": ImpactEntry.objects.filter(
                activity_id=opportunity.activity_id
            ).select_related("added_by"),
        },
    )
