"""Papers for meetings and comment rounds: added (checked by what the file is, stored
privately under a random name) and removed. Who may download them is
opportunities.selectors.meetings; the download is opportunities.views.papers."""

from django.db import transaction
from django.utils.translation import gettext as _

from home.private_files import document_content_type
from members.models import User
from opportunities.models import AgendaItem, CommentRound, GroupMeeting, Paper


class PaperError(Exception):
    """A paper that cannot be added; the message says why."""


@transaction.atomic
def paper_add(
    *,
    upload,
    title: str,
    by: User,
    meeting: GroupMeeting | None = None,
    agenda_item: AgendaItem | None = None,
    comment_round: CommentRound | None = None,
    version: str = Paper.Version.STANDARD,
    version_of: Paper | None = None,
) -> Paper:
    """Keep `upload` as a paper of a meeting (or one of its items) or of a comment
    round. The file's type is read from its first bytes (a ValidationError from
    home.private_files says what to do otherwise)."""
    if agenda_item is not None:
        meeting = agenda_item.meeting
    if (meeting is None) == (comment_round is None):
        raise PaperError(_("A paper belongs to one meeting or one comment round."))
    if version_of is not None and (
        version_of.meeting_id != (meeting.pk if meeting else None)
        or version_of.comment_round_id != (comment_round.pk if comment_round else None)
    ):
        raise PaperError(_("An easy-read or large-print version must be of a paper here."))
    title = (title or "").strip()
    if not title:
        raise PaperError(_("Give the paper a title, like “Participant leaflet”."))
    content_type = document_content_type(upload)
    paper = Paper(
        meeting=meeting,
        agenda_item=agenda_item,
        comment_round=comment_round,
        title=title,
        version=version,
        version_of=version_of,
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )
    paper.file.save("paper", upload, save=False)
    try:
        paper.save()
    except Exception:
        paper.file.storage.delete(paper.file.name)  # no file without its row
        raise
    return paper


@transaction.atomic
def paper_remove(*, paper: Paper, by: User) -> None:
    """Remove a paper and its file (and its accessible versions, with theirs)."""
    files = [paper.file.name, *paper.versions.values_list("file", flat=True)]
    storage = paper.file.storage
    paper.delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in files if name])
