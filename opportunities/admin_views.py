"""Staff screens in the Wagtail admin: triage requests, shortlist and select, record
involvement and impact."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import Topic
from members.selectors.equality import seeks_voices_matches
from opportunities.forms import ImpactForm
from opportunities.models import (
    Application,
    Involvement,
    OpportunityIndexPage,
    OpportunityPage,
    ResearchRequest,
)
from opportunities.selectors import ORDER_EXPLAINED, opportunities_with_counts, shortlist
from opportunities.services import (
    STAFF_TRANSITIONS,
    ApplicationError,
    RequestError,
    application_decide,
    impact_add,
    involvement_record,
    opportunity_create_from_request,
    request_set_status,
)

TRIAGE_PERMISSION = "opportunities.triage_researchrequest"
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


def _require(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


# --- Requests for input ---------------------------------------------------------------


def requests_index(request):
    _require(request, TRIAGE_PERMISSION)
    status = request.GET.get("status", "waiting")
    requests = ResearchRequest.objects.exclude(status=ResearchRequest.Status.DRAFT).select_related(
        "researcher"
    )
    if status == "waiting":
        requests = requests.waiting_for_staff()
    elif status in ResearchRequest.Status.values:
        requests = requests.filter(status=status)
    page = Paginator(requests.order_by("submitted_at", "pk"), PER_PAGE).get_page(
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


class RequestDecisionForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("New status"))
    message = forms.CharField(
        label=gettext_lazy("Message to the researcher"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Needed when asking for changes or declining: say what, or why."),
    )

    def __init__(self, *args, research_request, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = STAFF_TRANSITIONS.get(research_request.status, set())
        self.fields["status"].choices = [
            (value, label) for value, label in ResearchRequest.Status.choices if value in allowed
        ]


def request_review(request, request_id: int):
    _require(request, TRIAGE_PERMISSION)
    research_request = get_object_or_404(
        ResearchRequest.objects.exclude(status=ResearchRequest.Status.DRAFT)
        .select_related("researcher")
        .prefetch_related("topics", "skills", "events__by", "opportunities"),
        pk=request_id,
    )
    form = RequestDecisionForm(
        request.POST if request.method == "POST" else None, research_request=research_request
    )
    if request.method == "POST" and form.is_valid():
        try:
            request_set_status(
                request=research_request,
                status=form.cleaned_data["status"],
                message=form.cleaned_data["message"],
                by=request.user,
            )
        except RequestError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved, and the researcher has been emailed."))
            return redirect("opportunities_request_review", request_id=research_request.pk)
    return TemplateResponse(
        request,
        "opportunities/admin/request_review.html",
        {"research_request": research_request, "form": form},
    )


def request_create_opportunity(request, request_id: int):
    _require(request, TRIAGE_PERMISSION)
    index = OpportunityIndexPage.objects.first()
    if index is not None and not index.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    research_request = get_object_or_404(ResearchRequest, pk=request_id)
    if request.method != "POST":
        return redirect("opportunities_request_review", request_id=research_request.pk)
    try:
        page = opportunity_create_from_request(request=research_request, by=request.user)
    except RequestError as error:
        messages.error(request, str(error))
        return redirect("opportunities_request_review", request_id=research_request.pk)
    messages.success(
        request, _("A draft opportunity was made from the request. Check it, then publish.")
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


# --- Shortlists ---------------------------------------------------------------------


def shortlists_index(request):
    _require(request, SELECT_PERMISSION)
    page = Paginator(opportunities_with_counts().filter(live=True), PER_PAGE).get_page(
        request.GET.get("p")
    )
    return TemplateResponse(
        request,
        "opportunities/admin/shortlists_index.html",
        {"page_obj": page, "today": timezone.localdate()},
    )


def shortlist_view(request, opportunity_id: int):
    _require(request, SELECT_PERMISSION)
    opportunity = get_object_or_404(OpportunityPage, pk=opportunity_id)
    applications = shortlist(opportunity).prefetch_related(
        Prefetch("member__profile__topics", queryset=Topic.objects.only("name"))
    )
    page = Paginator(applications, PER_PAGE).get_page(request.GET.get("p"))
    if opportunity.seeks_voices and request.user.has_perm(EQUALITY_PERMISSION):
        # The marks come from equality answers: only for staff who may see them, logged.
        page.object_list = list(page.object_list)
        marked = seeks_voices_matches(
            member_ids=[application.member_id for application in page.object_list],
            seeks=opportunity.seeks_voices,
            by=request.user,
            what=f"Shortlist marks: {opportunity.title}",
        )
        for application in page.object_list:
            application.seeks_voices_match = application.member_id in marked
    taken = Application.objects.filter(
        opportunity=opportunity, status=Application.Status.SELECTED
    ).count()
    equality = None
    if request.user.has_perm(EQUALITY_PERMISSION):
        equality = shortlist_equality_tables(opportunity, by=request.user)
    return TemplateResponse(
        request,
        "opportunities/admin/shortlist.html",
        {
            "opportunity": opportunity,
            "page_obj": page,
            "places_taken": taken,
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


class ApplicationDecisionForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Message to the person"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Kind and plain. They get it by email and on their account."),
    )


def application_decide_view(request, application_id: int, status: str):
    _require(request, SELECT_PERMISSION)
    application = get_object_or_404(
        Application.objects.select_related("member", "opportunity"), pk=application_id
    )
    if status not in Application.DECIDABLE:
        raise PermissionDenied
    form = ApplicationDecisionForm(
        request.POST if request.method == "POST" else None,
        initial={"message": DEFAULT_MESSAGES[status]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            application_decide(
                application=application,
                status=status,
                message=form.cleaned_data["message"],
                by=request.user,
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


class InvolvementForm(forms.Form):
    attended = forms.BooleanField(label=gettext_lazy("Took part"), required=False, initial=True)
    started_on = forms.DateField(
        label=gettext_lazy("Date"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text=gettext_lazy("For example, 31/3/2027"),
    )
    hours = forms.DecimalField(
        label=gettext_lazy("Hours"), min_value=0, max_value=999, decimal_places=2
    )


def involvement_view(request, application_id: int):
    _require(request, SELECT_PERMISSION)
    if not request.user.has_perm("opportunities.add_involvement"):
        raise PermissionDenied
    application = get_object_or_404(
        Application.objects.select_related("member", "opportunity"), pk=application_id
    )
    existing = Involvement.objects.filter(
        member=application.member, opportunity=application.opportunity
    ).first()
    initial = (
        {"attended": existing.attended, "started_on": existing.started_on, "hours": existing.hours}
        if existing
        else {"attended": True, "started_on": timezone.localdate()}
    )
    form = InvolvementForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            involvement_record(application=application, by=request.user, **form.cleaned_data)
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


def impact_view(request, opportunity_id: int):
    _require(request, SELECT_PERMISSION)
    if not request.user.has_perm("opportunities.add_impactentry"):
        raise PermissionDenied
    opportunity = get_object_or_404(OpportunityPage, pk=opportunity_id)
    form = ImpactForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            impact_add(opportunity=opportunity, by=request.user, **form.cleaned_data)
        except ApplicationError as error:
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
            "entries": opportunity.impact_entries.select_related("added_by"),
        },
    )


EQUALITY_PERMISSION = "members.view_equality_dashboard"


def shortlist_equality_tables(opportunity: OpportunityPage, *, by) -> dict:
    """The shortlist's equality panel, from published figures only (opportunities/equality.py)."""
    from opportunities.equality import shortlist_equality_panel

    return shortlist_equality_panel(opportunity, by=by)
