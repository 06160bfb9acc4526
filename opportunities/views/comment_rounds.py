"""Written comment rounds, outside the admin: a member's page for a round (opt in,
write, send, change until it closes), and the collated comments for the researcher
(and staff), as a page and a spreadsheet. Who sees what is round_access; anyone it
does not let see the round gets 'not found'."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from home.datetimes import format_datetime
from home.permissions import refuse
from home.spreadsheets import spreadsheet_safe
from opportunities.forms.comment_rounds import CommentForm
from opportunities.models import CommentRound, Paper, RoundResponse
from opportunities.selectors.comment_rounds import round_collated
from opportunities.selectors.meetings import round_access
from opportunities.services.comment_rounds import (
    CommentRoundError,
    comment_round_comment_save,
    comment_round_opt_in,
    comment_round_opt_out,
)

SENT = _lazy("Your comments have been sent. You can change them until the round closes.")
DRAFT_SAVED = _lazy("Your draft has been saved. Only you can see it until you send it.")


def _round_for(request, round_id: int):
    comment_round = get_object_or_404(
        CommentRound.objects.select_related("group", "request"), pk=round_id
    )
    access = round_access(user=request.user, comment_round=comment_round)
    if not access.sees_round:
        raise Http404
    return comment_round, access


def papers_of(comment_round: CommentRound) -> list[Paper]:
    """The round's documents, each with its accessible versions and a link to the one
    download view (opportunities:paper), which asks round_access again."""
    papers = list(comment_round.papers.order_by("uploaded_at", "pk"))
    for paper in papers:
        paper.url = reverse("opportunities:paper", kwargs={"paper_id": paper.pk})
    standard = [paper for paper in papers if paper.version_of_id is None]
    for paper in standard:
        paper.accessible = [other for other in papers if other.version_of_id == paper.pk]
    return standard


@login_required
def comment_round(request, round_id: int):
    """The round as a member sees it: the question, deadline, expected time and
    documents; 'I will comment', then their comments (a draft, or sent), which they can
    change until it closes; afterwards read only. Others' comments, without names,
    only when round_access says (closed, or the group shared them)."""
    comment_round, access = _round_for(request, round_id)
    response = RoundResponse.objects.filter(round=comment_round, member=request.user).first()
    form = None
    if request.method == "POST":
        if not access.is_member:
            return refuse(request)  # staff and researchers read the page; they do not comment
        action = request.POST.get("action", "")
        if not access.may_comment:
            messages.error(
                request,
                _("This round closed on %(date)s, so comments can no longer be sent or changed.")
                % {"date": format_datetime(comment_round.closed_at or comment_round.closes_at)},
            )
            return redirect("opportunities:comment_round", round_id=comment_round.pk)
        try:
            if action == "opt_in":
                comment_round_opt_in(comment_round=comment_round, member=request.user)
                return redirect(f"{request.path}#your-comments")
            if action == "opt_out":
                comment_round_opt_out(comment_round=comment_round, member=request.user)
                messages.info(request, _("You are no longer down to comment on this round."))
                return redirect("opportunities:comment_round", round_id=comment_round.pk)
            if action in ("draft", "send") and response is not None:
                send = action == "send" or response.submitted_at is not None
                form = CommentForm(
                    request.POST, expected_minutes=comment_round.expected_minutes, send=send
                )
                if form.is_valid():
                    comment_round_comment_save(
                        comment_round=comment_round,
                        member=request.user,
                        comment=form.cleaned_data["comment"],
                        minutes_spent=form.cleaned_data["minutes_spent"],
                        send=send,
                    )
                    messages.success(
                        request,
                        SENT if send else DRAFT_SAVED,
                    )
                    return redirect("opportunities:comment_round", round_id=comment_round.pk)
            else:
                return redirect("opportunities:comment_round", round_id=comment_round.pk)
        except CommentRoundError as error:
            messages.error(request, str(error))
            return redirect("opportunities:comment_round", round_id=comment_round.pk)
    if form is None and response is not None and access.may_comment:
        form = CommentForm(
            initial={"comment": response.comment, "minutes_spent": response.minutes_spent},
            expected_minutes=comment_round.expected_minutes,
        )
    others = None
    if access.sees_others and access.is_member:
        # Without names; their own is marked as theirs.
        others = round_collated(comment_round, viewer=request.user).comments
    return render(
        request,
        "opportunities/comment_round.html",
        {
            "comment_round": comment_round,
            "access": access,
            "response": response,
            "form": form,
            "papers": papers_of(comment_round),
            "others": others,
            "collated_url": reverse(
                "opportunities:comment_round_collated", kwargs={"round_id": comment_round.pk}
            )
            if access.sees_collated
            else "",
        },
    )


def _collated_for(request, round_id: int):
    comment_round, access = _round_for(request, round_id)
    if not access.sees_collated:
        raise Http404  # members read others' comments on the round's own page
    return comment_round


@login_required
def comment_round_collated(request, round_id: int):
    """Every comment sent, numbered without names, how many people commented and the
    time they gave in total: for the researcher once it has closed, staff any time."""
    comment_round = _collated_for(request, round_id)
    return render(
        request,
        "opportunities/comment_round_collated.html",
        {"comment_round": comment_round, "collated": round_collated(comment_round)},
    )


@login_required
def comment_round_collated_csv(request, round_id: int):
    """The same as a spreadsheet (every cell kept as text a spreadsheet will not run)."""
    comment_round = _collated_for(request, round_id)
    collated = round_collated(comment_round)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="comment-round-{comment_round.pk}-comments.csv"'
    )
    writer = csv.writer(response)
    writer.writerow([spreadsheet_safe(_("Round")), spreadsheet_safe(comment_round.title)])
    writer.writerow([spreadsheet_safe(_("Question")), spreadsheet_safe(comment_round.question)])
    writer.writerow([spreadsheet_safe(_("People who commented")), collated.count])
    writer.writerow(
        [spreadsheet_safe(_("Time given in total, in minutes")), collated.total_minutes]
    )
    writer.writerow([])
    writer.writerow([spreadsheet_safe(h) for h in (_("Who"), _("Comments"), _("Minutes"))])
    for comment in collated.comments:
        writer.writerow(
            [
                spreadsheet_safe(comment.label),
                spreadsheet_safe(comment.comment),
                spreadsheet_safe(comment.minutes),
            ]
        )
    return response
