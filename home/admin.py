"""The home app's staff screens: Admin → Settings → Outbox (administrators only), the
Sites screen without its copy view, and the menu item every app uses for screens shown
only to people with a permission. wagtail_hooks.py registers them."""

from django.contrib import messages
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Site
from wagtail.permission_policies import BasePermissionPolicy
from wagtail.permissions import policy_registry
from wagtail.sites.views import SiteViewSet as WagtailSiteViewSet

from home.models import OutboxEmail
from home.outbox import outbox_send_again


class PermissionMenuItem(MenuItem):
    """An admin menu item shown only to people with `permission` (used by every app)."""

    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


# --- The outbox -------------------------------------------------------------------
# Read-only: every email the site has sent or is about to send, with its status, so an
# administrator can answer "did they get the email?" and see what the mail server
# refused. A failed email can be sent again. Staff cannot be given access through a
# group: the rows hold every member's address and messages.


class SuperuserOnlyPermissionPolicy(BasePermissionPolicy):
    """Only administrators (superusers) may see the outbox; nobody may change it here."""

    def user_has_permission(self, user, action):
        return bool(getattr(user, "acts_as_superuser", False))

    def user_has_any_permission(self, user, actions):
        return self.user_has_permission(user, "view")

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(is_active=True, is_superuser=True)

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


class SendAgainColumn(Column):
    """A "Send again" button on failed emails (a POST form, so a link preview or a
    crawler cannot send anything)."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        if instance.status != OutboxEmail.Status.FAILED or request is None:
            context["value"] = ""
            return context
        context["value"] = format_html(
            '<form method="post" action="{}">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button type="submit" class="button button-small button-secondary">{}</button>'
            "</form>",
            reverse("outgoing_email:send_again", args=[instance.pk]),
            get_token(request),
            _("Send again"),
        )
        return context


class OutboxViewSet(ModelViewSet):
    model = OutboxEmail
    # The URL names and path predate the name "outbox" and stay, like every URL.
    name = "outgoing_email"
    url_prefix = "outgoing-email"
    icon = "mail"
    menu_label = _("Outbox")
    add_to_settings_menu = True
    add_to_reference_index = False
    list_display = [
        Column("to_address", label=_("Recipient")),
        Column("subject", label=_("Subject")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("attempts", label=_("Attempts")),
        DateColumn("created_at", label=_("Created"), sort_key="created_at"),
        DateColumn("sent_at", label=_("Sent"), sort_key="sent_at"),
        Column("last_error", label=_("Last error")),
        SendAgainColumn("send_again", label=""),
    ]
    list_filter = ["status"]
    search_fields = ["to_address", "subject"]
    search_backend_name = None  # plain database lookups: no search index to keep in step
    ordering = ["-created_at", "-pk"]
    list_per_page = 50
    copy_view_enabled = False

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
                "edit_url_name": None,
                "delete_url_name": None,
                "history_url_name": None,
                "usage_url_name": None,
                **kwargs,
            }
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/send-again/", send_again, name="send_again"),
        ]

    def get_permissions_to_register(self):
        # Nothing to hand out in Wagtail's group permissions: superusers only.
        return Permission.objects.none()


@require_POST
def send_again(request, pk: int):
    if not request.user.acts_as_superuser:
        raise PermissionDenied
    email = get_object_or_404(OutboxEmail, pk=pk)
    if outbox_send_again(email=email):
        messages.success(
            request, _("The email to %(to)s will be sent again.") % {"to": email.to_address}
        )
    else:
        messages.warning(request, _("That email has not failed, so it was not sent again."))
    return redirect("outgoing_email:index")


# --- Sites ------------------------------------------------------------------------


class SiteViewSet(WagtailSiteViewSet):
    """Wagtail's Admin → Settings → Sites, less its "copy" view.

    In Wagtail 8.0.1 every generic copy view saves the "copy" over the original
    (CopyViewMixin.get_initial_form_instance returns the stored object), and
    wagtail.sites registers its viewset from its own hook with no way to switch it
    off; so that app is left out of INSTALLED_APPS and its admin is registered here.
    """

    copy_view_enabled = False


class SitesMenuItem(MenuItem):
    def is_shown(self, request):
        return policy_registry.get_by_type(Site).user_has_any_permission(
            request.user, ["add", "change", "delete"]
        )
