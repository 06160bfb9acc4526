"""Staff screens in the Wagtail admin: shortlists in the fair order, and decisions on
applications. (Requests for input: admin/research_requests.py; involvement and impact:
admin/involvement.py.)"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.permissions import may, requires
from involvement.selectors import applicant_badges, selection_reasons_needed
from members.models import Topic
from members.selectors.equality import seeks_voices_matches
from opportunities.access_needs import access_summary
from opportunities.forms.selection import ApplicationDecisionForm
from opportunities.matching.candidates import invitations_of, invited_on
from opportunities.models import Application, ApplicationEvent, Lottery, OpportunityPage
from opportunities.selectors import ORDER_EXPLAINED, opportunities_with_counts, shortlist
from opportunities.services.applications import ApplicationError, places_taken
from opportunities.services.lottery import lottery_candidates
from opportunities.services.selection import application_decide

SELECT_PERMISSION = "opportunities.select_applicants"
PER_PAGE = 50

DEFAULT_MESSAGES = {
    Application.Status.SELECTED: gettext_lazy(
        "Thank you for applying. We would love you to take part. We will be in touch "
        "soon about the details and anything you need."
    ),
    Application.Status.WAITLISTED: gettext_lazy(
        "Thank you for applying. More people applied than we have places, so we have put "
        "you on the waiting list. If a place comes up, it is yours."
    ),
    Application.Status.NOT_SELECTED: gettext_lazy(
        "Thank you for applying. We had more people than places, and this time we have "
        "offered places to people who have not taken part recently. Please do apply for "
        "other opportunities."
    ),
    Application.Status.SHORTLISTED: "",
}


@requires(permission=SELECT_PERMISSION)
def shortlists_index(request):
    page = Paginator(opportunities_with_counts().filter(live=True), PER_PAGE).get_page(
        request.GET.get("p")
    )
    return TemplateResponse(
        request,
        "opportunities/admin/shortlists_index.html",
        {"page_obj": page, "today": timezone.localdate()},
    )


@requires(permission=SELECT_PERMISSION)
def shortlist_view(request, opportunity_id: int):
    opportunity = get_object_or_404(OpportunityPage, pk=opportunity_id)
    applications = shortlist(opportunity).prefetch_related(
        Prefetch("member__profile__topics", queryset=Topic.objects.only("name")),
        # The history, with staff's reasons (a selection that needed one).
        Prefetch("events", queryset=ApplicationEvent.objects.select_related("by")),
    )
    page = Paginator(applications, PER_PAGE).get_page(request.GET.get("p"))
    page.object_list = list(page.object_list)
    if opportunity.seeks_voices and may(request.user, permission=EQUALITY_PERMISSION):
        # The marks come from equality answers: only for staff who may see them, logged.
        marked = seeks_voices_matches(
            member_ids=[application.member_id for application in page.object_list],
            seeks=opportunity.seeks_voices,
            by=request.user,
            what=f"Shortlist marks: {opportunity.title}",
        )
        for application in page.object_list:
            application.seeks_voices_match = application.member_id in marked
    # What other apps know of them (training: "Induction done"), through involvement.
    badges = applicant_badges([application.member_id for application in page.object_list])
    # Invited to apply (admin/invitations.py): one query for the page, not one a row.
    invited = invited_on(opportunity, [application.member_id for application in page.object_list])
    for application in page.object_list:
        application.badges = badges.get(application.member_id, [])
        application.invited_at = invited.get(application.member_id)
    invitations = Paginator(invitations_of(opportunity), PER_PAGE).get_page(request.GET.get("ip"))
    taken = places_taken(opportunity)
    # More people waiting for a decision (the lottery's own pool) than free places: a
    # fair lottery is offered. The services' definitions, so the offer and the draw agree.
    undecided = lottery_candidates(opportunity).count()
    lottery_offered = undecided > max(0, opportunity.places - taken) > 0
    lotteries = list(Lottery.objects.filter(opportunity=opportunity)[:5])
    equality = None
    if may(request.user, permission=EQUALITY_PERMISSION):
        equality = shortlist_equality_tables(opportunity, by=request.user)
    return TemplateResponse(
        request,
        "opportunities/admin/shortlist.html",
        {
            "opportunity": opportunity,
            "page_obj": page,
            "invitations": invitations,
            "places_taken": taken,
            "lottery_offered": lottery_offered,
            "lotteries": lotteries,
            "order_explained": _(ORDER_EXPLAINED),
            "equality": equality,
            "decisions": [
                (Application.Status.SHORTLISTED, _("Shortlist")),
                (Application.Status.SELECTED, _("Select")),
                (Application.Status.WAITLISTED, _("Waiting list")),
                (Application.Status.NOT_SELECTED, _("Not selected")),
            ],
        },
    )


@requires(permission=SELECT_PERMISSION)
def access_summary_view(request, opportunity_id: int):
    """What everyone selected needs to take part, in one place; each look is logged."""
    opportunity = get_object_or_404(OpportunityPage, pk=opportunity_id)
    return TemplateResponse(
        request,
        "opportunities/admin/access_summary.html",
        {"opportunity": opportunity, "rows": access_summary(opportunity, by=request.user)},
    )


@requires(permission=SELECT_PERMISSION)
def application_decide_view(request, application_id: int, status: str):
    application = get_object_or_404(
        Application.objects.select_related("member", "opportunity"), pk=application_id
    )
    if status not in Application.DECIDABLE:
        raise PermissionDenied
    # Selecting someone another app marks (training: "Induction not done") needs a reason.
    reasons_needed = (
        selection_reasons_needed(application.member_id)
        if status == Application.Status.SELECTED
        else []
    )
    form = ApplicationDecisionForm(
        request.POST if request.method == "POST" else None,
        initial={"message": DEFAULT_MESSAGES[status]},
        reasons_needed=reasons_needed,
    )
    if request.method == "POST" and form.is_valid():
        try:
            application_decide(
                application=application,
                status=status,
                message=form.cleaned_data["message"],
                by=request.user,
                reason=form.cleaned_data.get("reason", ""),
            )
        except ApplicationError as error:
            # Back to the form with the message they wrote, and why it could not be done.
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(name)s: %(status)s.")
                % {"name": application.member, "status": Application.Status(status).label},
            )
            return redirect("opportunities_shortlist", opportunity_id=application.opportunity_id)
    return TemplateResponse(
        request,
        "opportunities/admin/application_decide.html",
        {
            "application": application,
            "form": form,
            "status_label": Application.Status(status).label,
            "emails": status != Application.Status.SHORTLISTED and bool(application.member.email),
        },
    )


EQUALITY_PERMISSION = "members.view_equality_dashboard"


def shortlist_equality_tables(opportunity: OpportunityPage, *, by) -> dict:
    """The shortlist's equality panel, from published figures only (opportunities/equality.py)."""
    from opportunities.equality import shortlist_equality_panel

    return shortlist_equality_panel(opportunity, by=by)
