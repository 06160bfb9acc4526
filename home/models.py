from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from home.blocks import ContentStreamBlock


class HomePage(Page):
    """The site's front page: a welcome, then content blocks."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("One or two plain-English sentences shown under the page title."),
    )
    body = StreamField(ContentStreamBlock(), blank=True, use_json_field=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    max_count = 1

    class Meta:
        verbose_name = _("home page")


class StandardPage(Page):
    """An ordinary content page: about us, how payment works, policies."""

    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("A short summary shown under the title.")
    )
    body = StreamField(ContentStreamBlock(), blank=True, use_json_field=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


@register_setting(icon="site")
class OrganisationSettings(BaseSiteSetting):
    """Who runs this site: shown in the header, footer, emails and the contact page.

    Roundtable is not an NHS service: the organisation's own name and logo are shown,
    never the NHS logo.
    """

    name = models.CharField(
        _("organisation name"),
        max_length=120,
        default="Roundtable",
        help_text=_("Shown in the header, page titles and emails."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional. Without a logo, the header shows the organisation name."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_address = models.TextField(_("postal address"), blank=True)
    contact_hours = models.CharField(
        _("when someone answers"),
        max_length=120,
        blank=True,
        help_text=_("For example: Monday to Friday, 9am to 5pm"),
    )
    footer_text = models.CharField(
        _("footer text"),
        max_length=255,
        blank=True,
        help_text=_("For example a charity number or © line."),
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    payment_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("How payment works page"),
        help_text=_("Linked from members' statements, beside the note on benefits and tax."),
    )

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("logo")], heading=_("Identity")),
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_hours"),
                FieldPanel("contact_address"),
            ],
            heading=_("Contact details"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("footer_text"),
                FieldPanel("accessibility_page"),
                FieldPanel("privacy_page"),
                FieldPanel("payment_page"),
            ],
            heading=_("Footer and policy pages"),
        ),
    ]

    class Meta:
        verbose_name = _("organisation")

    @classmethod
    def for_default_site(cls) -> "OrganisationSettings":
        """For work outside a request (emails from tasks and services)."""
        return cls.for_site(Site.objects.get(is_default_site=True))


class OutboxEmail(models.Model):
    """One outgoing email in the outbox, written in the same transaction as the change
    it reports (home.outbox sends it).

    The row is the durable record behind DESIGN.md's "Nothing lost": a Celery task sends
    it after the commit, and a periodic sweep (home.notifications_sweep) sends whatever
    a crash or a broker outage left behind. Sending claims the row first, so a task
    delivered twice sends once. Sent and failed rows are deleted after
    NOTIFICATION_RETENTION_DAYS: they hold people's addresses and messages; rows marked
    `forget_when_done` are deleted as soon as they are sent or have failed for good.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    payload = models.JSONField(_("message"))  # home.outbox.message_to_dict
    to_address = models.CharField(_("recipient"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    # A caller that might ask twice for the same email (a retried task, a double
    # submit) names it; the second request with the same key is ignored.
    key = models.CharField(_("idempotency key"), max_length=200, blank=True, default="")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # After a temporary failure: when the next try is due, so the sweep does not
    # overtake the retry's back-off.
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # An email to someone we must forget (the goodbye after erasure): once it is sent, or
    # has failed for good, the row goes at once instead of waiting out the retention.
    forget_when_done = models.BooleanField(_("forget once sent"), default=False)

    class Meta:
        # Each row is outgoing email; the list of them is the outbox (Admin → Settings →
        # Outbox, whose page is headed "Outgoing email").
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing email")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="home_outbox_status_created")]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=~models.Q(key=""), name="home_outbox_unique_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to_address}"
