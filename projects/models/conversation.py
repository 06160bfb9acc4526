"""The team's conversation: messages, and the researcher's progress updates ("what
happened next"), which also appear on the members' accounts."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Post(models.Model):
    """A message in a project's thread, or a progress update. The author is kept as
    None when they erase their account: the post stays, shown as by "a former member",
    so the conversation others took part in still reads."""

    class Kind(models.TextChoices):
        MESSAGE = "message", _("Message")
        UPDATE = "update", _("Progress update")

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="posts")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MESSAGE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Moderation by staff: a hidden post shows only that it was hidden, and why.
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(_("why it was hidden"), max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["project", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} in {self.project_id} at {self.created_at:%Y-%m-%d %H:%M}"
