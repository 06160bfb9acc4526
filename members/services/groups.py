"""The reference groups' place in the page tree."""

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Site

from members.models import ReferenceGroupIndexPage


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
