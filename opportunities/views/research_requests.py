"""A researcher's 'Request public input' journey and their 'Your requests' page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from home.journeys import Row, answer_text
from home.permissions import requires
from involvement.selectors import researcher_notices
from involvement.services import InvolvementError, impact_add
from members import roles
from opportunities.access_needs import access_summary
from opportunities.forms.involvement import ImpactForm
from opportunities.forms.papers import PaperForm
from opportunities.forms.research_requests import (
    RESEARCH_REQUEST_STEPS,
    RouteForm,
    research_request_steps,
)
from opportunities.models import (
    AgendaItem,
    Application,
    CommentRound,
    OpportunityPage,
    ResearchRequest,
    Route,
)
from opportunities.selectors import research_request_member_count, research_request_next_step
from opportunities.selectors.meetings_research import (
    agenda_item_may_answer,
    agenda_item_status,
    agenda_item_takes_papers,
    request_agenda_items,
    request_comment_rounds,
)
from opportunities.services.involvement import opportunity_activity_sync
from opportunities.services.meetings import MeetingError
from opportunities.services.meetings_research import agenda_item_answer, agenda_item_paper_add
from opportunities.services.papers import PaperError
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
        ResearchRequest.objects.owned_by(request.user)
        .select_related("group")
        .prefetch_related("topics", "skills"),
        pk=research_request_id,
    )


@login_required
@requires(role=roles.RESEARCHER)
def research_request_list(request):
    research_requests = list(
        ResearchRequest.objects.owned_by(request.user)
        .with_answers()
        .select_related("group")
        .prefetch_related(
            "opportunities",
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("meeting__group").order_by(
                    "meeting__starts_at", "pk"
                ),
            ),
            Prefetch(
                "comment_rounds",
                queryset=CommentRound.objects.exclude(status=CommentRound.Status.DRAFT),
            ),
        )
        .order_by("-created_at")
    )
    for item in research_requests:
        item.next_step = research_request_next_step(
            item,
            opportunities=item.opportunities.all(),
            agenda_items=item.agenda_items.all(),
            comment_rounds=item.comment_rounds.all(),
        )
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


def _start_notices(request):
    return researcher_notices(
        request.user,
        where="request_start",
        has_sent_request=ResearchRequest.objects.owned_by(request.user)
        .filter(submitted_at__isnull=False)
        .exists(),
    )


@login_required
@requires(role=roles.RESEARCHER)
def research_request_new(request):
    """The first two pages of a new request: how the researcher would like input, then
    the project. Nothing is saved until both are answered, so "Request public input"
    pressed and left leaves no untitled draft behind: the first page's answers (a
    route, a group's id, minutes: nothing personal) ride in the second's address."""
    if request.GET.get("page") == "project":
        return _new_project_page(request)
    steps = research_request_steps(request.GET.get("route"))
    position = steps.position("route")
    if request.method == "POST":
        form = RouteForm(request.POST)
        if form.is_valid():
            query = urlencode({"page": "project", **form.as_query()})
            return redirect(f"{reverse('opportunities:request_new')}?{query}")
    else:
        # Back from the project page: the answers given are kept.
        form = RouteForm(initial=request.GET.dict() if "route" in request.GET else None)
    return _step_page(
        request,
        position,
        form,
        back=reverse("opportunities:requests"),
        notices=_start_notices(request),
    )


def _new_project_page(request):
    route_form = RouteForm(request.GET)
    if not route_form.is_valid():
        return redirect("opportunities:request_new")
    route = route_form.cleaned_data["route"]
    position = research_request_steps(route).position("project")
    form = position.step.form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            research_request = research_request_start(
                researcher=request.user,
                project_title=form.cleaned_data["project_title"],
                summary=form.cleaned_data["summary"],
                route=route,
                group=route_form.chosen_group,
                slot_minutes=route_form.cleaned_data.get("slot_minutes"),
            )
        except ResearchRequestError as error:
            raise PermissionDenied(str(error)) from None
        return redirect(
            "opportunities:request_step",
            research_request_id=research_request.pk,
            slug=position.next.slug,
        )
    back = f"{reverse('opportunities:request_new')}?{urlencode(route_form.as_query())}"
    return _step_page(request, position, form, back=back)


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
    RESEARCH_REQUEST_STEPS.position(slug)  # a page no request has is "not found"
    research_request = _own_research_request(request, research_request_id)
    if not research_request.is_editable_by_researcher:
        return redirect("opportunities:request_detail", research_request_id=research_request.pk)
    steps = research_request_steps(research_request.route)
    if slug not in steps.slugs:
        # A page this request's route does not ask (the route was changed since).
        return redirect("opportunities:request_check", research_request_id=research_request.pk)
    position = steps.position(slug)
    changing = request.GET.get("change") == "1"
    form = position.step.form_class(
        request.POST if request.method == "POST" else None, instance=research_request
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        # A new route asks other pages: they follow, rather than the check page.
        route_changed = slug == "route" and "route" in form.changed_data
        if (changing and not route_changed) or position.is_last:
            return redirect("opportunities:request_check", research_request_id=research_request.pk)
        following = research_request_steps(research_request.route).position(slug).next
        return redirect(
            "opportunities:request_step",
            research_request_id=research_request.pk,
            slug=following.slug,
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
    # Only for recruiting individuals: a group's members are the group.
    member_count = (
        research_request_member_count(research_request)
        if research_request.route == Route.INDIVIDUALS
        and not position.is_first
        and position.previous.slug in COUNT_AFTER
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
    """The summary's rows, worded for reading back rather than as the pages ask: only
    those the request's route asks."""
    r = research_request
    rows = [Row(_("How you would like input"), answer_text(r.get_route_display()), "route")]
    if r.route == Route.MEETING_SLOT:
        rows += [
            Row(_("Group"), [_group_name(r)], "route"),
            Row(
                _("Time at the meeting"),
                [_("%(minutes)s minutes") % {"minutes": r.slot_minutes}] if r.slot_minutes else [],
                "route",
            ),
        ]
    elif r.route == Route.COMMENTS:
        rows.append(Row(_("Group"), [_group_name(r)], "route"))
    rows += [
        Row(_("Project title"), answer_text(r.project_title), "project"),
        Row(_("Summary"), answer_text(r.summary), "project"),
    ]
    if r.route != Route.INDIVIDUALS:
        return [
            *rows,
            Row(_("Research stage"), answer_text(r.get_research_stage_display()), "stage"),
            Row(
                _("Input needed by"),
                [date_format(r.deadline, "j F Y")] if r.deadline else [],
                "deadline",
            ),
            Row(_("Payment"), answer_text(r.get_payment_offer_display()), "payment"),
            Row(_("About the payment"), answer_text(r.payment_detail), "payment"),
        ]
    return [
        *rows,
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


def _group_name(research_request: ResearchRequest) -> str:
    if research_request.group_id is None:
        return _("The involvement team will choose")
    return research_request.group.title


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
            "member_count": research_request_member_count(research_request)
            if research_request.route == Route.INDIVIDUALS
            else "",
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
def research_request_detail(request, research_request_id: int):
    """The request, its status and messages, and how it is going: once recruiting, its
    opportunities; for a meeting slot, its place on meetings' agendas (papers sent, the
    group's feedback, "you said, we did"); for written comments, its rounds.

    Researchers see how many people applied (or commented) and, after selection, the
    names of the selected members who agreed to share them; never anything else from
    profiles. A researcher's papers and answers are sent here (POST), to their own
    slots only."""
    research_request = _own_research_request(request, research_request_id)
    if request.method == "POST" and "item" in request.POST:
        return _agenda_item_post(request, research_request)
    return _detail_page(request, research_request)


def _agenda_item_post(request, research_request: ResearchRequest):
    """A paper for one of the request's slots, or the answer to its feedback. An item
    of someone else's request is "not found"."""
    item = get_object_or_404(
        AgendaItem.objects.select_related("meeting"),
        pk=request.POST.get("item") if str(request.POST.get("item", "")).isdigit() else None,
        request=research_request,
    )
    action = request.POST.get("action")
    if action == "paper":
        form = PaperForm(request.POST, request.FILES, prefix=f"paper-{item.pk}")
        if form.is_valid():
            try:
                agenda_item_paper_add(
                    item=item,
                    upload=form.cleaned_data["file"],
                    title=form.cleaned_data["title"],
                    version=form.cleaned_data["version"],
                    by=request.user,
                )
            except (MeetingError, PaperError) as error:
                form.add_error("file", str(error))
            except ValidationError as error:
                form.add_error("file", error)
            else:
                messages.success(request, _("Your paper was added to the meeting's papers."))
                return redirect(
                    "opportunities:request_detail", research_request_id=research_request.pk
                )
        return _detail_page(request, research_request, posted=(item.pk, "paper", form))
    if action == "answer":
        form = ImpactForm(request.POST, prefix=f"answer-{item.pk}")
        if form.is_valid():
            try:
                agenda_item_answer(
                    item=item,
                    what_changed=form.cleaned_data["what_changed"],
                    kind=form.cleaned_data["kind"],
                    research_stage=form.cleaned_data["research_stage"],
                    by=request.user,
                )
            except MeetingError as error:
                form.add_error("what_changed", str(error))
            else:
                messages.success(
                    request, _("Thank you. The members who came to the meeting have been told.")
                )
                return redirect(
                    "opportunities:request_detail", research_request_id=research_request.pk
                )
        return _detail_page(request, research_request, posted=(item.pk, "answer", form))
    return redirect("opportunities:request_detail", research_request_id=research_request.pk)


def _detail_page(request, research_request: ResearchRequest, *, impact_form=None, posted=None):
    """The request's page; `impact_form` or `posted` (item id, "paper" or "answer",
    form): the form just sent, with what was typed and its error."""
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
    stage_initial = {"research_stage": research_request.research_stage}
    for opportunity in opportunities:
        # One form per opportunity, with its own field ids; the one just sent keeps
        # what was typed and its error.
        if impact_form is not None and impact_form.prefix == f"impact-{opportunity.pk}":
            opportunity.impact_form = impact_form
        else:
            opportunity.impact_form = ImpactForm(
                prefix=f"impact-{opportunity.pk}", initial=stage_initial
            )
    shared_names = (
        Application.objects.filter(
            opportunity__request=research_request,
            status=Application.Status.SELECTED,
            share_name=True,
        )
        .select_related("member")
        .order_by("member__name")
    )
    agenda_items = request_agenda_items(research_request)
    now = timezone.now()
    posted_item, posted_action, posted_form = posted or (None, None, None)
    for item in agenda_items:
        item.status_words = agenda_item_status(item, now)
        item.meeting_url = reverse("opportunities:meeting", args=[item.meeting_id])
        for paper in item.papers.all():
            paper.url = reverse("opportunities:paper", args=[paper.pk])
        item.paper_form = None
        if agenda_item_takes_papers(item, now):
            item.paper_form = (
                posted_form
                if (posted_item, posted_action) == (item.pk, "paper")
                else PaperForm(prefix=f"paper-{item.pk}")
            )
        item.answer_form = None
        if agenda_item_may_answer(item) or (posted_item, posted_action) == (item.pk, "answer"):
            item.answer_form = (
                posted_form
                if (posted_item, posted_action) == (item.pk, "answer")
                else ImpactForm(prefix=f"answer-{item.pk}", initial=stage_initial)
            )
    comment_rounds = request_comment_rounds(research_request)
    for comment_round in comment_rounds:
        comment_round.collated_url = (
            reverse("opportunities:comment_round_collated", args=[comment_round.pk])
            if comment_round.status == CommentRound.Status.CLOSED
            else ""
        )
    errors = [form for form in (impact_form, posted_form) if form is not None and form.errors]
    return render(
        request,
        "opportunities/request_detail.html",
        {
            "research_request": research_request,
            "next_step": research_request_next_step(
                research_request,
                opportunities=opportunities,
                agenda_items=agenda_items,
                comment_rounds=comment_rounds,
            ),
            "answers": _answers(research_request),
            "events": research_request.events.all(),
            "opportunities": opportunities,
            "shared_names": [application.member.name for application in shared_names],
            "impact_form": impact_form,
            "agenda_items": agenda_items,
            "comment_rounds": comment_rounds,
            "forms_with_errors": errors,
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
                kind=form.cleaned_data["kind"],
                research_stage=form.cleaned_data["research_stage"],
                by=request.user,
            )
        except InvolvementError as error:
            form.add_error("what_changed", str(error))
        else:
            messages.success(request, _("Thank you. The members who took part have been told."))
            return redirect("opportunities:request_detail", research_request_id=research_request.pk)
    return _detail_page(request, research_request, impact_form=form)
