"""Wagtail's user admin for our user model: one name field, no username, no passwords.

Staff never set someone else's password (WAGTAILUSERS_PASSWORD_ENABLED is off);
a person added here sets their own through "Forgot your password?".
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import CreateView as WagtailCreateView
from wagtail.users.views.users import EditView as WagtailEditView
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


class OnlyAdminsMakeAdminsMixin:
    """Involvement staff manage people's accounts, but only an admin makes an admin.

    Wagtail lets anyone with "change user" tick "Administrator". Left alone, a staff
    account could create itself a superuser, or change an admin's email address and
    reset their password.
    """

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not self.request.user.is_superuser:
            form.fields.pop("is_superuser", None)
        return form


class CreateView(OnlyAdminsMakeAdminsMixin, WagtailCreateView):
    def save_instance(self):
        instance = super().save_instance()
        if not instance.password:
            # Marked unusable, not left blank: the person sets one by "Forgot your password?".
            instance.set_unusable_password()
            instance.save(update_fields=["password"])
        return instance


class EditView(OnlyAdminsMakeAdminsMixin, WagtailEditView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if self.object.is_superuser and not request.user.is_superuser:
            raise PermissionDenied


class UserViewSet(WagtailUserViewSet):
    add_view_class = CreateView
    edit_view_class = EditView
    create_template_name = "members/admin/user_create.html"
    edit_template_name = "members/admin/user_edit.html"

    def get_form_class(self, for_update=False):
        return RoundtableUserEditForm if for_update else RoundtableUserCreationForm
