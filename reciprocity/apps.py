from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReciprocityConfig(AppConfig):
    name = "reciprocity"
    verbose_name = _("Payments, expenses and what members gain")

    def ready(self):
        from reciprocity import receivers  # noqa: F401  (connects the receivers)
