"""A researcher's 'Request public input' journey and their 'Your requests' page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from home.journeys import Row, answer_text
from home.permissions import requires
from involvement.selectors import researcher_notices
from involvement.services import InvolvementError, impact_add
from members import roles
from opportunities.access_needs import access_summary
from opportunities.forms.involvement import ImpactForm
from opportunities.forms.research_requests import RESEARCH_REQUEST_STEPS
from opportunities.models import Application, OpportunityPage, ResearchRequest
from opportunities.selectors import research_request_member_count, research_request_next_step
from opportunities.services.involvement import opportunity_activity_sync
from opportunities.services.research_requests import (
    ResearchRequestError,
    research_request_missing_answers,
    research_request_start,
    research_request_submit,
)

# The pages whose answers change how many members might fit.
COUNT_AFTER = {"people", "format"}


def _own_research_request(request, research_request_id: int) -> ResearchRequest:
    """Only the researcher who wrote it; anyone else gets 'not found', not a hint."""
    return get_object_or_404(
        ResearchRequest.objects.owned_by(request.user).prefetch_related("topics", "skills"),
        pk=research_request_id,
    )


@login_required
@requires(role=roles.RESEARCHER)
def research_request_list(request):
    research_requests = list(
        ResearchRequest.objects.owned_by(request.user)
        .with_answers()
        .prefetch_related("opportunities")
        .order_by("-created_at")
    )
    for item in research_requests:
        item.next_step = research_request_next_step(item, opportunities=item.opportunities.all())
    notices = researcher_notices(
        request.user,
        where="request_start",
        has_sent_request=any(item.submitted_at for item in research_requests),
    )
    return render(
        request,
        "opportunities/request_list.html",
        {"research_requests": research_requests, "notices": notices},
    )


@login_required
@requires(role=roles.RESEARCHER)
def research_request_new(request):
    """The first page of a new request. Nothing is saved until it is answered, so
    "Request public input" pressed and left leaves no untitled draft behind."""
    position = RESEARCH_REQUEST_STEPS.position(RESEARCH_REQUEST_STEPS[0].slug)
    form = position.step.form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            research_request = research_request_start(
                researcher=request.user,
                project_title=form.cleaned_data["project_title"],
                summary=form.cleaned_data["summary"],
            )
        except ResearchRequestError as error:
            raise PermissionDenied(str(error)) from None
        return redirect(
            "opportunities:request_step",
            research_request_id=research_request.pk,
            slug=position.next.slug,
        )
    notices = researcher_notices(
        request.user,
        where="request_start",
        has_sent_request=ResearchRequest.objects.owned_by(request.user)
        .filter(submitted_at__isnull=False)
        .exists(),
    )
    return _step_page(
        request, position, form, back=reverse("opportunities:requests"), notices=notices
    )


def _step_page(request, position, form, *, back: str, changing: bool = False, **context):
    return render(
        request,
        "opportunities/request_step.html",
        {
            "step": position.step,
            "form": form,
            "position": position,
            "back_url": back,
            "changing": changing,
            **context,
        },
    )


@login_required
@requires(role=roles.RESEARCHER)
def research_request_step(request, research_request_id: int, slug: str):
    position = RESEARCH_REQUEST_STEPS.position(slug)  # an unknown page is "not found"
    research_request = _own_research_request(request, research_request_id)
    if not research_request.is_editable_by_researcher:
        return redirect("opportunities:request_detail", research_request_id=research_request.pk)
    changing = request.GET.get("change") == "1"
    form = position.step.form_class(
        request.POST if request.method == "POST" else None, instance=research_request
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        if changing or position.is_last:
            return redirect("opportunities:request_check", research_request_id=research_request.pk)
        return redirect(
            "opportunities:request_step",
            research_request_id=research_request.pk,
            slug=position.next.slug,
        )
    if changing:
        back = reverse("opportunities:request_check", args=[research_request.pk])
    elif not position.is_first:
        back = reverse(
            "opportunities:request_step", args=[research_request.pk, position.previous.slug]
        )
    else:
        back = reverse("opportunities:requests")
    # How many members might fit, on the page after the topics are chosen and the one
    # after the format is: the researcher sees the effect of what they just answered.
    member_count = (
        research_request_member_count(research_request)
        if not position.is_first and position.previous.slug in COUNT_AFTER
        else ""
    )
    return _step_page(
        request,
        position,
        form,
        back=back,
        changing=changing,
        research_request=research_request,
        member_count=member_count,
    )


def _answers(research_request: ResearchRequest) -> list[Row]:
    """The summary's rows, worded for reading back rather than as the pages ask."""
    r = research_request
    return [
        Row(_("Project title"), answer_text(r.project_title), "project"),
        Row(_("Summary"), answer_text(r.summary), "project"),
        Row(_("Research stage"), answer_text(r.get_research_stage_display()), "role"),
        Row(_("Kind of role"), answer_text(r.get_role_kind_display()), "role"),
        Row(_("People needed"), answer_text(r.people_needed), "people"),
        Row(_("Experience wanted"), [t.name for t in r.topics.all()], "people"),
        Row(_("Skills"), [s.name for s in r.skills.all()], "people"),
        Row(_("More about who you need"), answer_text(r.experience_wanted), "people"),
        Row(_("How members take part"), answer_text(r.get_format_display()), "format"),
        Row(_("Where"), answer_text(r.place), "format"),
        Row(_("When"), answer_text(r.dates_needed), "time"),
        Row(_("Time needed"), answer_text(r.time_needed), "time"),
        Row(
            _("People needed by"),
            [date_format(r.deadline, "j F Y")] if r.deadline else [],
            "time",
        ),
        Row(_("Payment"), answer_text(r.get_payment_offer_display()), "payment"),
        Row(_("About the payment"), answer_text(r.payment_detail), "payment"),
    ]


@login_required
@requires(role=roles.RESEARCHER)
def research_request_check(request, research_request_id: int):
    """Check your answers, then send."""
    research_request = _own_research_request(request, research_request_id)
    if not research_request.is_editable_by_researcher:
        return redirect("opportunities:request_detail", research_request_id=research_request.pk)
    error = ""
    if request.method == "POST":
        try:
            research_request_submit(research_request=research_request)
        except ResearchRequestError as problem:
            error = str(problem)
        else:
            return redirect("opportunities:request_sent", research_request_id=research_request.pk)
    return render(
        request,
        "opportunities/request_check.html",
        {
            "research_request": research_request,
            "answers": _answers(research_request),
            "missing": research_request_missing_answers(research_request),
            "error": error,
            "member_count": research_request_member_count(research_request),
        },
    )


@login_required
@requires(role=roles.RESEARCHER)
def research_request_sent(request, research_request_id: int):
    return render(
        request,
        "opportunities/request_sent.html",
        {
            "research_request": _own_research_request(request, research_request_id),
            "notices": researcher_notices(
                request.user, where="request_sent", has_sent_request=True
            ),
        },
    )


@login_required
@requires(role=roles.RESEARCHER)
def research_request_detail(request, research_request_id: int, impact_form=None):
    """The request, its status and messages, and, once recruiting, how it is going.

    Researchers see how many people applied and, after selection, the names of the
    selected members who agreed to share them; never anything else from profiles."""
    research_request = _own_research_request(request, research_request_id)
    opportunities = (
        OpportunityPage.objects.filter(request=research_request)
        .live()
        .annotate(
            applicants=Count(
                "applications", filter=~Q(applications__status=Application.Status.WITHDRAWN)
            ),
            selected=Count(
                "applications", filter=Q(applications__status=Application.Status.SELECTED)
            ),
        )
        .order_by("pk")
    )
    opportunities = list(opportunities.prefetch_related("activity__impact_entries"))
    for opportunity in opportunities:
        # One form per opportunity, with its own field ids; the one just sent keeps
        # what was typed and its error.
        if impact_form is not None and impact_form.prefix == f"impact-{opportunity.pk}":
            opportunity.impact_form = impact_form
        else:
            opportunity.impact_form = ImpactForm(prefix=f"impact-{opportunity.pk}")
    shared_names = (
        Application.objects.filter(
            opportunity__request=research_request,
            status=Application.Status.SELECTED,
            share_name=True,
        )
        .select_related("member")
        .order_by("member__name")
    )
    return render(
        request,
        "opportunities/request_detail.html",
        {
            "research_request": research_request,
            "next_step": research_request_next_step(research_request, opportunities=opportunities),
            "answers": _answers(research_request),
            "events": research_request.events.all(),
            "opportunities": opportunities,
            "shared_names": [application.member.name for application in shared_names],
            "impact_form": impact_form,
        },
    )


@login_required
@requires(role=roles.RESEARCHER)
def research_request_access(request, research_request_id: int, opportunity_id: int):
    """What the selected members need to take part, for those who agreed to share it
    with the researcher (their own consent, not the one to share a name); logged."""
    research_request = _own_research_request(request, research_request_id)
    opportunity = get_object_or_404(
        OpportunityPage.objects.filter(request=research_request).live(), pk=opportunity_id
    )
    return render(
        request,
        "opportunities/request_access.html",
        {
            "research_request": research_request,
            "opportunity": opportunity,
            "rows": access_summary(opportunity, by=request.user, for_researcher=True),
        },
    )


@login_required
@require_POST
@requires(role=roles.RESEARCHER)
def research_request_impact(request, research_request_id: int, opportunity_id: int):
    """'You said, we did', from the researcher: what changed because of the members."""
    research_request = _own_research_request(request, research_request_id)
    opportunity = get_object_or_404(
        OpportunityPage.objects.filter(request=research_request).live(), pk=opportunity_id
    )
    form = ImpactForm(request.POST, prefix=f"impact-{opportunity.pk}")
    if form.is_valid():
        try:
            impact_add(
                activity=opportunity_activity_sync(opportunity=opportunity),
                what_changed=form.cleaned_data["what_changed"],
                by=request.user,
            )
        except InvolvementError as error:
            form.add_error("what_changed", str(error))
        else:
            messages.success(request, _("Thank you. The members who took part have been told."))
            return redirect("opportunities:request_detail", research_request_id=research_request.pk)
    return research_request_detail(request, research_request_id, impact_form=form)
