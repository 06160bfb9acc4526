"""What training members would like: staff see the counts per skill."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TrainingWish(models.Model):
    """One per person: the skills they would like training in, and anything else."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_wish"
    )
    skills = models.ManyToManyField(
        "members.Skill", blank=True, related_name="+", verbose_name=_("skills")
    )
    other = models.CharField(_("anything else"), max_length=300, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Training {self.person} would like"
