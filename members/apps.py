from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class MembersConfig(AppConfig):
    default = True  # this module holds two AppConfigs; "members" means this one
    name = "members"
    verbose_name = _("Members and accounts")

    def ready(self):
        from wagtail.admin.views.account import NameEmailSettingsPanel

        from members import receivers  # noqa: F401  (connects the signal receivers)
        from members.forms.accounts import AccountNameForm

        # Wagtail's account page asks for first and last names our users do not have,
        # and has no hook to swap the form; email and password there are switched off
        # in settings (allauth owns them, with verification and rate limits).
        NameEmailSettingsPanel.form_class = AccountNameForm


class RoundtableUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, told that our users have one name field and no username."""

    user_viewset = "members.admin.accounts.UserViewSet"
