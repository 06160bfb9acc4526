"""Staff screens in the Wagtail admin for accounts: the user admin for our user model,
the limits on its bulk actions, and researcher-role requests.

The user admin has one name field, no username, no passwords: staff never set someone
else's password (WAGTAILUSERS_PASSWORD_ENABLED is off); a person added here sets their
own through "Forgotten your password?".
"""

from django.contrib import messages
from django.contrib.auth.models import Group
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.users.views.users import CreateView as WagtailCreateView
from wagtail.users.views.users import EditView as WagtailEditView
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from home.permissions import guard, may, refuse, requires
from members import roles
from members.admin.personal_data import UserDeleteView
from members.forms.accounts import (
    DecisionForm,
    RoundtableUserCreationForm,
    RoundtableUserEditForm,
)
from members.models import User
from members.services.accounts import AlreadyDecided, role_request_approve, role_request_decline
from members.services.member_record import member_record_log_read
from members.services.own_record import OWN_RECORD, OwnRecordError, is_own_record

ROLE_REQUEST_PERMISSION = "members.decide_researcher_request"

STAFF_MAY_GRANT = [roles.MEMBER]


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
            form.fields["email"].help_text = gettext_lazy(
                "People change their own email address from their account, which checks it."
            )
        if not may(self.request.user, superuser=True):
            form.fields.pop("is_superuser", None)
            if "groups" in form.fields:
                form.fields["groups"].queryset = Group.objects.filter(name__in=STAFF_MAY_GRANT)
        return form

    def form_valid(self, form):
        if not may(self.request.user, superuser=True) and "groups" in form.cleaned_data:
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
            # Marked unusable, not left blank: the person sets one by "Forgotten your password?".
            instance.set_unusable_password()
            instance.save(update_fields=["password"])
        return instance


class EditView(RoleLimitsMixin, WagtailEditView):
    def dispatch(self, request, *args, **kwargs):
        # Only an administrator opens an administrator's account, before anything else.
        if self.object.is_superuser and (refused := guard(request, superuser=True)) is not None:
            return refused
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


def bulk_actions_on_people_limit(request, action_type, objects, action_class_instance):
    """The user list's bulk actions obey the same limits as the edit form (RoleLimitsMixin).

    Staff may not change anyone's roles in bulk, and may not touch an admin's account.
    """
    if may(request.user, superuser=True) or not any(isinstance(obj, User) for obj in objects):
        return None
    if action_type == "assign_role" or any(obj.is_superuser for obj in objects):
        return refuse(request)  # Wagtail returns a hook's response instead of acting
    return None


# --- Researcher-role requests ---------------------------------------------------------


def decision_errors_report(request, form, *, who: str) -> None:
    # A decision is one row of a list page: the errors come back as messages above it.
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, f"{who}: {error}")


@requires(permission=ROLE_REQUEST_PERMISSION)
def role_requests(request):
    """People waiting for the Researcher role (researcher-role requests)."""
    pending = (
        User.objects.role_requests_pending()
        .only("pk", "name", "email", "researcher_organisation", "date_joined")
        .order_by("date_joined", "pk")
    )
    page = Paginator(pending, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "members/admin/researcher_requests.html",
        {"page_obj": page},
    )


@require_POST
@requires(permission=ROLE_REQUEST_PERMISSION)
def role_request_decide(request, user_id: int):
    person = get_object_or_404(User, pk=user_id, researcher_request=User.ResearcherRequest.PENDING)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        decision_errors_report(request, form, who=person.email)
        return redirect("members_researcher_requests")
    try:
        if form.cleaned_data["decision"] == "approve":
            role_request_approve(user=person, by=request.user, note=form.cleaned_data["note"])
            messages.success(request, _("%(email)s is now a researcher.") % {"email": person.email})
        else:
            role_request_decline(user=person, by=request.user, note=form.cleaned_data["note"])
            messages.success(request, _("%(email)s was declined.") % {"email": person.email})
    except AlreadyDecided:
        messages.warning(
            request,
            _("Someone else has already decided about %(email)s.") % {"email": person.email},
        )
    except OwnRecordError as error:
        messages.error(request, str(error))
    return redirect("members_researcher_requests")
