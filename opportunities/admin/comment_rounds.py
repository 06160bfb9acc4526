"""Staff screens for written comment rounds: the list, a new round (from a researcher's
request for written comments, or staff's own), and one round: its details (changed
while it is a draft or open), its papers with their easy-read and large-print versions,
opening it to the group, closing it, and who opted in and who commented."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from home.permissions import requires
from opportunities.forms.comment_rounds import CommentRoundForm
from opportunities.forms.papers import PaperForm
from opportunities.models import CommentRound, Paper, ResearchRequest
from opportunities.models.research_requests import Route
from opportunities.selectors.comment_rounds import (
    round_minutes_total,
    round_responses_for_staff,
    rounds_for_staff,
)
from opportunities.selectors.meetings import ROUND_PERMISSION
from opportunities.services.comment_rounds import (
    EDITABLE,
    CommentRoundError,
    comment_round_close,
    comment_round_create,
    comment_round_open,
    comment_round_update,
)
from opportunities.services.papers import PaperError, paper_add, paper_remove

PER_PAGE = 50


@requires(permission=ROUND_PERMISSION)
def comment_rounds_index(request):
    page = Paginator(rounds_for_staff(), PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request, "opportunities/admin/comment_rounds_index.html", {"page_obj": page}
    )


@requires(permission=ROUND_PERMISSION)
def comment_round_new(request):
    """A new round, not open yet. `?request=<id>`: from a researcher's request for
    written comments (its group and title filled in)."""
    initial = {}
    asked = request.GET.get("request", "")
    if asked.isdigit():
        research_request = (
            ResearchRequest.objects.filter(pk=int(asked), route=Route.COMMENTS)
            .exclude(status=ResearchRequest.Status.DRAFT)
            .first()
        )
        if research_request is not None:
            initial = {
                "request": research_request.pk,
                "group": research_request.group_id,
                "title": research_request.project_title,
            }
    form = CommentRoundForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            comment_round = comment_round_create(
                **{name: form.cleaned_data[name] for name in EDITABLE},
                comments_shared=form.cleaned_data["comments_shared"],
                by=request.user,
            )
        except CommentRoundError as error:
            form.add_error("closes_at", str(error))
        else:
            messages.success(
                request,
                _("Round saved. Add its papers, then open it to the group."),
            )
            return redirect("opportunities_comment_round_admin", round_id=comment_round.pk)
    return TemplateResponse(request, "opportunities/admin/comment_round_new.html", {"form": form})


def _paper_form(comment_round, data=None, files=None):
    return PaperForm(
        data,
        files,
        versions_of=Paper.objects.filter(comment_round=comment_round, version_of__isnull=True),
        prefix="paper",
    )


@requires(permission=ROUND_PERMISSION)
def comment_round_admin(request, round_id: int):
    """One round. POST `action`: edit, paper, paper_remove, open or close."""
    comment_round = get_object_or_404(
        CommentRound.objects.select_related("group", "request__researcher"), pk=round_id
    )
    is_closed = comment_round.status == CommentRound.Status.CLOSED
    opened = comment_round.status != CommentRound.Status.DRAFT
    form = None if is_closed else CommentRoundForm(instance=comment_round, opened=opened)
    paper_form = _paper_form(comment_round)
    if request.method == "POST":
        action = request.POST.get("action", "")
        back = redirect("opportunities_comment_round_admin", round_id=comment_round.pk)
        try:
            if action == "open":
                comment_round_open(comment_round=comment_round, by=request.user)
                messages.success(
                    request, _("The round is open: the group's members have been emailed.")
                )
                return back
            if action == "close":
                comment_round_close(comment_round=comment_round, by=request.user)
                messages.success(
                    request,
                    _("The round is closed. The time of each member who commented is recorded."),
                )
                return back
            if action == "paper_remove":
                paper_id = request.POST.get("paper", "")
                paper = (
                    Paper.objects.filter(pk=int(paper_id), comment_round=comment_round).first()
                    if paper_id.isdigit()
                    else None
                )
                if paper is not None:
                    paper_remove(paper=paper, by=request.user)
                    messages.success(request, _("Paper removed."))
                return back
            if action == "paper" and not is_closed:
                paper_form = _paper_form(comment_round, request.POST, request.FILES)
                if paper_form.is_valid():
                    try:
                        paper_add(
                            upload=paper_form.cleaned_data["file"],
                            title=paper_form.cleaned_data["title"],
                            by=request.user,
                            comment_round=comment_round,
                            version=paper_form.cleaned_data["version"],
                            version_of=paper_form.cleaned_data.get("version_of"),
                        )
                    except (PaperError, ValidationError) as error:
                        paper_form.add_error(
                            "file", error.messages[0] if hasattr(error, "messages") else str(error)
                        )
                    else:
                        messages.success(request, _("Paper added."))
                        return back
            elif action == "edit" and not is_closed:
                form = CommentRoundForm(request.POST, instance=comment_round, opened=opened)
                if form.is_valid():
                    fields = {name: form.cleaned_data[name] for name in EDITABLE}
                    fields["comments_shared"] = form.cleaned_data["comments_shared"]
                    if opened:
                        fields.pop("group")
                    try:
                        comment_round_update(comment_round=comment_round, by=request.user, **fields)
                    except CommentRoundError as error:
                        form.add_error("closes_at", str(error))
                    else:
                        messages.success(request, _("Round changed."))
                        return back
            else:
                return back
        except CommentRoundError as error:
            messages.error(request, str(error))
            return back
    comment_round.refresh_from_db()
    responses = list(round_responses_for_staff(comment_round))
    return TemplateResponse(
        request,
        "opportunities/admin/comment_round.html",
        {
            "comment_round": comment_round,
            "form": form,
            "paper_form": paper_form,
            "papers": list(
                Paper.objects.filter(comment_round=comment_round).order_by("uploaded_at", "pk")
            ),
            "responses": responses,
            "commented": sum(1 for response in responses if response.submitted_at),
            "minutes_total": round_minutes_total(comment_round),
            "has_errors": bool((form and form.errors) or paper_form.errors),
        },
    )
