"""Admin → Payments: the payment screens, and the rate cards (changed by admins only)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from home.admin import PermissionMenuItem
from reciprocity import admin_expenses, admin_views
from reciprocity.models import RateCard

EDITING = {"add", "change", "delete"}


class RateCardPermissionPolicy(ModelPermissionPolicy):
    """Staff may look at rate cards (view_ratecard); only administrators change them,
    whatever a group is given: a card is the organisation's payment policy."""

    def user_has_permission(self, user, action):
        if action in EDITING:
            return bool(getattr(user, "acts_as_superuser", False))
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        others = set(actions) - EDITING
        condition = Q(is_active=True, is_superuser=True)
        if others:
            condition |= self._get_users_with_any_permission_codenames_filter(
                self._get_permission_codenames(others)
            )
        return get_user_model().objects.filter(condition).distinct()


# Registered before the viewset first asks for a policy (Wagtail 8 requires the order).
register_permission_policy(RateCard, RateCardPermissionPolicy(RateCard))


class RateCardViewSet(ModelViewSet):
    model = RateCard
    name = "rate_cards"
    url_prefix = "payments/rate-cards"
    icon = "doc-full"
    menu_label = _("Rate cards")
    add_to_admin_menu = False  # shown in the Payments submenu below
    list_display = ["name", "valid_from", "is_example", "hourly", "half_day", "full_day"]
    ordering = ["-valid_from"]
    form_fields = [
        "name",
        "valid_from",
        "is_example",
        "hourly",
        "half_day",
        "full_day",
        "per_document_review",
        "per_meeting_from_home",
        "mileage_per_mile",
        "food_cap",
        "carer_cover_per_hour",
        "support_worker_per_hour",
        "expense_item_max",
        "expense_claim_max",
        "notes",
    ]
    inspect_view_enabled = True  # staff who may only view see a card's every rate
    copy_view_enabled = False

    def get_permissions_to_register(self):
        # Only "view" can be handed to a group; changing is for administrators.
        return Permission.objects.filter(
            content_type__app_label="reciprocity", codename="view_ratecard"
        )


rate_card_viewset = RateCardViewSet()


@hooks.register("register_admin_viewset")
def register_rate_cards():
    return rate_card_viewset


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("payments/", admin_views.payments_index, name="reciprocity_payments"),
        path("payments/generate/", admin_views.payments_generate_view, name="reciprocity_generate"),
        path("payments/export/", admin_views.export_view, name="reciprocity_export"),
        path(
            "payments/export/<int:export_id>/",
            admin_views.export_download_again,
            name="reciprocity_export_again",
        ),
        path("payments/<int:payment_id>/", admin_views.payment_view, name="reciprocity_payment"),
        path("payments/expenses/", admin_expenses.claims_index, name="reciprocity_claims"),
        path(
            "payments/skills/<int:user_id>/add/",
            admin_expenses.skill_gained_add,
            name="reciprocity_skill_add",
        ),
        path(
            "payments/expenses/<int:claim_id>/",
            admin_expenses.claim_view,
            name="reciprocity_claim",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_payments_menu():
    menu = Menu(
        items=[
            PermissionMenuItem(
                _("All payments"),
                reverse("reciprocity_payments"),
                name="payments-list",
                icon_name="list-ul",
                order=10,
                permission=admin_views.VIEW_PERMISSION,
            ),
            PermissionMenuItem(
                _("Generate payments"),
                reverse("reciprocity_generate"),
                name="payments-generate",
                icon_name="plus",
                order=20,
                permission=admin_views.PROPOSE_PERMISSION,
            ),
            PermissionMenuItem(
                _("Finance export"),
                reverse("reciprocity_export"),
                name="payments-export",
                icon_name="download",
                order=30,
                permission=admin_views.EXPORT_PERMISSION,
            ),
            PermissionMenuItem(
                _("Expense claims"),
                reverse("reciprocity_claims"),
                name="payments-expenses",
                icon_name="tag",
                order=35,
                permission=admin_expenses.PERMISSION,
            ),
            rate_card_viewset.get_menu_item(order=40),
        ]
    )
    # Shown when any item in it is (the submenu hides itself when empty).
    return SubmenuMenuItem(_("Payments"), menu, name="payments", icon_name="tag", order=260)
