"""Admin → Payments: registers the payment, expense and skill screens, and the rate
cards (changed by admins only). The screens live in reciprocity/admin/."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.permissions import register_permission_policy

from home.admin import PermissionMenuItem
from home.waiting_work import WAITING_WORK_HOOK
from reciprocity.admin import expenses, payments, skills, waiting_work
from reciprocity.admin.rate_cards import RateCardPermissionPolicy, RateCardViewSet
from reciprocity.models import RateCard

# Registered before the viewset first asks for a policy (Wagtail 8 requires the order).
register_permission_policy(RateCard, RateCardPermissionPolicy(RateCard))

rate_card_viewset = RateCardViewSet()


@hooks.register("register_admin_viewset")
def register_rate_cards():
    return rate_card_viewset


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("payments/", payments.payments_index, name="reciprocity_payments"),
        path("payments/generate/", payments.payments_generate_view, name="reciprocity_generate"),
        path("payments/export/", payments.export_view, name="reciprocity_export"),
        path(
            "payments/export/<int:export_id>/",
            payments.export_download_again,
            name="reciprocity_export_again",
        ),
        path("payments/<int:payment_id>/", payments.payment_view, name="reciprocity_payment"),
        path("payments/expenses/", expenses.claims_index, name="reciprocity_claims"),
        path(
            "payments/skills/<int:user_id>/add/",
            skills.skill_gained_add,
            name="reciprocity_skill_add",
        ),
        path(
            "payments/expenses/<int:claim_id>/",
            expenses.claim_view,
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
                permission=payments.VIEW_PERMISSION,
            ),
            PermissionMenuItem(
                _("Generate payments"),
                reverse("reciprocity_generate"),
                name="payments-generate",
                icon_name="plus",
                order=20,
                permission=payments.PROPOSE_PERMISSION,
            ),
            PermissionMenuItem(
                _("Finance export"),
                reverse("reciprocity_export"),
                name="payments-export",
                icon_name="download",
                order=30,
                permission=payments.EXPORT_PERMISSION,
            ),
            PermissionMenuItem(
                _("Expense claims"),
                reverse("reciprocity_claims"),
                name="payments-expenses",
                icon_name="tag",
                order=35,
                permission=expenses.PERMISSION,
            ),
            rate_card_viewset.get_menu_item(order=40),
        ]
    )
    # Shown when any item in it is (the submenu hides itself when empty).
    return SubmenuMenuItem(_("Payments"), menu, name="payments", icon_name="tag", order=260)


# Rows of the admin home's "Waiting for you" panel (home.waiting_work).
hooks.register(WAITING_WORK_HOOK, waiting_work.expense_claims_waiting)
hooks.register(WAITING_WORK_HOOK, waiting_work.payments_to_approve_waiting)
