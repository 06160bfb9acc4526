"""Wagtail's user admin for our user model: one name field, no username, no passwords.

Staff never set someone else's password (WAGTAILUSERS_PASSWORD_ENABLED is off);
a person added here sets their own through "Forgot your password?".
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from members.models import User


class RoundtableUserCreationForm(UserCreationForm):
    first_name = None
    last_name = None
    name = forms.CharField(label=_("Full name"), max_length=200, required=False)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = {"email", "name", "is_superuser", "groups"}


class RoundtableUserEditForm(UserEditForm):
    first_name = None
    last_name = None
    name = forms.CharField(label=_("Full name"), max_length=200, required=False)

    class Meta(UserEditForm.Meta):
        model = User
        fields = {"email", "name", "is_active", "is_superuser", "groups"}


class UserViewSet(WagtailUserViewSet):
    create_template_name = "members/admin/user_create.html"
    edit_template_name = "members/admin/user_edit.html"

    def get_form_class(self, for_update=False):
        return RoundtableUserEditForm if for_update else RoundtableUserCreationForm
