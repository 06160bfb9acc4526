"""Who may see what of a group's meetings and comment rounds: the one place the rules
are written, so every view asks the same way.

    access = meeting_access(user=request.user, meeting=meeting)
    access.sees_meeting   its time, place, agenda: the group's active members, the
                          researchers with an item on its agenda, staff
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
from members.models import GroupMembership, User
from opportunities.models import AgendaItem, CommentRound, GroupMeeting, MeetingNotes

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
        is_researcher=AgendaItem.objects.filter(meeting=meeting, request__researcher=user).exists(),
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
        ),
        is_open=comment_round.is_open(),
        is_closed=comment_round.status == CommentRound.Status.CLOSED,
        comments_shared=comment_round.comments_shared,
    )
