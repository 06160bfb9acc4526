"""Staff screens in the Wagtail admin: researchers' requests for input, reviewed,
answered, and turned into draft opportunities."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from home.permissions import refuse, requires
from involvement.selectors import researcher_badges
from opportunities.admin.selection import PER_PAGE
from opportunities.forms.research_requests import ResearchRequestDecisionForm
from opportunities.hooks import request_admin_actions
from opportunities.models import OpportunityIndexPage, ResearchRequest, Route
from opportunities.selectors import research_request_member_count
from opportunities.services.research_requests import (
    ResearchRequestError,
    opportunity_create_from_research_request,
    research_request_set_status,
)

TRIAGE_PERMISSION = "opportunities.triage_researchrequest"


@requires(permission=TRIAGE_PERMISSION)
def research_requests_index(request):
    status = request.GET.get("status", "waiting")
    research_requests = ResearchRequest.objects.exclude(
        status=ResearchRequest.Status.DRAFT
    ).select_related("researcher")
    if status == "waiting":
        research_requests = research_requests.waiting_for_staff()
    elif status in ResearchRequest.Status.values:
        research_requests = research_requests.filter(status=status)
    page = Paginator(research_requests.order_by("submitted_at", "pk"), PER_PAGE).get_page(
        request.GET.get("p")
    )
    return TemplateResponse(
        request,
        "opportunities/admin/requests_index.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": [
                ("waiting", _("Waiting for us")),
                *[
                    (value, label)
                    for value, label in ResearchRequest.Status.choices
                    if value != ResearchRequest.Status.DRAFT
                ],
            ],
        },
    )


@requires(permission=TRIAGE_PERMISSION)
def research_request_review(request, research_request_id: int):
    research_request = get_object_or_404(
        ResearchRequest.objects.exclude(status=ResearchRequest.Status.DRAFT)
        .select_related("researcher", "group")
        .prefetch_related("topics", "skills", "events__by", "opportunities"),
        pk=research_request_id,
    )
    form = ResearchRequestDecisionForm(
        request.POST if request.method == "POST" else None, research_request=research_request
    )
    if request.method == "POST" and form.is_valid():
        try:
            research_request_set_status(
                research_request=research_request,
                status=form.cleaned_data["status"],
                message=form.cleaned_data["message"],
                by=request.user,
            )
        except ResearchRequestError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved, and the researcher has been emailed."))
            return redirect("opportunities_request_review", research_request_id=research_request.pk)
    # What other apps know of the researcher (training: "Researcher's course not done").
    researcher_id = research_request.researcher_id
    badges = researcher_badges([researcher_id]).get(researcher_id, []) if researcher_id else []
    return TemplateResponse(
        request,
        "opportunities/admin/request_review.html",
        {
            "research_request": research_request,
            "form": form,
            "researcher_badges": badges,
            # The researcher's figure, with the same protection (staff see the same),
            # for recruiting individuals only: a group's members are the group.
            "member_count": research_request_member_count(research_request)
            if research_request.route == Route.INDIVIDUALS
            else None,
            "route_link": _route_link(research_request),
            # What the apps above offer here (projects: "Open a project"), through
            # opportunities.hooks.research_request_admin_actions.
            "more_actions": request_admin_actions(
                research_request=research_request, user=request.user
            ),
        },
    )


def _route_link(research_request: ResearchRequest) -> tuple[str, str] | None:
    """Where staff take a request that asks a group: (words, address). The address is
    "" while the screen it names is not there."""
    if research_request.route == Route.MEETING_SLOT:
        words = _("Add it to a meeting's agenda from Group meetings")
        if research_request.group_id:
            name, args, query = "opportunities_group_meetings", [research_request.group_id], ""
        else:
            name, args, query = "opportunities_meetings", [], ""
    elif research_request.route == Route.COMMENTS:
        words = _("Start a comment round for it")
        name, args, query = "opportunities_comment_round_new", [], f"?request={research_request.pk}"
    else:
        return None
    return (words, reverse(name, args=args) + query)


@requires(permission=TRIAGE_PERMISSION)
def research_request_create_opportunity(request, research_request_id: int):
    index = OpportunityIndexPage.objects.first()
    if index is not None and not index.permissions_for_user(request.user).can_add_subpage():
        return refuse(request)  # may triage, but not add opportunity pages
    research_request = get_object_or_404(ResearchRequest, pk=research_request_id)
    if request.method != "POST":
        return redirect("opportunities_request_review", research_request_id=research_request.pk)
    try:
        page = opportunity_create_from_research_request(
            research_request=research_request, by=request.user
        )
    except ResearchRequestError as error:
        messages.error(request, str(error))
        return redirect("opportunities_request_review", research_request_id=research_request.pk)
    messages.success(
        request,
        _(
            "A draft opportunity was made from the request. Add its sessions' dates and "
            'times under "When and where" (the researcher\'s words are in "Anything else '
            'about when"), check it, then publish.'
        ),
    )
    return redirect("wagtailadmin_pages:edit", page.pk)
