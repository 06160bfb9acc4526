"""An opportunity's sessions as calendar files: one session, or every session still to
come in one file (home.calendar; the Google and Outlook links are on the page itself)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from home.calendar import ics_response
from opportunities.models import OpportunityPage, OpportunitySession


def _page_for(request, opportunity_id: int) -> OpportunityPage:
    """The live opportunity if this person may see its page; otherwise "not found",
    as the page itself answers (group-only opportunities, private pages)."""
    page = get_object_or_404(OpportunityPage.objects.live(), pk=opportunity_id)
    if not page.may_be_seen_by(request.user):
        raise Http404
    for restriction in page.get_view_restrictions():
        if not restriction.accept_request(request):
            raise Http404
    return page


@require_safe
def session_calendar(request, opportunity_id: int, session_id: int):
    """One session, as a .ics download."""
    page = _page_for(request, opportunity_id)
    session = get_object_or_404(OpportunitySession.objects.filter(page=page), pk=session_id)
    session.page = page
    return ics_response(event=session.event(url=page.get_full_url(request)))


@require_safe
def opportunity_calendar(request, opportunity_id: int):
    """Every session not over yet, in one .ics download."""
    page = _page_for(request, opportunity_id)
    sessions = list(OpportunitySession.objects.filter(page=page).upcoming())
    if not sessions:
        raise Http404
    url = page.get_full_url(request)
    for session in sessions:
        session.page = page
    return ics_response(events=[session.event(url=url) for session in sessions])
