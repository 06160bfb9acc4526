"""Courses: Wagtail pages under one "Training and learning" index, so they get
revisions, preview, scheduling and search. Their sessions, bookings and completions are
plain models (models/sessions.py, bookings.py, completions.py), written by services."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from home.rich_text import LIMITED_FEATURES


class TrainingIndexPage(Page):
    """The public listing of courses (training/views/listing.py serves it)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["training.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("training and learning index")

    # Imported when first served, not with the models (as the opportunities' listing).
    def serve(self, request, *args, **kwargs):
        from training.views.listing import course_listing

        return course_listing(request, index_page=self)

    @property
    def page_cache_query_params(self) -> frozenset[str]:
        """The query parameters the listing reads: a listing for any mix of them is
        kept in the cache of public pages, once per query (home.page_cache)."""
        from training.views.listing import QUERY_PARAMS

        return QUERY_PARAMS


class CourseFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE_LIVE = "online_live", _("Online, live")
    SELF_PACED = "self_paced", _("Self-paced, online")
    READING = "reading", _("Reading")


# Formats with no sessions to book: the person works through it when they like and
# says when they have finished; staff confirm it.
SELF_DIRECTED_FORMATS = (CourseFormat.SELF_PACED, CourseFormat.READING)


class Audience(models.TextChoices):
    MEMBERS = "members", _("Public members")
    RESEARCHERS = "researchers", _("Researchers")
    STAFF = "staff", _("Involvement staff")


class CourseQuerySet(PageQuerySet):
    def for_audience(self, audience: str):
        return self.filter(**{f"for_{audience}": True})


CourseManager = PageManager.from_queryset(CourseQuerySet)


class CoursePage(Page):
    """A course: who it is for, how it is given, what people learn and gain."""

    summary = models.TextField(
        _("plain-English description"),
        max_length=600,
        help_text=_("What the course is and who it helps, in two or three short sentences."),
    )
    # Who it is for: one or more of the three. Three flags, not a list, so the
    # listing's filter is an indexed equality on any database.
    for_members = models.BooleanField(_("public members"), default=True)
    for_researchers = models.BooleanField(_("researchers"), default=False)
    for_staff = models.BooleanField(_("involvement staff"), default=False)
    format = models.CharField(_("format"), max_length=12, choices=CourseFormat.choices)
    outcomes = RichTextField(
        _("what you will learn"),
        max_length=3000,
        features=LIMITED_FEATURES,
        help_text=_("What people will know or be able to do afterwards. Use a list."),
    )
    skills = ParentalManyToManyField(
        "members.Skill", blank=True, related_name="+", verbose_name=_("skills it gives")
    )
    time_needed = models.CharField(
        _("time it takes"),
        max_length=120,
        help_text=_("In plain words, for example: two sessions of 2 hours."),
    )
    # The hours recorded for a self-paced course when staff confirm it was done
    # (a session's own length counts for the others).
    hours = models.DecimalField(
        _("hours, for a self-paced course"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(999)],
        help_text=_("How long a self-paced course or reading takes, roughly."),
    )
    is_paid = models.BooleanField(
        _("attending is paid involvement"),
        default=False,
        help_text=_(
            "Tick if members are paid for their time at this course, at the rate card's "
            "rate for training sessions."
        ),
    )
    link = models.URLField(
        _("link to the course or reading"),
        blank=True,
        help_text=_("For a self-paced course or reading: where to find it."),
    )
    access_information = models.TextField(
        _("access information"),
        max_length=1000,
        blank=True,
        help_text=_("For example: captions on videos, step-free venue, hearing loop."),
    )
    prerequisites = ParentalManyToManyField(
        "self",
        blank=True,
        symmetrical=False,
        related_name="+",
        verbose_name=_("courses to do first"),
        help_text=_("For example the induction. People can still book; they are told."),
    )

    objects = CourseManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("for_members"), FieldPanel("for_researchers"), FieldPanel("for_staff")],
            heading=_("Who it is for"),
        ),
        FieldPanel("format"),
        FieldPanel("outcomes"),
        FieldPanel("skills", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldPanel("time_needed"), FieldPanel("hours"), FieldPanel("link")],
            heading=_("Time and where to find it"),
        ),
        FieldPanel("is_paid"),
        FieldPanel("access_information"),
        FieldPanel("prerequisites", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("outcomes"),
        index.FilterField("format"),
    ]
    parent_page_types = ["training.TrainingIndexPage"]
    subpage_types: list[str] = []
    # A copy is another course: its sessions, bookings and completions are not copied.
    exclude_fields_in_copy = ["prerequisites"]

    class Meta:
        verbose_name = _("course")
        indexes = [models.Index(fields=["format"])]

    def clean(self):
        super().clean()
        if not (self.for_members or self.for_researchers or self.for_staff):
            raise ValidationError(
                {"for_members": _("Choose who the course is for: one or more of these.")}
            )
        if self.format in SELF_DIRECTED_FORMATS and not self.link:
            raise ValidationError(
                {"link": _("Give the link to the course or reading, so people can find it.")}
            )

    def get_context(self, request, *args, **kwargs):
        # Imported when first served, not with the models (views/courses.py reads the
        # sessions, places left and the signed-in person's bookings).
        from training.views.courses import course_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_context(self, request))
        return context

    @property
    def is_self_directed(self) -> bool:
        return self.format in SELF_DIRECTED_FORMATS

    @property
    def audiences(self) -> list[str]:
        """Who it is for, in words, in a fixed order."""
        return [label for value, label in Audience.choices if getattr(self, f"for_{value}")]
