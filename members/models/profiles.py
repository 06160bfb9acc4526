"""What a member tells us about themselves, to be offered opportunities that suit them.

Choices with several answers are stored as one boolean column each (not a list in
JSON) so the member directory can filter on them in the database, on SQLite and
PostgreSQL alike. FLAG_GROUPS names them; the forms map them to checkboxes.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

FLAG_GROUPS = {
    "formats": [
        ("format_online", _("Online, for example video calls")),
        ("format_in_person", _("In person")),
        ("format_phone", _("By phone")),
        ("format_paper", _("On paper, by post")),
    ],
    "availability": [
        ("available_weekday_daytime", _("Weekday daytimes")),
        ("available_evenings", _("Evenings")),
        ("available_weekends", _("Weekends")),
    ],
    "access": [
        ("access_step_free", _("Step-free access")),
        ("access_hearing_loop", _("A hearing loop")),
        ("access_bsl", _("A British Sign Language interpreter")),
        ("access_interpreter", _("An interpreter for another language")),
        ("access_breaks", _("Regular breaks")),
        ("access_support_worker", _("To bring a support worker or carer")),
    ],
    "contact_methods": [
        ("contact_by_email", _("Email")),
        ("contact_by_phone", _("Phone")),
        ("contact_by_post", _("Post")),
    ],
    "contact_formats": [
        ("format_large_print", _("Large print")),
        ("format_easy_read", _("Easy read")),
    ],
}


class MemberProfile(models.Model):
    class Travel(models.TextChoices):
        HOME_ONLY = "home", _("I take part from home only")
        LOCAL = "local", _("Up to about 5 miles")
        AREA = "area", _("Up to about 20 miles")
        FURTHER = "further", _("Further, if travel is paid")

    class Payment(models.TextChoices):
        PAID = "paid", _("Be paid for my time")
        VOUCHER = "voucher", _("Vouchers instead of money")
        NONE = "none", _("No payment, thank you")
        BENEFITS = "benefits", _("I receive benefits: please talk to me before paying me")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    preferred_name = models.CharField(_("what should we call you"), max_length=100, blank=True)
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    region = models.ForeignKey(
        "members.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    topics = models.ManyToManyField("members.Topic", blank=True, related_name="+")
    skills = models.ManyToManyField("members.Skill", blank=True, related_name="+")
    travel = models.CharField(max_length=10, choices=Travel.choices, blank=True)
    access_needs = models.TextField(_("anything else we should know"), blank=True)
    payment_preference = models.CharField(max_length=10, choices=Payment.choices, blank=True)
    # The stages of research the member would like to help with (ResearchStage codes),
    # for matching (opportunities/matching). A list, not a column each: the stages are
    # one shared vocabulary that grows (issue 18), and nothing filters on them in SQL.
    research_stages = models.JSONField(_("stages of research"), default=list, blank=True)

    class Updates(models.TextChoices):
        EACH = "each", _("Each time there is a new opportunity for me")
        DIGEST = "digest", _("Once a week, in one email")
        PAUSED = "paused", _("Not for now: pause emails about new opportunities")

    # Only emails about new opportunities; news about the member's own applications
    # and memberships is always sent.
    updates = models.CharField(
        _("emails about new opportunities"),
        max_length=10,
        choices=Updates.choices,
        default=Updates.DIGEST,
    )
    updates_paused_until = models.DateField(_("paused until"), null=True, blank=True)
    onboarding_completed_at = models.DateTimeField(null=True, blank=True)
    # The question pages the member has saved, even left blank: an optional page
    # counts as answered once they have been through it ("8 of 8 sections").
    steps_saved = models.JSONField(default=list, blank=True)
    last_involved_on = models.DateField(
        _("last involved"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Kept up to date by the involvement records (involvement app)."),
    )

    # One column per answer in FLAG_GROUPS (labels live there, with the question).
    # formats
    format_online = models.BooleanField(default=False)
    format_in_person = models.BooleanField(default=False)
    format_phone = models.BooleanField(default=False)
    format_paper = models.BooleanField(default=False)
    # availability
    available_weekday_daytime = models.BooleanField(default=False)
    available_evenings = models.BooleanField(default=False)
    available_weekends = models.BooleanField(default=False)
    # access
    access_step_free = models.BooleanField(default=False)
    access_hearing_loop = models.BooleanField(default=False)
    access_bsl = models.BooleanField(default=False)
    access_interpreter = models.BooleanField(default=False)
    access_breaks = models.BooleanField(default=False)
    access_support_worker = models.BooleanField(default=False)
    # contact_methods
    contact_by_email = models.BooleanField(default=False)
    contact_by_phone = models.BooleanField(default=False)
    contact_by_post = models.BooleanField(default=False)
    # contact_formats
    format_large_print = models.BooleanField(default=False)
    format_easy_read = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("member profile")

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    def flags(self, group: str) -> list[str]:
        return [name for name, _label in FLAG_GROUPS[group] if getattr(self, name)]

    def flag_labels(self, group: str) -> list[str]:
        return [str(label) for name, label in FLAG_GROUPS[group] if getattr(self, name)]
