"""One download for every paper, a meeting's or a comment round's: only to those who
may see the meeting's private parts (its group's active members, the researchers on
its agenda, staff) or the round (opportunities.selectors.meetings); "not found" to
anyone else, so nothing says the paper exists."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from opportunities.models import Paper
from opportunities.selectors.meetings import meeting_access, round_access


def paper_allowed(*, user, paper: Paper) -> bool:
    if paper.meeting_id is not None:
        return meeting_access(user=user, meeting=paper.meeting).sees_private
    if paper.comment_round_id is not None:
        return round_access(user=user, comment_round=paper.comment_round).sees_round
    return False


@require_safe
@login_required
def paper(request, paper_id: int):
    paper = get_object_or_404(
        Paper.objects.select_related("meeting", "comment_round__request"), pk=paper_id
    )
    if not paper_allowed(user=request.user, paper=paper):
        raise Http404
    try:
        handle = paper.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    # A name made of the title's letters and the type found in the file, never the
    # name it was uploaded with.
    filename = f"{slugify(paper.title)[:80].strip('-') or 'paper'}{paper.extension}"
    response = FileResponse(
        handle, content_type=paper.content_type, as_attachment=True, filename=filename
    )
    response["Cache-Control"] = "private, no-store"
    return response
