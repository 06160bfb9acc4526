"""The organisation's training settings: which courses are the inductions."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="cogs")
class TrainingSettings(BaseSiteSetting):
    """Induction courses: for members (shown on shortlists as "induction not done") and
    for researchers (invited to it around their first request)."""

    class ResearcherRule(models.TextChoices):
        RECOMMENDED = "recommended", _("Recommended: researchers are invited to it")
        REQUIRED = "required", _("Required: researchers are told they need it")

    class ResearcherWhen(models.TextChoices):
        BEFORE = "before", _("Before their first request")
        AFTER = "after", _("After their first request")

    member_induction = models.ForeignKey(
        "training.CoursePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("induction course for members"),
        help_text=_("Shortlists show 'induction not done' beside applicants who have not done it."),
    )
    researcher_induction = models.ForeignKey(
        "training.CoursePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("course for researchers"),
        help_text=_("On working with the public: researchers are invited to it."),
    )
    researcher_rule = models.CharField(
        _("for researchers, this course is"),
        max_length=12,
        choices=ResearcherRule.choices,
        default=ResearcherRule.RECOMMENDED,
    )
    researcher_when = models.CharField(
        _("invite researchers"),
        max_length=8,
        choices=ResearcherWhen.choices,
        default=ResearcherWhen.BEFORE,
    )

    panels = [
        FieldPanel("member_induction"),
        MultiFieldPanel(
            [
                FieldPanel("researcher_induction"),
                FieldPanel("researcher_rule"),
                FieldPanel("researcher_when"),
            ],
            heading=_("Researchers"),
        ),
    ]

    class Meta:
        verbose_name = _("training settings")
