"""The researcher's side of a slot at a group's meeting: their papers for it, and their
answer to the group's feedback ("you said, we did"), which becomes an impact entry on
the meeting's activity and reaches the members who attended."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from involvement.models import ImpactEntry
from involvement.services import InvolvementError, impact_add
from members.models import User
from opportunities.models import AgendaItem, Paper
from opportunities.services.meetings import MeetingError, meeting_activity_sync
from opportunities.services.papers import paper_add


def _own_item(*, item: AgendaItem, by: User) -> AgendaItem:
    """The item, locked, if it is a slot of `by`'s own request."""
    locked = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("request", "meeting")
        .get(pk=item.pk)
    )
    if locked.request is None or locked.request.researcher_id != by.pk:
        raise MeetingError(_("Only the researcher who asked for this slot can do this."))
    return locked


@transaction.atomic
def agenda_item_paper_add(
    *, item: AgendaItem, upload, title: str, by: User, version: str = Paper.Version.STANDARD
) -> Paper:
    """The researcher's own paper for their slot, until the meeting starts (after that
    the group has met: staff add anything late)."""
    locked = _own_item(item=item, by=by)
    if locked.meeting.is_cancelled:
        raise MeetingError(_("This meeting was cancelled: there is nothing to send for it."))
    if locked.meeting.has_started(timezone.now()):
        raise MeetingError(
            _("The meeting has started, so papers can no longer be added. Contact the team.")
        )
    return paper_add(upload=upload, title=title, by=by, agenda_item=locked, version=version)


@transaction.atomic
def agenda_item_answer(
    *, item: AgendaItem, what_changed: str, by: User, kind: str = "", research_stage: str = ""
) -> ImpactEntry:
    """'You said, we did': the researcher's answer to the group's feedback on their
    slot, once that feedback was sent, and once per slot. Recorded as an impact entry
    on the meeting's activity (involvement.services.impact_add emails the members who
    attended, and they see it under "what difference you made"). `kind` and
    `research_stage` (both optional) place it in the project's record."""
    locked = _own_item(item=item, by=by)
    if locked.feedback_sent_at is None:
        raise MeetingError(
            _("You can answer once the involvement team has sent you the group's feedback.")
        )
    if locked.impact_entry_id is not None:
        raise MeetingError(
            _(
                "You have already told the group what changed. To add more, contact the "
                "involvement team."
            )
        )
    try:
        entry = impact_add(
            activity=meeting_activity_sync(meeting=locked.meeting),
            what_changed=what_changed,
            by=by,
            kind=kind,
            research_stage=research_stage,
        )
    except InvolvementError as error:
        raise MeetingError(str(error)) from None
    locked.impact_entry = entry
    locked.save(update_fields=["impact_entry"])
    item.impact_entry = entry
    return entry
