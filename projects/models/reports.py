"""Reports: a project's GRIPP2 short-form report (drafted from its record, edited by
the team before export) and the record that an overdue "you said, we did" reminder was
sent (once per activity)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class GrippReport(models.Model):
    """The GRIPP2 short form (Staniszewska et al., BMJ 2017): five sections, drafted
    from the project's record and edited by the team before it is exported."""

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="gripp_report"
    )
    aim = models.TextField(_("1. Aim"), max_length=5000, blank=True)
    methods = models.TextField(_("2. Methods"), max_length=10000, blank=True)
    results = models.TextField(_("3. Results"), max_length=10000, blank=True)
    discussion = models.TextField(_("4. Discussion and conclusions"), max_length=10000, blank=True)
    reflections = models.TextField(
        _("5. Reflections and critical perspective"), max_length=10000, blank=True
    )
    drafted_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"GRIPP2 report of {self.project}"


class ImpactReminder(models.Model):
    """An activity whose members have heard no "you said, we did" within the set time
    (IMPACT_FEEDBACK_OVERDUE_WEEKS): the researcher and staff were reminded, once."""

    activity = models.OneToOneField(
        "involvement.Activity", on_delete=models.CASCADE, related_name="impact_reminder"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Impact reminder for {self.activity}"
