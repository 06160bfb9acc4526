"""Who belongs on a project's team, from its request: the members selected for an
opportunity made from it, those who attended a group meeting where it was on the
agenda, those who sent comments in a comment round about it, and anyone recorded as
taking part in an opportunity made from it. Set-based: four queries whatever the
numbers."""

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
TOOK_PART = "took_part"


def request_people(research_request: ResearchRequest) -> dict[int, str]:
    """Member ids, each with how they took part (the first way found, in the order
    below)."""
    from opportunities.models import OpportunityPage

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
    # Anyone staff recorded as taking part in an opportunity made from it, even
    # without an application (recorded on their behalf).
    took_part = Involvement.objects.filter(
        activity_id__in=OpportunityPage.objects.filter(
            request=research_request, activity__isnull=False
        ).values("activity_id"),
        attended=True,
    ).values_list("member_id", flat=True)
    for member_id in took_part:
        people.setdefault(member_id, TOOK_PART)
    return people


def projects_of_activities(activity_ids: set[int]):
    """The open projects whose request these activities were for: an opportunity made
    from it, a meeting where it was on the agenda, a comment round about it (three
    subqueries, one query)."""
    from django.db.models import Q

    from opportunities.models import OpportunityPage
    from projects.models import Project

    return Project.objects.filter(
        Q(
            request__in=OpportunityPage.objects.filter(activity_id__in=activity_ids).values(
                "request"
            )
        )
        | Q(
            request__in=AgendaItem.objects.filter(meeting__activity_id__in=activity_ids).values(
                "request"
            )
        )
        | Q(
            request__in=CommentRound.objects.filter(activity_id__in=activity_ids).values("request")
        ),
        closed_at=None,
    )
