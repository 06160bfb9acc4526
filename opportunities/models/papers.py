"""Papers: the documents a meeting's agenda or a comment round is about, kept in
private storage (home.private_files) and served only to the group's members, the
researchers concerned and staff (opportunities.selectors.papers). An accessible version
(easy read, large print) is a paper of its own pointing at the one it is a version of."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.private_files import DOCUMENT_EXTENSIONS, private_storage

PAPERS_FOLDER = "papers"


def papers_storage():
    return private_storage(PAPERS_FOLDER)


def paper_path(paper, filename: str) -> str:
    """A random name with the detected type's extension, never the uploaded name
    (it can hold a person's name, or pretend to be a web page)."""
    extension = DOCUMENT_EXTENSIONS.get(paper.content_type, "")
    return f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class Paper(models.Model):
    class Version(models.TextChoices):
        STANDARD = "standard", _("Standard")
        EASY_READ = "easy_read", _("Easy read")
        LARGE_PRINT = "large_print", _("Large print")

    # One of these two: a meeting's paper (and, if it is for one item, that item) or
    # a comment round's document.
    meeting = models.ForeignKey(
        "opportunities.GroupMeeting",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="papers",
    )
    agenda_item = models.ForeignKey(
        "opportunities.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="papers",
    )
    comment_round = models.ForeignKey(
        "opportunities.CommentRound",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="papers",
    )
    title = models.CharField(_("title"), max_length=200)
    version = models.CharField(
        _("version"), max_length=12, choices=Version.choices, default=Version.STANDARD
    )
    version_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="versions"
    )
    file = models.FileField(storage=papers_storage, upload_to=paper_path, max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(meeting__isnull=False, comment_round__isnull=True)
                    | models.Q(meeting__isnull=True, comment_round__isnull=False)
                ),
                name="paper_belongs_to_a_meeting_or_a_round",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def extension(self) -> str:
        return DOCUMENT_EXTENSIONS.get(self.content_type, "")
