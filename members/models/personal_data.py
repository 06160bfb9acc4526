from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccountErasure(models.Model):
    """That an account was erased, when and how: nothing about whose it was.

    Kept so the organisation can show it honoured erasure requests (and count them)
    without keeping the personal data it erased.
    """

    class Method(models.TextChoices):
        SELF = "self", _("By the person, from their account")
        STAFF = "staff", _("By staff, at the person's request")

    erased_at = models.DateTimeField(default=timezone.now)
    method = models.CharField(max_length=10, choices=Method.choices)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The staff member who erased it, when the person asked staff to."),
    )
    roles = models.CharField(
        max_length=200, blank=True, help_text=_("The roles the account had, e.g. Member.")
    )

    class Meta:
        ordering = ["-erased_at"]
        verbose_name = _("account erasure")

    def __str__(self) -> str:
        return f"Account erased {self.erased_at:%Y-%m-%d} ({self.get_method_display()})"
