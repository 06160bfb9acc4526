"""Courses: the "Training and learning" index, made once."""

from django.utils.translation import gettext as _
from wagtail.models import Site

from training.models import TrainingIndexPage


def training_index_get_or_create() -> TrainingIndexPage:
    """The public listing of courses under the home page, published; made once."""
    home = Site.objects.get(is_default_site=True).root_page
    index = TrainingIndexPage.objects.child_of(home).first()
    if index is None:
        index = TrainingIndexPage(
            title=_("Training and learning"),
            slug="training",
            show_in_menus=True,
            intro=_(
                "Courses for members, researchers and staff: how research works, how to "
                "take part, and how to work together well. Most are free, and some are paid."
            ),
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index
