"""Written comment rounds: the reads. Who may see what is round_access
(opportunities.selectors.meetings); these only fetch, in a fixed number of queries.

Names. Nothing in the platform asks a member whether they agree to be named to other
members or to researchers for a comment (an application's `share_name` is for that
application only), so comments are shown to other members and to researchers without
names, numbered "Member 1", "Member 2"… in the order they were sent. Staff see who
commented on their own screen (they run the group and record the involvement); the
collated page is what the researcher gets, so staff see it as the researcher will."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.models import GroupMembership, User
from opportunities.models import CommentRound, RoundResponse


def rounds_for_staff():
    """Every round, latest closing first, with how many opted in and how many sent a
    comment (two counts in the one query)."""
    return (
        CommentRound.objects.select_related("group", "request")
        .annotate(
            opted_in=Count("responses"),
            commented=Count("responses", filter=Q(responses__submitted_at__isnull=False)),
        )
        .order_by("-closes_at", "pk")
    )


def sent_responses(comment_round: CommentRound):
    """The comments sent, in the order they were sent (the order "Member N" follows)."""
    return RoundResponse.objects.filter(round=comment_round, submitted_at__isnull=False).order_by(
        "submitted_at", "pk"
    )


def member_label(number: int) -> str:
    return _("Member %(number)s") % {"number": number}


@dataclass
class Comment:
    label: str
    comment: str
    minutes: int  # what they said, or the round's expected time
    is_own: bool = False


@dataclass
class Collated:
    comment_round: CommentRound
    comments: list[Comment] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.comments)

    @property
    def total_minutes(self) -> int:
        return sum(comment.minutes for comment in self.comments)

    @property
    def total_time(self) -> str:
        """ "2 hours and 5 minutes", "1 hour", "45 minutes"."""
        hours, minutes = divmod(self.total_minutes, 60)
        hours_words = ngettext("%(count)s hour", "%(count)s hours", hours) % {"count": hours}
        minutes_words = ngettext("%(count)s minute", "%(count)s minutes", minutes) % {
            "count": minutes
        }
        if hours and minutes:
            return _("%(hours)s and %(minutes)s") % {"hours": hours_words, "minutes": minutes_words}
        return hours_words if hours else minutes_words


def round_collated(comment_round: CommentRound, *, viewer: User | None = None) -> Collated:
    """Every comment sent, numbered, without names (one query). `viewer`'s own is
    marked, so a member reads "your comments" rather than a number."""
    rows = sent_responses(comment_round).values_list("member_id", "comment", "minutes_spent")
    comments = [
        Comment(
            label=member_label(number),
            comment=comment,
            minutes=minutes or comment_round.expected_minutes,
            is_own=viewer is not None and member_id == viewer.pk,
        )
        for number, (member_id, comment, minutes) in enumerate(rows, start=1)
    ]
    return Collated(comment_round=comment_round, comments=comments)


def round_responses_for_staff(comment_round: CommentRound):
    """Who opted in and who sent a comment, with their names (staff's screen)."""
    return (
        RoundResponse.objects.filter(round=comment_round)
        .select_related("member")
        .order_by("submitted_at", "opted_in_at", "pk")
    )


def round_minutes_total(comment_round: CommentRound) -> int:
    return sent_responses(comment_round).aggregate(
        total=Coalesce(Sum(Coalesce("minutes_spent", comment_round.expected_minutes)), 0)
    )["total"]


def open_rounds_of_group(group_id: int):
    """A group's rounds open now, closing soonest first."""
    return CommentRound.objects.open().filter(group_id=group_id).order_by("closes_at", "pk")


@dataclass
class WantedRound:
    comment_round: CommentRound
    response: RoundResponse | None

    @property
    def status(self) -> str:
        if self.response is None:
            return _("Not started")
        if self.response.submitted_at:
            return _("Sent")
        if self.response.comment:
            return _("Draft saved")
        return _("You said you will comment")


def rounds_wanted_from(user: User) -> list[WantedRound]:
    """The open rounds of the groups the person is an active member of, with where
    their own response stands (two queries)."""
    rounds = list(
        CommentRound.objects.open(timezone.now())
        .filter(
            group__memberships__member=user,
            group__memberships__status=GroupMembership.Status.ACTIVE,
        )
        .select_related("group")
        .order_by("closes_at", "pk")
        .distinct()
    )
    responses = {
        response.round_id: response
        for response in RoundResponse.objects.filter(member=user, round__in=rounds)
    }
    return [WantedRound(comment_round=r, response=responses.get(r.pk)) for r in rounds]
