"""Shared vocabularies for profiles, groups and opportunities. Staff edit them as snippets."""

from django.db import models
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


class Topic(TaxonomyTerm):
    """A topic of lived experience: a condition, caring, using a service.

    Hierarchical: the UKCRC Health Research Classification System's health categories
    are the top level; organisations add narrower topics beneath them.
    """

    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("Leave empty for a top-level topic."),
    )

    panels = [*TaxonomyTerm.panels, FieldPanel("parent")]

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("topic")

    def __str__(self) -> str:
        return f"{self.parent.name}: {self.name}" if self.parent_id else self.name


class Skill(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("skill")


class Region(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("region")
