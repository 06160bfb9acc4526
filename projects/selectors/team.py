"""Who belongs on a project's team, from its request: the members selected for an
opportunity made from it, those who attended a group meeting where it was on the
agenda, and those who sent comments in a comment round about it. Set-based: three
queries whatever the numbers."""

from involvement.models import Involvement
from opportunities.models import (
    AgendaItem,
    Application,
    CommentRound,
    ResearchRequest,
    RoundResponse,
)

SELECTED = "selected"
ATTENDED_MEETING = "meeting"
COMMENTED = "comments"


def request_people(research_request: ResearchRequest) -> dict[int, str]:
    """Member ids, each with how they took part (the first way found, in the order
    above)."""
    people: dict[int, str] = {}
    selected = Application.objects.filter(
        opportunity__request=research_request, status=Application.Status.SELECTED
    ).values_list("member_id", flat=True)
    for member_id in selected:
        people.setdefault(member_id, SELECTED)
    meeting_activities = AgendaItem.objects.filter(
        request=research_request, meeting__activity__isnull=False
    ).values("meeting__activity_id")
    attended = Involvement.objects.filter(
        activity_id__in=meeting_activities, attended=True
    ).values_list("member_id", flat=True)
    for member_id in attended:
        people.setdefault(member_id, ATTENDED_MEETING)
    commented = RoundResponse.objects.filter(
        round__in=CommentRound.objects.filter(request=research_request),
        submitted_at__isnull=False,
    ).values_list("member_id", flat=True)
    for member_id in commented:
        people.setdefault(member_id, COMMENTED)
    return people
