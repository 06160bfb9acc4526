"""Who may see what of a group's meetings and comment rounds: the one place the rules
are written, so every view asks the same way.

    access = meeting_access(user=request.user, meeting=meeting)
    access.sees_meeting   its time, place, agenda: the group's active members, the
                          researchers (holding the role) with an item on its agenda, staff
    access.sees_private   its joining link and papers: the same people
    access.sees_notes     its notes as they stand: published → the same people;
                          shared for corrections → those who attended, and staff;
                          a draft → staff only
    access.is_staff       runs meetings (opportunities.run_meeting; a staff session
                          without the second factor does not hold it)

    round_access(user=…, comment_round=…) the same for a written comment round:
    .sees_round (active members of its group, its request's researcher, staff),
    .may_comment (an active member, while it is open),
    .sees_others (everyone's comments: staff and the researcher once it is closed,
                  members once it is closed or when the group shared them),
    .sees_collated (the collated page and its export: staff, and the researcher once
                    it is closed; never members, who read others' comments on the
                    round's own page),
    .is_staff

Anyone else gets nothing: views answer 404 for a meeting the person may not see (so
its existence is not given away), as they do for someone else's application.
"""

from dataclasses import dataclass

from involvement.models import Involvement
from members import roles
from members.models import GroupMembership, User
from opportunities.models import (
    AgendaItem,
    CommentRound,
    GroupMeeting,
    MeetingNotes,
    MeetingReply,
    Paper,
)

MEETING_PERMISSION = "opportunities.run_meeting"
ROUND_PERMISSION = "opportunities.run_comment_round"


def is_active_member(*, user: User, group_id: int) -> bool:
    if not user.is_authenticated:
        return False
    return GroupMembership.objects.filter(
        member=user, group_id=group_id, status=GroupMembership.Status.ACTIVE
    ).exists()


@dataclass(frozen=True)
class MeetingAccess:
    is_staff: bool = False
    is_member: bool = False
    is_researcher: bool = False  # has an item on its agenda
    attended: bool = False
    notes_status: str | None = None

    @property
    def sees_meeting(self) -> bool:
        return self.is_staff or self.is_member or self.is_researcher

    @property
    def sees_private(self) -> bool:
        return self.sees_meeting

    @property
    def sees_notes(self) -> bool:
        if self.notes_status is None:
            return False
        if self.is_staff:
            return True
        if self.notes_status == MeetingNotes.Status.PUBLISHED:
            return self.is_member or self.is_researcher
        if self.notes_status == MeetingNotes.Status.SHARED:
            return self.attended
        return False

    @property
    def may_correct_notes(self) -> bool:
        """Attendees suggest corrections while the notes are shared with them."""
        return self.attended and self.notes_status == MeetingNotes.Status.SHARED


def meeting_access(*, user: User, meeting: GroupMeeting) -> MeetingAccess:
    """What `user` may see of `meeting` (a few small queries; for one meeting's page)."""
    if not user.is_authenticated:
        return MeetingAccess()
    notes_status = (
        MeetingNotes.objects.filter(meeting=meeting).values_list("status", flat=True).first()
    )
    attended = bool(
        meeting.activity_id
        and Involvement.objects.filter(
            activity_id=meeting.activity_id, member=user, attended=True
        ).exists()
    )
    return MeetingAccess(
        is_staff=user.has_perm(MEETING_PERMISSION),
        is_member=is_active_member(user=user, group_id=meeting.group_id),
        # Only while they are a researcher (as their request's own page asks).
        is_researcher=user.has_role(roles.RESEARCHER)
        and AgendaItem.objects.filter(meeting=meeting, request__researcher=user).exists(),
        attended=attended,
        notes_status=notes_status,
    )


@dataclass(frozen=True)
class RoundAccess:
    is_staff: bool = False
    is_member: bool = False
    is_researcher: bool = False  # the researcher whose request it answers
    is_open: bool = False
    is_closed: bool = False
    comments_shared: bool = False

    @property
    def sees_round(self) -> bool:
        return self.is_staff or self.is_member or self.is_researcher

    @property
    def may_comment(self) -> bool:
        return self.is_member and self.is_open

    @property
    def sees_others(self) -> bool:
        if self.is_staff:
            return True
        if self.is_researcher:
            return self.is_closed
        if self.is_member:
            return self.is_closed or self.comments_shared
        return False

    @property
    def sees_collated(self) -> bool:
        return self.is_staff or (self.is_researcher and self.is_closed)


def round_access(*, user: User, comment_round: CommentRound) -> RoundAccess:
    if not user.is_authenticated:
        return RoundAccess()
    is_member = is_active_member(user=user, group_id=comment_round.group_id)
    return RoundAccess(
        is_staff=user.has_perm(ROUND_PERMISSION),
        # A draft round is not shown to members yet.
        is_member=is_member and comment_round.status != CommentRound.Status.DRAFT,
        is_researcher=bool(
            comment_round.request_id
            and comment_round.request.researcher_id == user.pk
            and comment_round.status != CommentRound.Status.DRAFT
            and user.has_role(roles.RESEARCHER)
        ),
        is_open=comment_round.is_open(),
        is_closed=comment_round.status == CommentRound.Status.CLOSED,
        comments_shared=comment_round.comments_shared,
    )


# --- The member's side: what a meeting's page, the group page and the account show ---


def sees_group_meetings(*, user: User, group_id: int) -> bool:
    """The group's list of meetings: its active members, and staff who run meetings."""
    if not user.is_authenticated:
        return False
    return user.has_perm(MEETING_PERMISSION) or is_active_member(user=user, group_id=group_id)


def group_meetings_upcoming(*, group_id: int):
    """A group's meetings not over yet and not cancelled, soonest first."""
    return GroupMeeting.objects.filter(group_id=group_id).not_cancelled().upcoming()


def member_meetings_upcoming(*, user: User):
    """The meetings still to come of every group `user` is an active member of."""
    groups = GroupMembership.objects.filter(
        member=user, status=GroupMembership.Status.ACTIVE
    ).values("group_id")
    return (
        GroupMeeting.objects.filter(group_id__in=groups)
        .not_cancelled()
        .upcoming()
        .select_related("group")
    )


def replies_of(*, user: User, meetings) -> dict[int, MeetingReply]:
    """`user`'s replies to `meetings` (a list), by meeting id: one query."""
    if not user.is_authenticated or not meetings:
        return {}
    return {
        reply.meeting_id: reply
        for reply in MeetingReply.objects.filter(
            member=user, meeting_id__in=[meeting.pk for meeting in meetings]
        )
    }


@dataclass
class AgendaRow:
    item: AgendaItem
    papers: list  # standard papers, each with `.accessible` (its easy-read, large-print versions)


def meeting_papers(*, meeting: GroupMeeting) -> tuple[list, dict[int, list]]:
    """The meeting's papers in one query: (those for the whole meeting, those of each
    agenda item by item id). Each standard paper carries `.accessible`, its versions."""
    papers = list(Paper.objects.filter(meeting=meeting).order_by("uploaded_at", "pk"))
    by_id = {paper.pk: paper for paper in papers}
    for paper in papers:
        paper.accessible = []
    standard = []
    for paper in papers:
        parent = by_id.get(paper.version_of_id) if paper.version_of_id else None
        if parent is not None:
            parent.accessible.append(paper)
        elif paper.version_of_id is None:
            standard.append(paper)
    general, by_item = [], {}
    for paper in standard:
        if paper.agenda_item_id is None:
            general.append(paper)
        else:
            by_item.setdefault(paper.agenda_item_id, []).append(paper)
    return general, by_item


def meeting_agenda(*, meeting: GroupMeeting) -> tuple[list[AgendaRow], list]:
    """The agenda in order, each item with its papers, and the meeting's own papers:
    two queries, however long the agenda."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("impact_entry")
        .order_by("position", "pk")
    )
    general, by_item = meeting_papers(meeting=meeting)
    return [AgendaRow(item=item, papers=by_item.get(item.pk, [])) for item in items], general
