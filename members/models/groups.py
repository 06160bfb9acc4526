"""Reference groups (Wagtail pages) and their versioned ground rules (memberships of them:
memberships.py)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index


class GroundRulesBlock(blocks.StreamBlock):
    intro = blocks.RichTextBlock(features=["bold", "italic", "link"], label=_("Introduction"))
    rule = blocks.CharBlock(max_length=400, label=_("Ground rule"))

    class Meta:
        required = False


class ReferenceGroupIndexPage(Page):
    """Lists the organisation's reference groups."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["members.ReferenceGroupPage"]
    max_count = 1

    class Meta:
        verbose_name = _("reference groups index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["groups"] = ReferenceGroupPage.objects.child_of(self).live().public()
        return context


class ReferenceGroupPage(Page):
    """A standing group of public members: its public profile and how to join."""

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Open: anyone can join at once")
        APPROVAL = "approval", _("By approval: staff look at each request")
        CLOSED = "closed", _("Closed: not taking new members")

    purpose = models.TextField(_("what the group does"))
    who_for = models.TextField(_("who the group is for"))
    how_it_meets = models.TextField(
        _("how and how often it meets"),
        help_text=_("For example: online, every two months, on a weekday evening."),
    )
    contact_name = models.CharField(_("contact name"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    ground_rules = StreamField(GroundRulesBlock(), blank=True, use_json_field=True)
    join_policy = models.CharField(
        _("joining"), max_length=10, choices=JoinPolicy.choices, default=JoinPolicy.OPEN
    )
    term_months = models.PositiveSmallIntegerField(
        _("membership term in months"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Members are asked to renew when their term ends."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("purpose"),
        FieldPanel("who_for"),
        FieldPanel("how_it_meets"),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email")], heading=_("Contact")
        ),
        FieldPanel("ground_rules"),
    ]
    settings_panels = [
        MultiFieldPanel(
            [FieldPanel("join_policy"), FieldPanel("term_months")], heading=_("Membership")
        ),
        *Page.settings_panels,
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("purpose"),
        index.SearchField("who_for"),
    ]
    parent_page_types = ["members.ReferenceGroupIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("reference group")

    @property
    def is_joinable(self) -> bool:
        return self.join_policy != self.JoinPolicy.CLOSED

    def clean(self):
        super().clean()
        # Joining means agreeing to the ground rules: with none, there is nothing to agree.
        if self.is_joinable and not self.ground_rules:
            raise ValidationError(
                {
                    "ground_rules": _(
                        "Write the group's ground rules: people agree to them when they "
                        "join. Or set joining to Closed, in Settings, until they are ready."
                    )
                }
            )

    def current_ground_rules(self) -> "GroundRulesVersion | None":
        return self.ground_rules_versions.order_by("-number").first()

    def ground_rules_version(self, number: int) -> "GroundRulesVersion | None":
        """The version a member was shown (the number a form carried back), if it exists."""
        return self.ground_rules_versions.filter(number=number).first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from members.models.memberships import GroupMembership  # points to these pages

        membership = None
        if request.user.is_authenticated:
            membership = (
                GroupMembership.objects.live().filter(group=self, member=request.user).first()
            )
        context["membership"] = membership
        from members.hooks import group_page_sections  # the apps above add theirs

        context["sections"] = [
            section
            for _receiver, section in group_page_sections.send(
                sender=type(self), group=self, request=request, membership=membership
            )
            if section
        ]
        return context


class GroundRulesVersion(models.Model):
    """A published version of a group's ground rules: what a member agreed to.

    Made when a group page is published with ground rules that differ from the last
    version (members.services.ground_rules_record_if_changed).
    """

    group = models.ForeignKey(
        ReferenceGroupPage, on_delete=models.CASCADE, related_name="ground_rules_versions"
    )
    number = models.PositiveIntegerField()
    content = models.JSONField(help_text=_("The rules as published: a list of blocks."))
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="ground_rules_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.group.title}: ground rules version {self.number}"

    @property
    def rules(self) -> list[str]:
        return [block["value"] for block in self.content if block["type"] == "rule"]

    @property
    def intros(self) -> list[str]:
        """Introductions in Wagtail's stored rich-text format: render with |richtext."""
        return [block["value"] for block in self.content if block["type"] == "intro"]
