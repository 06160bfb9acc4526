from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Co-production projects")

    def ready(self):
        from projects import receivers  # noqa: F401  (account page, data download, erasure)
