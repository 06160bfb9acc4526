"""Reads for a researcher's own request that asked a reference group: its slots on
meetings' agendas and its comment rounds, with what each means in plain words.

Only the request's researcher reaches these (the views find the request among their
own first); nothing here names a member."""

import datetime

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from home.datetimes import format_date
from opportunities.models import AgendaItem, CommentRound, Paper, ResearchRequest


def request_agenda_items(research_request: ResearchRequest) -> list[AgendaItem]:
    """The request's slots, soonest meeting first, each with its meeting, group, papers
    and answer: a fixed number of queries however many there are."""
    return list(
        AgendaItem.objects.filter(request=research_request)
        .select_related("meeting", "meeting__group", "impact_entry")
        .prefetch_related(Prefetch("papers", queryset=Paper.objects.order_by("uploaded_at", "pk")))
        .order_by("meeting__starts_at", "pk")
    )


def request_comment_rounds(research_request: ResearchRequest) -> list[CommentRound]:
    """The request's comment rounds that have opened (a draft is staff's alone), each
    with `comment_count`: how many members sent a comment (never who)."""
    return list(
        CommentRound.objects.filter(request=research_request)
        .exclude(status=CommentRound.Status.DRAFT)
        .select_related("group")
        .annotate(comment_count=Count("responses", filter=Q(responses__submitted_at__isnull=False)))
        .order_by("closes_at", "pk")
    )


def _group_meeting(item: AgendaItem) -> dict:
    return {"group": item.meeting.group.title, "date": format_date(_day(item), weekday=False)}


def _day(item: AgendaItem) -> datetime.date:
    return timezone.localdate(item.meeting.starts_at)


def agenda_item_status(item: AgendaItem, now: datetime.datetime | None = None) -> str:
    """Where one slot stands, as the researcher reads it."""
    now = now or timezone.now()
    if item.meeting.is_cancelled:
        return _("Cancelled")
    if item.feedback_sent_at:
        return _("Feedback sent on %(date)s") % {
            "date": format_date(timezone.localdate(item.feedback_sent_at), weekday=False)
        }
    if item.meeting.has_started(now):
        return _(
            "Discussed at the %(group)s group's meeting on %(date)s: the group's feedback "
            "will follow"
        ) % _group_meeting(item)
    return _("On the agenda of the %(group)s group's meeting on %(date)s") % _group_meeting(item)


def agenda_item_takes_papers(item: AgendaItem, now: datetime.datetime | None = None) -> bool:
    """The researcher may add papers to their slot until the meeting starts."""
    return not item.meeting.is_cancelled and not item.meeting.has_started(now)


def agenda_item_may_answer(item: AgendaItem) -> bool:
    """'You said, we did' is asked once the group's feedback is sent, and once."""
    return bool(item.feedback_sent_at) and item.impact_entry_id is None


def meeting_slot_next_step(
    research_request: ResearchRequest,
    agenda_items: list[AgendaItem],
    now: datetime.datetime | None = None,
) -> str:
    """What happens next to a request for a meeting slot, once it is accepted."""
    now = now or timezone.now()
    live = [item for item in agenda_items if not item.meeting.is_cancelled]
    waiting_for_answer = [item for item in live if agenda_item_may_answer(item)]
    if waiting_for_answer:
        return _(
            "The group's feedback is below. Tell the members what changed because of it "
            "(you said, we did)."
        )
    not_yet = [item for item in live if not item.feedback_sent_at]
    upcoming = [item for item in not_yet if not item.meeting.has_started(now)]
    if upcoming:
        item = upcoming[0]
        words = _("Your slot is on the agenda of the %(group)s group's meeting on %(date)s.") % (
            _group_meeting(item)
        )
        due = item.meeting.papers_due_on
        if due and due >= timezone.localdate(now):
            words += " " + _("Send your papers by %(date)s.") % {
                "date": format_date(due, weekday=False)
            }
            words += " " + _('Add them below, under "Add a paper for the group".')
        return words
    if not_yet:
        return _(
            "The group has met. The involvement team will send you the group's feedback, "
            "and email you when they do."
        )
    if live:
        return _("You told the members what changed because of their input. Thank you.")
    group = research_request.group.title if research_request.group_id else None
    if agenda_items:  # all on meetings since cancelled
        return _(
            "The meeting was cancelled. The involvement team will find your slot another "
            "meeting and email you its date."
        )
    if group:
        return _(
            "The involvement team will find your slot at a meeting of the %(group)s group "
            "and email you its date and what to send."
        ) % {"group": group}
    return _(
        "The involvement team will choose a reference group's meeting for your slot and "
        "email you its date and what to send."
    )


def comments_next_step(
    research_request: ResearchRequest, comment_rounds: list[CommentRound]
) -> str:
    """What happens next to a request for written comments, once it is accepted."""
    open_rounds = [r for r in comment_rounds if r.is_open()]
    if open_rounds:
        closes = min(r.closes_at for r in open_rounds)
        return _(
            "The group's members can comment until %(date)s. You can read their comments, "
            "collated, once the round closes."
        ) % {"date": format_date(timezone.localdate(closes), weekday=False)}
    if any(r.status == CommentRound.Status.CLOSED for r in comment_rounds):
        return _("The round has closed: read the group's comments, collated, below.")
    if comment_rounds:
        return _(
            "The deadline has passed. Once the involvement team closes the round, you can "
            "read the group's comments, collated, here."
        )
    if research_request.group_id:
        return _(
            "The involvement team will set up a comment round with the %(group)s group and "
            "email you when it opens."
        ) % {"group": research_request.group.title}
    return _(
        "The involvement team will choose a reference group, set up a comment round and "
        "email you when it opens."
    )
