"""Staff screens for the taxonomy (topics, skills, regions): Wagtail snippets, without
Wagtail's "copy" view."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from members.models import Region, Skill, Topic


class NoCopySnippetViewSet(SnippetViewSet):
    """A snippet viewset without Wagtail's "copy" view: in Wagtail 8.0.1 it saves the
    copy over the original (CopyViewMixin.get_initial_form_instance returns the stored
    object), so "copying" a topic or a benchmark figure silently rewrote it."""

    copy_view_enabled = False


class TopicViewSet(NoCopySnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name", "parent", "hrcs_category", "sort_order"]
    list_filter = ["parent", "hrcs_category"]
    search_fields = ["name"]
    ordering = ["parent__name", "sort_order", "name"]

    def get_queryset(self, request):
        return Topic.objects.select_related("parent")


class SkillViewSet(NoCopySnippetViewSet):
    model = Skill
    icon = "pick"
    menu_label = _("Skills")
    list_display = ["name", "description", "sort_order"]
    search_fields = ["name"]


class RegionViewSet(NoCopySnippetViewSet):
    model = Region
    icon = "site"
    menu_label = _("Regions")
    list_display = ["name", "sort_order"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    items = (TopicViewSet, SkillViewSet, RegionViewSet)
    menu_label = _("Taxonomy")
    menu_icon = "tag"
    menu_order = 300
