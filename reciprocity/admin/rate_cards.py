"""Admin → Payments → Rate cards: staff may look at them; only administrators change
them (the card is the organisation's payment policy)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from home.permissions import may
from reciprocity.models import RateCard

EDITING = {"add", "change", "delete"}


class RateCardPermissionPolicy(ModelPermissionPolicy):
    """Staff may look at rate cards (view_ratecard); only administrators change them,
    whatever a group is given: a card is the organisation's payment policy."""

    def user_has_permission(self, user, action):
        if action in EDITING:
            return may(user, superuser=True)
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        others = set(actions) - EDITING
        condition = Q(is_active=True, is_superuser=True)
        if others:
            condition |= self._get_users_with_any_permission_codenames_filter(
                self._get_permission_codenames(others)
            )
        return get_user_model().objects.filter(condition).distinct()


class RateCardViewSet(ModelViewSet):
    model = RateCard
    name = "rate_cards"
    url_prefix = "payments/rate-cards"
    icon = "doc-full"
    menu_label = _("Rate cards")
    add_to_admin_menu = False  # shown in the Payments submenu (wagtail_hooks.py)
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
        "opportunity_paid_as",
        "group_meeting_paid_as",
        "training_session_paid_as",
        "comment_round_paid_as",
        "mileage_per_mile",
        "food_cap",
        "carer_cover_per_hour",
        "support_worker_per_hour",
        "expense_item_max",
        "expense_claim_max",
        "receipt_over_transport",
        "receipt_over_parking",
        "receipt_over_carer",
        "receipt_over_support",
        "receipt_over_food",
        "receipt_over_other",
        "notes",
    ]
    inspect_view_enabled = True  # staff who may only view see a card's every rate
    copy_view_enabled = False

    def get_permissions_to_register(self):
        # Only "view" can be handed to a group; changing is for administrators.
        return Permission.objects.filter(
            content_type__app_label="reciprocity", codename="view_ratecard"
        )
