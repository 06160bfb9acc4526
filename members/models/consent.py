from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConsentRecord(models.Model):
    """One agreement a person made: what, which version of the text, when and how."""

    class Kind(models.TextChoices):
        PRIVACY_NOTICE = "privacy_notice", _("Privacy notice")
        GROUND_RULES = "ground_rules", _("Ground rules")

    class Method(models.TextChoices):
        ONLINE = "online", _("Online")
        ASSISTED = "assisted", _("Assisted by staff")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    version = models.CharField(
        _("text version"),
        max_length=400,
        help_text=_("Which text was agreed, e.g. the group and its ground-rules version."),
    )
    ground_rules_version = models.ForeignKey(
        "members.GroundRulesVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    method = models.CharField(max_length=10, choices=Method.choices, default=Method.ONLINE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.version})"
