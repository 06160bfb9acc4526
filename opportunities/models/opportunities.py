"""Opportunities: Wagtail pages, so they get revisions, preview, scheduling and search."""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from home.rich_text import LIMITED_FEATURES
from home.sessions import next_session
from members.models.profiles import FLAG_GROUPS
from members.selectors.equality import seeks_voices_choices
from opportunities.models.research_requests import Format
from opportunities.models.sessions import session_rows

CLOSING_SOON_DAYS = 14
# Applicants hear this long after the closing date unless the page says when.
DECISION_DAYS = 14
# Choosing the group an opportunity seeks marks applicants by their equality answers,
# so it needs the same permission as the equality figures (members/selectors/equality.py).
EQUALITY_PERMISSION = "members.view_equality_dashboard"
# "characteristic:answer", e.g. "ethnicity:bangladeshi": a group an opportunity seeks.
VOICES_CHOICES = seeks_voices_choices()


def access_offered_choices() -> list[tuple[str, str]]:
    """The access support an opportunity can offer, named as members name their needs
    (the profile's access flags), so matching can say which needs it meets."""
    return [(name, label) for name, label in FLAG_GROUPS["access"]]


class OpportunityPageForm(WagtailAdminPageForm):
    """The page editor's form. Staff without the equality permission never get the
    "seeks under-represented voices" field (the panel's permission drops it, so a
    posted value is ignored); and once anyone has applied, nobody changes it: changing
    it and re-reading the shortlist would show who gave each answer, one at a time."""

    # A list in one JSON column, chosen with checkboxes (the model field alone would
    # give a JSON text box).
    access_offered = forms.MultipleChoiceField(
        label=_("access support it can offer"),
        choices=access_offered_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Tick what you can arrange, so members who need it are told it is there. "
            "Describe anything else in ‘Access support available’."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if "seeks_voices" in self.fields and self.instance.pk:
            stored = (
                OpportunityPage.objects.filter(pk=self.instance.pk)
                .values_list("seeks_voices", flat=True)
                .first()
            )
            if (
                stored is not None
                and cleaned.get("seeks_voices", stored) != stored
                and self.instance.applications.exists()
            ):
                self.add_error(
                    "seeks_voices",
                    _(
                        "People have already applied, so the group this opportunity seeks "
                        "cannot change. Make a new opportunity to seek another group."
                    ),
                )
        return cleaned


class OpportunityQuerySet(PageQuerySet):
    def open(self, today: datetime.date | None = None):
        """Taking applications: published, not closed, closing date not passed."""
        today = today or timezone.localdate()
        return self.live().filter(closed_at__isnull=True, closing_date__gte=today)

    def visible_to(self, user):
        """Open to anyone, or to active members of one of the chosen groups."""
        anyone = Q(visibility=OpportunityPage.Visibility.ANYONE)
        if not user.is_authenticated:
            return self.filter(anyone)
        from members.models import GroupMembership

        my_groups = GroupMembership.objects.filter(
            member=user, status=GroupMembership.Status.ACTIVE
        ).values("group_id")
        in_my_groups = OpportunityPage.objects.filter(groups__in=my_groups).values("pk")
        return self.filter(anyone | Q(pk__in=in_my_groups))


OpportunityManager = PageManager.from_queryset(OpportunityQuerySet)


class OpportunityPage(Page):
    class Visibility(models.TextChoices):
        ANYONE = "anyone", _("Anyone can see and apply")
        GROUPS = "groups", _("Only active members of the chosen groups")

    class TimeCommitment(models.TextChoices):
        SHORT = "short", _("Up to 2 hours")
        HALF_DAY = "half_day", _("Up to half a day")
        DAYS = "days", _("A day or more")
        ONGOING = "ongoing", _("Ongoing, over months")

    summary = models.TextField(
        _("plain-English description"),
        max_length=600,
        help_text=_("What it is and why it matters, in two or three short sentences."),
    )
    # Limited rich text: lists and links help; headings, images and embeds would not.
    # The editor is named by its label (home.widgets.LabelledDraftailRichTextArea).
    what_involves = RichTextField(
        _("what it involves"),
        max_length=3000,
        features=LIMITED_FEATURES,
        help_text=_("What members will do, step by step. Use a list for steps."),
    )
    time_commitment = models.CharField(
        _("time commitment"), max_length=10, choices=TimeCommitment.choices
    )
    # Before sessions had date-times this said when, in words; now it is what the
    # sessions cannot say (the text written then is kept here, migration 0014).
    dates = models.CharField(
        _("anything else about when"),
        max_length=300,
        blank=True,
        help_text=_("Optional. For example: plus about an hour of reading at home."),
    )
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    region = models.ForeignKey(
        "members.Region",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Where it happens, for in-person activities."),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    is_paid = models.BooleanField(
        _("paid"), default=True, help_text=_("Whether members are paid for their time.")
    )
    payment_offer = models.CharField(
        _("payment offered"),
        max_length=300,
        help_text=_("In plain words, for example: £25 for each meeting of up to 2 hours."),
    )
    expenses = models.CharField(
        _("expenses"),
        max_length=300,
        default=_("Travel and other costs of taking part are paid back."),
    )
    access_support = models.TextField(
        _("access support available"),
        max_length=1000,
        blank=True,
        help_text=_("For example: step-free venue, papers in large print, a BSL interpreter."),
    )
    # Which of the profile's access needs it can meet (FLAG_GROUPS["access"] names), for
    # matching; `access_support` above says it in words.
    access_offered = models.JSONField(_("access support it can offer"), default=list, blank=True)
    places = models.PositiveSmallIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(500)], default=1
    )
    closing_date = models.DateField(_("closing date"))
    decisions_by = models.DateField(
        _("applicants hear by"),
        null=True,
        blank=True,
        # The number is DECISION_DAYS.
        help_text=_(
            "When applicants will hear whether they have a place. Leave blank for "
            "2 weeks after the closing date."
        ),
    )
    topics = ParentalManyToManyField("members.Topic", blank=True, related_name="+")
    skills = ParentalManyToManyField("members.Skill", blank=True, related_name="+")
    visibility = models.CharField(
        _("who can apply"), max_length=10, choices=Visibility.choices, default=Visibility.ANYONE
    )
    groups = ParentalManyToManyField(
        "members.ReferenceGroupPage", blank=True, related_name="+", verbose_name=_("groups")
    )
    request = models.ForeignKey(
        "opportunities.ResearchRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    researcher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The researcher who asked; they see the number of applicants."),
    )
    seeks_voices = models.CharField(
        _("seeks under-represented voices"),
        max_length=40,
        blank=True,
        choices=VOICES_CHOICES,
        help_text=_(
            "If this opportunity especially wants people from a group that is missing, "
            "choose it. Applicants who agreed to it are marked on the shortlist; nobody "
            "else's answers are used."
        ),
    )
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When members who want each new opportunity were emailed about this one: once,
    # however often it is republished (opportunities/services/alerts.py).
    announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    # What members take part in (involvement, payments, impact are about it): made and
    # kept in step by opportunities.services.involvement.opportunity_activity_sync.
    activity = models.OneToOneField(
        "involvement.Activity",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = OpportunityManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("what_involves"),
        MultiFieldPanel(
            [
                FieldPanel("time_commitment"),
                InlinePanel(
                    "sessions",
                    heading=_("Sessions"),
                    label=_("Session"),
                    help_text=_(
                        "Each meeting, workshop or interview, with the date and time it "
                        "starts and ends (UK time). Leave out if there are no set times."
                    ),
                ),
                FieldPanel("dates"),
                FieldPanel("format"),
                FieldPanel("region"),
                FieldPanel("place"),
            ],
            heading=_("When and where"),
        ),
        MultiFieldPanel(
            [FieldPanel("is_paid"), FieldPanel("payment_offer"), FieldPanel("expenses")],
            heading=_("Payment and expenses"),
        ),
        FieldPanel("access_support"),
        FieldPanel("access_offered"),
        MultiFieldPanel(
            [
                FieldPanel("places"),
                FieldPanel("closing_date"),
                FieldPanel("decisions_by"),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("skills", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Places and who it is for"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("visibility"),
                FieldPanel("groups"),
                FieldPanel("seeks_voices", permission=EQUALITY_PERMISSION),
            ],
            heading=_("Who can apply"),
        ),
        MultiFieldPanel(
            [FieldPanel("request"), FieldPanel("researcher")], heading=_("The researcher's ask")
        ),
    ]
    base_form_class = OpportunityPageForm
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("what_involves"),
        index.SearchField("dates"),
        index.FilterField("closing_date"),
        index.FilterField("closed_at"),
    ]
    parent_page_types = ["opportunities.OpportunityIndexPage"]
    subpage_types: list[str] = []
    # A copy is another opportunity, with an activity of its own once published.
    exclude_fields_in_copy = ["activity"]

    class Meta:
        verbose_name = _("opportunity")
        indexes = [models.Index(fields=["closing_date"])]

    def clean(self):
        super().clean()
        if self.closing_date and self.closing_date >= timezone.localdate():
            # A closing date moved on reopens it (the nightly job marked it closed).
            self.closed_at = None
        errors = {}
        if self.format in (Format.IN_PERSON, Format.MIXED) and not (self.place or self.region):
            errors["place"] = _("Say where it happens: a place, a region or both.")
        if self.closing_date and not self.pk and self.closing_date < timezone.localdate():
            errors["closing_date"] = _("The closing date must be today or later.")
        if self.decisions_by and self.closing_date and self.decisions_by < self.closing_date:
            errors["decisions_by"] = _(
                "Applicants can only hear after the closing date: choose a date on or after it."
            )
        if errors:
            raise ValidationError(errors)
        if self.alias_of_id is not None:
            # One opportunity, one activity: an alias would share it (however it is made:
            # the page editor's hook, a parent copied as aliases, the admin API).
            raise ValidationError(_("An opportunity cannot be an alias of another."))

    def save(self, *args, **kwargs):
        # Not business logic: the activity link is set once, with the row locked
        # (opportunity_activity_sync), and never cleared. A page object read before it
        # was set (a publish running beside the first recording) must not write None
        # over it; in a transaction, wait for that recording to commit first.
        if self.pk and self.activity_id is None:
            rows = OpportunityPage.objects.filter(pk=self.pk)
            if transaction.get_connection().in_atomic_block:
                rows = rows.select_for_update(of=("self",))
            self.activity_id = rows.values_list("activity", flat=True).first()
        return super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.live and self.closed_at is None and self.closing_date >= timezone.localdate()

    @property
    def decision_date(self) -> datetime.date:
        """When applicants will hear: the date staff set, or DECISION_DAYS after closing."""
        return self.decisions_by or self.closing_date + datetime.timedelta(days=DECISION_DAYS)

    def closes_soon(self) -> bool:
        return self.closing_date <= timezone.localdate() + datetime.timedelta(
            days=CLOSING_SOON_DAYS
        )

    def next_session(self):
        """The soonest session not over yet, or None. The listing prefetches the
        upcoming sessions (`upcoming_sessions`), so this asks no query there."""
        prefetched = getattr(self, "upcoming_sessions", None)
        return next_session(prefetched if prefetched is not None else self.sessions.all())

    def sessions_to_come(self) -> list:
        """The sessions not over yet, soonest first (from prefetched sessions if any)."""
        now = timezone.now()
        return sorted(
            (session for session in self.sessions.all() if session.is_upcoming(now)),
            key=lambda session: (session.starts_at, session.pk or 0),
        )

    def get_template(self, request, *args, **kwargs):
        return "opportunities/opportunity_page.html"

    def with_content_json(self, content):
        """Publishing a revision must not undo what the jobs recorded since it was
        saved: the live row's announced_at and closed_at win over the revision's, and so
        does its activity (a revision saved before it was made holds none). Once
        anyone has applied, the live sought group wins too (a draft saved before then,
        or a scheduled one, cannot change it)."""
        page = super().with_content_json(content)
        # From the database, not from `self`, which may be an object held since before.
        recorded = (
            OpportunityPage.objects.filter(pk=self.pk)
            .values("announced_at", "closed_at", "seeks_voices", "activity")
            .first()
        )
        if recorded:
            page.announced_at = recorded["announced_at"]
            page.closed_at = recorded["closed_at"]
            page.activity_id = recorded["activity"]
            if page.seeks_voices != recorded["seeks_voices"] and self.applications.exists():
                page.seeks_voices = recorded["seeks_voices"]
        return page

    def may_be_seen_by(self, user) -> bool:
        """Group-only opportunities are not shown to anyone else (staff and the
        researcher who asked excepted)."""
        if self.visibility == self.Visibility.ANYONE:
            return True
        if not user.is_authenticated:
            return False
        if user.has_perm("wagtailadmin.access_admin") or user.pk == self.researcher_id:
            return True
        return OpportunityPage.objects.filter(pk=self.pk).visible_to(user).exists()

    def serve(self, request, *args, **kwargs):
        if not self.may_be_seen_by(request.user):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def _suitability_for(self, user):
        """How this suits a signed-in member with a profile (the reasons, or the hard
        reasons it may not), or None. Signed-in pages are never in the page cache."""
        from opportunities.matching.data import opportunities_for_matching
        from opportunities.matching.members import member_matching, suitability

        matching = member_matching(user)
        if matching is None:
            return None
        page = opportunities_for_matching(OpportunityPage.objects.filter(pk=self.pk)).first()
        return suitability(matching, page) if page is not None else None

    def get_context(self, request, *args, **kwargs):
        from opportunities.models.applications import Application

        context = super().get_context(request, *args, **kwargs)
        user = request.user
        context["application"] = (
            Application.objects.current().filter(member=user, opportunity=self).first()
            if user.is_authenticated
            else None
        )
        context["is_member"] = user.is_authenticated and user.is_member
        # Staff invited them to apply (admin "Find members to invite"): say so, kindly.
        context["invited"] = (
            context["is_member"]
            and context["application"] is None
            and self.invitations.filter(member=user).exists()
        )
        context["suitability"] = self._suitability_for(user)
        context["sessions"] = session_rows(self, request)
        context["calendar_sessions"] = [row for row in context["sessions"] if "ics_url" in row]
        return context
