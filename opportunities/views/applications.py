"""A member applies for an opportunity, sees their applications, and can withdraw."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from home.journeys import form_rows
from home.page_cache import personal_fragment
from home.permissions import requires
from members import roles
from members.services.drafts import journey_drafts
from opportunities.forms.applications import ApplicationForm
from opportunities.models import Application, OpportunityPage
from opportunities.selectors import applications_with_timelines, opportunities_index_url
from opportunities.services.applications import (
    ApplicationError,
    application_access_sharing_set,
    application_submit,
    application_withdraw,
)
from opportunities.services.lottery import lottery_told

# Unsent answers are a server-side draft (members.models.JourneyDraft), never in the
# session: access needs and experience can be health data. The journey's name is the
# one drafts were saved under before the store was shared: keep it, or drafts in
# progress are lost.
JOURNEY = "application-{}"
# 'Your applications' keeps its first pages per person (20 to a page: 1,000 applications).
KEPT_PAGES = 50


def _open_opportunity_for(request, opportunity_id: int) -> OpportunityPage:
    """Open, and visible to this member; anything else is 'not found'."""
    return get_object_or_404(
        OpportunityPage.objects.open().public().visible_to(request.user), pk=opportunity_id
    )


def _already_applied(request, opportunity: OpportunityPage):
    """The form opened again, or sent again from a second tab, after applying: say so
    and show the application, rather than land somewhere without a word."""
    application = (
        Application.objects.current().filter(member=request.user, opportunity=opportunity).first()
    )
    if application is None:
        return None
    journey_drafts.discard(request, JOURNEY.format(opportunity.pk))
    messages.info(
        request, _("You have already applied for %(title)s.") % {"title": opportunity.title}
    )
    return redirect("opportunities:application_detail", application_id=application.pk)


@login_required
@requires(role=roles.MEMBER)
def apply(request, opportunity_id: int):
    """The questions, on one page; answers are kept as a draft until sent."""
    opportunity = _open_opportunity_for(request, opportunity_id)
    if (applied := _already_applied(request, opportunity)) is not None:
        return applied
    journey = JOURNEY.format(opportunity.pk)
    if request.method == "POST":
        form = ApplicationForm(request.POST)
        if form.is_valid():
            journey_drafts.save(
                request,
                journey,
                {name: form.cleaned_data[name] for name in ApplicationForm.Meta.fields},
            )
            return redirect("opportunities:apply_check", opportunity_id=opportunity.pk)
    else:
        form = ApplicationForm(initial=journey_drafts.get(request, journey))
    return render(request, "opportunities/apply.html", {"opportunity": opportunity, "form": form})


@login_required
@requires(role=roles.MEMBER)
def apply_check(request, opportunity_id: int):
    opportunity = _open_opportunity_for(request, opportunity_id)
    if (applied := _already_applied(request, opportunity)) is not None:
        return applied
    journey = JOURNEY.format(opportunity.pk)
    answers = journey_drafts.get(request, journey)
    if not answers:
        return redirect("opportunities:apply", opportunity_id=opportunity.pk)
    error = ""
    if request.method == "POST":
        try:
            application = application_submit(
                member=request.user, opportunity=opportunity, **answers
            )
        except ApplicationError as problem:
            if (applied := _already_applied(request, opportunity)) is not None:
                return applied  # sent from another tab a moment ago
            error = str(problem)
        else:
            journey_drafts.discard(request, journey)
            return redirect("opportunities:application_sent", application_id=application.pk)
    rows = form_rows(ApplicationForm(initial=answers), answers, ApplicationForm.Meta.fields)
    return render(
        request,
        "opportunities/apply_check.html",
        {"opportunity": opportunity, "rows": rows, "error": error},
    )


def _own_application(request, application_id: int) -> Application:
    return get_object_or_404(
        Application.objects.select_related("opportunity"),
        pk=application_id,
        member=request.user,
    )


@login_required
def application_sent(request, application_id: int):
    application = _own_application(request, application_id)
    return render(request, "opportunities/application_sent.html", {"application": application})


@login_required
@requires(role=roles.MEMBER)
def applications(request):
    """'Your applications': every one, newest first, with its status and any message."""
    asked = request.GET.get("page", "1")

    def content() -> str:
        page = Paginator(
            Application.objects.filter(member=request.user)
            .select_related("opportunity")
            .order_by("-submitted_at", "-pk"),
            20,
        ).get_page(asked)
        # What the timelines show (involvement, payments, impact) is this person's too:
        # its receivers say when it changes (home.page_cache.people_changed).
        page.object_list = applications_with_timelines(request.user, list(page.object_list))
        return render_to_string(
            "opportunities/includes_applications.html",
            {"results": page, "opportunities_url": opportunities_index_url()},
            request,
        )

    # Kept for this person until an application of theirs changes (receivers.py), one
    # entry per page; a page number no link gives is made afresh, never kept.
    number = int(asked) if asked.isascii() and asked.isdigit() else None
    keep = number is not None and str(number) == asked and 1 <= number <= KEPT_PAGES
    html = personal_fragment(request.user, f"applications:{asked}", content) if keep else content()
    return render(request, "opportunities/applications.html", {"content": html})


@login_required
def application_detail(request, application_id: int):
    """One application and where it stands: its timeline, and the messages sent."""
    application = _own_application(request, application_id)
    applications_with_timelines(request.user, [application])
    return render(
        request,
        "opportunities/application_detail.html",
        {
            "application": application,
            "events": application.events.all(),
            # Chosen by a fair lottery: how, and their own chance (never anyone else's).
            "lottery": lottery_told(application=application),
        },
    )


@login_required
@require_POST
def application_access_sharing(request, application_id: int):
    """Give, or take back, consent to share access needs with the researcher."""
    application = _own_application(request, application_id)
    share = request.POST.get("share") == "yes"
    try:
        application_access_sharing_set(application=application, share=share)
    except ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The researcher can now see your access needs for this role.")
            if share
            else _("The researcher can no longer see your access needs for this role."),
        )
    return redirect("opportunities:application_detail", application_id=application.pk)


@login_required
def application_withdraw_view(request, application_id: int):
    application = _own_application(request, application_id)
    if request.method == "POST":
        try:
            application_withdraw(application=application)
        except ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("You have withdrawn from %(title)s.") % {"title": application.opportunity.title},
            )
        return redirect("opportunities:applications")
    return render(request, "opportunities/application_withdraw.html", {"application": application})
