"""The public listing page of opportunities. What it serves (filters, search, sort and
pages) is in views/listing.py, which reads the opportunity page's own module
(models/opportunities.py), never this one: so there is no import cycle."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class OpportunityIndexPage(Page):
    """The public listing of opportunities (opportunities/views/listing.py serves it)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["opportunities.OpportunityPage"]
    max_count = 1

    class Meta:
        verbose_name = _("opportunities index")

    # The listing is imported when first served, not with the models: its filters build
    # querysets of members' models, which cannot happen while models are loading.
    def serve(self, request, *args, **kwargs):
        from opportunities.views.listing import opportunity_listing

        return opportunity_listing(request, index_page=self)

    @property
    def page_cache_query_params(self) -> frozenset[str]:
        """The query parameters the listing reads: a page asked for with only these is
        kept in the cache of public pages, once per query (home.page_cache)."""
        from opportunities.views.listing import QUERY_PARAMS

        return QUERY_PARAMS
