"""Shared vocabularies for profiles, groups and opportunities. Staff edit them as snippets."""

from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class TaxonomyTerm(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.CharField(
        _("plain-English description"),
        max_length=255,
        blank=True,
        help_text=_("Shown as a hint where members choose this."),
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class HrcsCategory(models.TextChoices):
    """The 21 health categories of the UKCRC Health Research Classification System
    (HRCS), under their official names: what funders and reports count by. Members see
    the topics' plain-English names instead."""

    BLOOD = "blood", "Blood"
    CANCER = "cancer", "Cancer and neoplasms"
    CARDIOVASCULAR = "cardiovascular", "Cardiovascular"
    CONGENITAL = "congenital", "Congenital"
    EAR = "ear", "Ear"
    EYE = "eye", "Eye"
    INFECTION = "infection", "Infection"
    INFLAMMATORY = "inflammatory", "Inflammatory and immune system"
    INJURIES = "injuries", "Injuries and accidents"
    MENTAL_HEALTH = "mental_health", "Mental health"
    METABOLIC = "metabolic", "Metabolic and endocrine"
    MUSCULOSKELETAL = "musculoskeletal", "Musculoskeletal"
    NEUROLOGICAL = "neurological", "Neurological"
    ORAL_GASTRO = "oral_gastro", "Oral and gastrointestinal"
    RENAL = "renal", "Renal and urogenital"
    REPRODUCTIVE = "reproductive", "Reproductive health and childbirth"
    RESPIRATORY = "respiratory", "Respiratory"
    SKIN = "skin", "Skin"
    STROKE = "stroke", "Stroke"
    GENERIC = "generic", "Generic health relevance"
    OTHER = "other", "Disputed aetiology and other"


class ResearchStage(models.TextChoices):
    """The stages of a research project, for requests, projects and the stages a member
    would like to help with (the one list: issue 16)."""

    PRIORITIES = "priorities", _("Identifying priorities")
    DESIGN = "design", _("Designing the research")
    FUNDING = "funding", _("A funding application")
    DELIVERY = "delivery", _("Doing the research")
    ANALYSIS = "analysis", _("Analysing the results")
    WRITING = "writing", _("Writing up")
    DISSEMINATION = "dissemination", _("Sharing the results")
    IMPLEMENTATION = "implementation", _("Putting the results into practice")
    EVALUATION = "evaluation", _("Evaluating what difference it made")


class TopicQuerySet(models.QuerySet):
    def in_hrcs_category(self, category: str):
        """Topics counted under an HRCS category: the category's own topic and the
        conditions beneath it (which take their parent's category)."""
        return self.filter(
            models.Q(hrcs_category=category, parent=None) | models.Q(parent__hrcs_category=category)
        )

    def tree(self):
        """Top-level topics first, each followed by the narrower ones beneath it."""
        return self.select_related("parent").order_by(
            Coalesce("parent__sort_order", "sort_order"),
            Coalesce("parent__name", "name"),
            models.F("parent").asc(nulls_first=True),
            "sort_order",
            "name",
        )


class Topic(TaxonomyTerm):
    """A topic of lived experience: a condition, caring, using a service.

    Hierarchical: the top level are plain-English names for the UKCRC Health Research
    Classification System's health categories (the category itself is kept in
    `hrcs_category`, for matching and reporting), and common conditions sit beneath
    them, so a person with diabetes finds "Diabetes". A narrower topic counts as its
    parent wherever topics are matched.
    """

    hrcs_category = models.CharField(
        _("HRCS health category"),
        max_length=20,
        choices=HrcsCategory.choices,
        blank=True,
        help_text=_(
            "For reports to funders. Set it on top-level topics only: a narrower topic "
            "counts under its parent's category. Leave empty for topics that are not "
            "health conditions, such as caring."
        ),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("Leave empty for a top-level topic."),
    )

    panels = [*TaxonomyTerm.panels, FieldPanel("parent"), FieldPanel("hrcs_category")]

    objects = TopicQuerySet.as_manager()

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("topic")

    def __str__(self) -> str:
        return f"{self.parent.name}: {self.name}" if self.parent_id else self.name

    @property
    def hrcs(self) -> str:
        """The HRCS category this topic counts under (its parent's, for a condition)."""
        return self.parent.hrcs_category if self.parent_id else self.hrcs_category


class Skill(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("skill")


class Region(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("region")
