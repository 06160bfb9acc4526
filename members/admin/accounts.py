"""Wagtail's user admin for our user model: one name field, no username, no passwords.

Staff never set someone else's password (WAGTAILUSERS_PASSWORD_ENABLED is off);
a person added here sets their own through "Forgot your password?".
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import CreateView as WagtailCreateView
from wagtail.users.views.users import EditView as WagtailEditView
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from members import roles
from members.member_record import UserDeleteView, member_record_log_read
from members.models import User
from members.services import OWN_RECORD, is_own_record

STAFF_MAY_GRANT = [roles.MEMBER]


class RoundtableUserCreationForm(UserCreationForm):
    first_name = None
    last_name = None
    name = forms.CharField(label=_("Full name"), max_length=200, required=False)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = {"email", "name", "is_superuser", "groups"}


class RoundtableUserEditForm(UserEditForm):
    def _clean_username(self):
        # A member registered without an email has none: keep it NULL (an empty
        # string would clash with the next such member), and skip the duplicate check,
        # which would otherwise match every other member without one.
        if not self.cleaned_data.get("email"):
            self.cleaned_data["email"] = None
            return None
        return super()._clean_username()

    first_name = None
    last_name = None
    name = forms.CharField(label=_("Full name"), max_length=200, required=False)

    class Meta(UserEditForm.Meta):
        model = User
        fields = {"email", "name", "is_active", "is_superuser", "groups"}


class RoleLimitsMixin:
    """Involvement staff manage people's accounts, but only an admin hands out power.

    Wagtail lets anyone with "change user" tick "Administrator" and any group. Left
    alone, a staff account could make itself a superuser or join any group; and
    changing someone's email here, unverified, would let staff take the account over
    with a password reset. So for staff: no Administrator box, only the Member role
    to give or take (Researcher comes through the approval screen, with its record
    and email), and roles they may not touch are kept as they were. Nobody changes
    an existing account's email here: people change their own, with verification.
    """

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if "email" in form.fields and form.instance.pk:
            # Members registered without an address have none to keep; the field must
            # not be required, or nothing else about them could be saved here.
            form.fields["email"].required = False
            form.fields["email"].disabled = True
            form.fields["email"].help_text = _(
                "People change their own email address from their account, which checks it."
            )
        if not self.request.user.acts_as_superuser:
            form.fields.pop("is_superuser", None)
            if "groups" in form.fields:
                form.fields["groups"].queryset = Group.objects.filter(name__in=STAFF_MAY_GRANT)
        return form

    def form_valid(self, form):
        if not self.request.user.acts_as_superuser and "groups" in form.cleaned_data:
            # The form only offers STAFF_MAY_GRANT; keep every other role the person has.
            kept = (
                form.instance.groups.exclude(name__in=STAFF_MAY_GRANT)
                if form.instance.pk
                else Group.objects.none()
            )
            form.cleaned_data["groups"] = Group.objects.filter(
                pk__in=[
                    *form.cleaned_data["groups"].values_list("pk", flat=True),
                    *kept.values_list("pk", flat=True),
                ]
            )
        return super().form_valid(form)


class CreateView(RoleLimitsMixin, WagtailCreateView):
    def save_instance(self):
        instance = super().save_instance()
        if not instance.password:
            # Marked unusable, not left blank: the person sets one by "Forgot your password?".
            instance.set_unusable_password()
            instance.save(update_fields=["password"])
        return instance


class EditView(RoleLimitsMixin, WagtailEditView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if self.object.is_superuser and not request.user.acts_as_superuser:
            raise PermissionDenied

    def dispatch(self, request, *args, **kwargs):
        # Nobody edits their own record as staff (roles, active); their account page
        # is where people change their own details (members.services.own_record).
        if is_own_record(person=self.object, by=request.user):
            messages.error(request, OWN_RECORD)
            return redirect("wagtailadmin_account")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        # The edit form shows the person's details: a read of their record.
        member_record_log_read(person=self.object, by=request.user)
        return super().get(request, *args, **kwargs)


class UserViewSet(WagtailUserViewSet):
    # Wagtail 8.0.1's copy view renders the creation form (Administrator box, every
    # group, editable email) without our role limits and saves over the *original*
    # user: staff made themselves superusers through it (issue 11, finding 1).
    copy_view_enabled = False
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = UserDeleteView
    create_template_name = "members/admin/user_create.html"
    edit_template_name = "members/admin/user_edit.html"

    def get_form_class(self, for_update=False):
        return RoundtableUserEditForm if for_update else RoundtableUserCreationForm


class AccountNameForm(forms.ModelForm):
    """The name panel of Wagtail's own account page, for our single name field."""

    class Meta:
        model = User
        fields = ["name"]
