from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvolvementConfig(AppConfig):
    name = "involvement"
    verbose_name = _("Activities and who took part")

    def ready(self):
        from involvement import receivers  # noqa: F401  (connects the receivers)
