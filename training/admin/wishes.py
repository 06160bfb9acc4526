"""Staff screen: "Training people would like", counts per skill (Reports menu)."""

from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from home.permissions import may, requires
from training.selectors.wishes import wishes_report

WISHES_PERMISSION = "training.view_trainingwish"


@requires(permission=WISHES_PERMISSION)
def wishes_report_view(request):
    return TemplateResponse(
        request, "training/admin/wishes_report.html", {"report": wishes_report()}
    )


class WishesMenuItem(MenuItem):
    def is_shown(self, request):
        return may(request.user, permission=WISHES_PERMISSION)


def register() -> None:
    """Called once from training/wagtail_hooks.py: the report's URL and its menu item."""
    hooks.register(
        "register_admin_urls",
        lambda: [path("training/wishes/", wishes_report_view, name="training_wishes_report")],
    )
    hooks.register(
        "register_reports_menu_item",
        lambda: WishesMenuItem(
            _("Training people would like"),
            reverse("training_wishes_report"),
            icon_name="list-ol",
            order=900,
        ),
    )
