from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class MembersConfig(AppConfig):
    default = True  # this module holds two AppConfigs; "members" means this one
    name = "members"
    verbose_name = _("Members and accounts")

    def ready(self):
        from members import signals  # noqa: F401  (connects allauth's signals)


class RoundtableUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, told that our users have one name field and no username."""

    user_viewset = "members.viewsets.UserViewSet"
