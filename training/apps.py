from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training and learning")

    def ready(self):
        from training import receivers  # noqa: F401  (account page, badges, data, erasure)
