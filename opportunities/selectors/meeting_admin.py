"""Group meetings, the staff side: the reads of the staff screens, each a fixed number
of queries however many meetings, items or replies there are."""

import datetime

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from members.models import GroupMembership, ReferenceGroupPage
from opportunities.models import (
    AgendaItem,
    GroupMeeting,
    MeetingNotes,
    MeetingReply,
    NotesCorrection,
    Paper,
    ResearchRequest,
    Route,
)

WAITING_FOR_SLOT = [ResearchRequest.Status.SUBMITTED, ResearchRequest.Status.IN_REVIEW]


def waiting_for_slot() -> Q:
    """A slot request still waiting for a slot: not decided yet, or accepted (from the
    review page, or given a slot since removed from the agenda or at a meeting since
    cancelled) with no slot at a meeting that is still on."""
    live_slot = AgendaItem.objects.filter(
        request=OuterRef("pk"), meeting__cancelled_at__isnull=True
    )
    return Q(route=Route.MEETING_SLOT) & (
        Q(status__in=WAITING_FOR_SLOT)
        | Q(~Exists(live_slot), status=ResearchRequest.Status.ACCEPTED)
    )


def _count(queryset, outer: str = "pk"):
    """A subquery counting `queryset`'s rows for the outer row (no join, no GROUP BY
    on the outer query, so counts of different things never multiply)."""
    return Coalesce(
        Subquery(
            queryset.filter(**{outer: OuterRef("pk")})
            .order_by()
            .values(outer)
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def groups_with_meetings(now: datetime.datetime | None = None):
    """Every reference group, with its next meeting (not cancelled, not over), how many
    meetings are to come, and its active members. Two queries for the groups and their
    next meetings."""
    now = now or timezone.now()
    upcoming = GroupMeeting.objects.not_cancelled().filter(ends_at__gt=now)
    groups = list(
        ReferenceGroupPage.objects.order_by("title")
        .annotate(
            upcoming_count=_count(upcoming, "group"),
            members_count=_count(
                GroupMembership.objects.filter(status=GroupMembership.Status.ACTIVE), "group"
            ),
            next_meeting_id=Subquery(
                upcoming.filter(group=OuterRef("pk")).order_by("starts_at", "pk").values("pk")[:1]
            ),
        )
        .only("pk", "title", "slug")
    )
    nexts = GroupMeeting.objects.in_bulk([g.next_meeting_id for g in groups if g.next_meeting_id])
    for group in groups:
        group.next_meeting = nexts.get(group.next_meeting_id)
    return groups


def group_meetings(group: ReferenceGroupPage, now: datetime.datetime | None = None):
    """The group's meetings, those to come first (soonest first), then those past (most
    recent first), each with its replies coming, agenda items and notes' status."""
    now = now or timezone.now()
    return (
        GroupMeeting.objects.filter(group=group)
        .annotate(
            is_past=Case(When(ends_at__lte=now, then=1), default=0, output_field=IntegerField()),
            upcoming_start=Case(When(ends_at__gt=now, then=F("starts_at")), default=None),
            coming_count=_count(
                MeetingReply.objects.filter(answer=MeetingReply.Answer.COMING), "meeting"
            ),
            items_count=_count(AgendaItem.objects.all(), "meeting"),
            notes_status=Subquery(
                MeetingNotes.objects.filter(meeting=OuterRef("pk")).values("status")[:1]
            ),
        )
        .order_by("is_past", F("upcoming_start").asc(nulls_last=True), "-starts_at", "-pk")
    )


def meeting_for_admin(meeting_id: int):
    return (
        GroupMeeting.objects.select_related("group", "series", "notes")
        .filter(pk=meeting_id)
        .first()
    )


def agenda_items(meeting: GroupMeeting) -> list[AgendaItem]:
    """The agenda in order, each item with its request and researcher and its papers
    (versions with them): three queries."""
    return list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("request__researcher")
        .prefetch_related(
            Prefetch(
                "papers",
                queryset=Paper.objects.filter(version_of__isnull=True).prefetch_related("versions"),
                to_attr="top_papers",
            )
        )
        .order_by("position", "pk")
    )


def meeting_papers(meeting: GroupMeeting) -> list[Paper]:
    """The meeting's own papers (not an item's), each with its accessible versions."""
    return list(
        Paper.objects.filter(meeting=meeting, agenda_item__isnull=True, version_of__isnull=True)
        .prefetch_related("versions")
        .order_by("uploaded_at", "pk")
    )


def meeting_replies(meeting: GroupMeeting) -> list[MeetingReply]:
    return list(
        MeetingReply.objects.filter(meeting=meeting)
        .select_related("member")
        .order_by("answer", "member__name", "pk")
    )


def notes_corrections(notes: MeetingNotes | None) -> list[NotesCorrection]:
    if notes is None:
        return []
    return list(notes.corrections.select_related("member", "answered_by").order_by("created_at"))


def slot_requests_waiting(meeting: GroupMeeting):
    """Requests asking for a slot at a meeting of this group (or of any group), still
    waiting for staff, that have no slot at this meeting yet."""
    return (
        ResearchRequest.objects.filter(waiting_for_slot())
        .filter(Q(group_id=meeting.group_id) | Q(group__isnull=True))
        .exclude(agenda_items__meeting=meeting)
        .select_related("researcher", "group")
        .order_by("submitted_at", "pk")
    )


def slot_waiting_count(meeting: GroupMeeting) -> int:
    return slot_requests_waiting(meeting).count()


__all__ = [
    "agenda_items",
    "group_meetings",
    "groups_with_meetings",
    "meeting_for_admin",
    "meeting_papers",
    "meeting_replies",
    "notes_corrections",
    "slot_requests_waiting",
    "slot_waiting_count",
]
