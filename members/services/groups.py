"""Business actions on the reference groups: their place in the page tree, and a new
version of their ground rules when a published change says something new."""

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Site

from members.models import GroundRulesVersion, ReferenceGroupIndexPage, ReferenceGroupPage


@transaction.atomic
def group_index_get_or_create() -> ReferenceGroupIndexPage:
    """The "Our reference groups" page under the home page, published; made once.

    Staff add each group under it in the page editor."""
    home = Site.objects.get(is_default_site=True).root_page
    index = ReferenceGroupIndexPage.objects.child_of(home).first()
    if index is None:
        index = ReferenceGroupIndexPage(
            title=_("Our reference groups"),
            slug="reference-groups",
            show_in_menus=True,
            intro=_("Choose a group that fits your experience. You can join more than one."),
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def _rules_content(group: ReferenceGroupPage) -> list[dict]:
    # Block ids change on every save; only what the rules say matters.
    return [
        {"type": block["type"], "value": block["value"]} for block in group.ground_rules.raw_data
    ]


@transaction.atomic
def ground_rules_record_if_changed(*, group: ReferenceGroupPage) -> GroundRulesVersion | None:
    """Called when a group page is published: a new version only if the rules changed.

    Empty rules make no version (a closed group may have none yet); members keep the
    version they agreed to, and nobody can join until there are rules to agree to.
    """
    ReferenceGroupPage.objects.select_for_update().filter(pk=group.pk).first()
    content = _rules_content(group)
    latest = group.current_ground_rules()
    if not content or (latest is not None and latest.content == content):
        return latest
    return GroundRulesVersion.objects.create(
        group=group, number=(latest.number + 1) if latest else 1, content=content
    )
