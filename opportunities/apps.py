from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpportunitiesConfig(AppConfig):
    name = "opportunities"
    verbose_name = _("Researcher requests and opportunities")

    def ready(self):
        from opportunities import receivers  # noqa: F401  (members' data download and erasure)
