import functools

from django import forms
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.admin import PermissionMenuItem
from members import admin_views, equality_dashboard, member_record, offline_contact
from members.models import EqualityBenchmark, Region, Skill, Topic, User
from members.models.equality import CHARACTERISTICS
from members.signals import document_groups_restriction_needs_mfa, page_groups_restriction_needs_mfa


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "researcher-requests/",
            admin_views.researcher_requests,
            name="members_researcher_requests",
        ),
        path(
            "researcher-requests/<int:user_id>/decide/",
            admin_views.researcher_decide,
            name="members_researcher_decide",
        ),
        path(
            "assisted-registration/",
            admin_views.assisted_registration,
            name="members_assisted_registration",
        ),
        path("members/<int:user_id>/", member_record.member_record, name="members_member_record"),
        path(
            "members/<int:user_id>/erase/",
            member_record.member_erase,
            name="members_member_erase",
        ),
        path("phone-and-post/", offline_contact.offline_contact, name="members_offline_contact"),
        path("equality/", equality_dashboard.equality_dashboard, name="members_equality_dashboard"),
        path(
            "equality/benchmarks/<str:characteristic>/",
            equality_dashboard.equality_benchmark_figures,
            name="members_equality_benchmark_figures",
        ),
        path(
            "phone-and-post/<int:membership_id>/renewed/",
            offline_contact.renewed_by_phone_or_post,
            name="members_offline_renewed",
        ),
        path(
            "phone-and-post/<int:membership_id>/rules-agreed/",
            offline_contact.rules_agreed_by_phone_or_post,
            name="members_offline_rules_agreed",
        ),
        path(
            "membership-requests/",
            admin_views.membership_requests,
            name="members_membership_requests",
        ),
        path(
            "membership-requests/<int:membership_id>/decide/",
            admin_views.membership_decide,
            name="members_membership_decide",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_researcher_requests_menu_item():
    return PermissionMenuItem(
        _("Researcher requests"),
        reverse("members_researcher_requests"),
        icon_name="user",
        order=250,
        permission=admin_views.PERMISSION,
    )


@hooks.register("register_admin_menu_item")
def register_assisted_registration_menu_item():
    return PermissionMenuItem(
        _("Register a member"),
        reverse("members_assisted_registration"),
        icon_name="plus",
        order=235,
        permission="members.add_user",
    )


@hooks.register("register_admin_menu_item")
def register_membership_requests_menu_item():
    return PermissionMenuItem(
        _("Membership requests"),
        reverse("members_membership_requests"),
        icon_name="group",
        order=240,
        permission=admin_views.MEMBERSHIP_PERMISSION,
    )


@hooks.register("register_admin_menu_item")
def register_offline_contact_menu_item():
    return PermissionMenuItem(
        _("Phone and post"),
        reverse("members_offline_contact"),
        icon_name="mail",
        order=245,
        permission=offline_contact.PERMISSION,
    )


@hooks.register("register_admin_menu_item")
def register_equality_dashboard_menu_item():
    return PermissionMenuItem(
        _("Equality monitoring"),
        reverse("members_equality_dashboard"),
        icon_name="group",
        order=290,
        permission=equality_dashboard.PERMISSION,
    )


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        "roundtable.researcher_approved", _("Approve researcher"), _("Researcher account approved")
    )
    actions.register_action(
        "roundtable.researcher_declined", _("Decline researcher"), _("Researcher account declined")
    )
    actions.register_action(
        "roundtable.membership_approved", _("Approve membership"), _("Membership approved")
    )
    actions.register_action(
        "roundtable.membership_declined", _("Decline membership"), _("Membership declined")
    )
    actions.register_action(
        "roundtable.membership_renewed", _("Renew membership"), _("Membership renewed")
    )
    actions.register_action(
        "roundtable.membership_paused", _("Pause membership"), _("Membership paused")
    )
    actions.register_action("roundtable.membership_left", _("Leave group"), _("Left the group"))
    actions.register_action(
        "roundtable.ground_rules_recorded",
        _("Record agreement to ground rules"),
        _("Agreement to new ground rules recorded on the member's behalf"),
    )
    actions.register_action(
        member_record.VIEWED, _("View member record"), _("Member record viewed")
    )
    actions.register_action(
        "roundtable.member_registered_assisted",
        _("Register a member"),
        _("Registered on the member's behalf"),
    )
    actions.register_action(
        "roundtable.staff_account_created",
        _("Create a staff account"),
        _("Staff account created from the command line"),
    )


@hooks.register("before_bulk_action")
def limit_bulk_actions_on_people(request, action_type, objects, action_class_instance):
    """The user list's bulk actions obey the same limits as the edit form (viewsets.py).

    Staff may not change anyone's roles in bulk, and may not touch an admin's account.
    """
    if request.user.acts_as_superuser or not any(isinstance(obj, User) for obj in objects):
        return None
    if action_type == "assign_role" or any(obj.is_superuser for obj in objects):
        raise PermissionDenied
    return None


class NoCopySnippetViewSet(SnippetViewSet):
    """A snippet viewset without Wagtail's "copy" view: in Wagtail 8.0.1 it saves the
    copy over the original (CopyViewMixin.get_initial_form_instance returns the stored
    object), so "copying" a topic or a benchmark figure silently rewrote it."""

    copy_view_enabled = False


class TopicViewSet(NoCopySnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name", "parent", "sort_order"]
    list_filter = ["parent"]
    search_fields = ["name"]
    ordering = ["parent__name", "sort_order", "name"]

    def get_queryset(self, request):
        return Topic.objects.select_related("parent")


class SkillViewSet(NoCopySnippetViewSet):
    model = Skill
    icon = "pick"
    menu_label = _("Skills")
    list_display = ["name", "description", "sort_order"]
    search_fields = ["name"]


class RegionViewSet(NoCopySnippetViewSet):
    model = Region
    icon = "site"
    menu_label = _("Regions")
    list_display = ["name", "sort_order"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    items = (TopicViewSet, SkillViewSet, RegionViewSet)
    menu_label = _("Taxonomy")
    menu_icon = "tag"
    menu_order = 300


register_snippet(TaxonomyViewSetGroup)


class EqualityBenchmarkPolicy(ModelPermissionPolicy):
    """Whoever may see the equality dashboard keeps its benchmark figures (their own
    area's); nobody else, whatever a group is given."""

    def user_has_permission(self, user, action):
        return bool(user.is_active and user.has_perm(equality_dashboard.PERMISSION))

    def users_with_any_permission(self, actions):
        return (
            User.objects.filter(is_active=True)
            .filter(
                Q(is_superuser=True)
                | Q(user_permissions__codename="view_equality_dashboard")
                | Q(groups__permissions__codename="view_equality_dashboard")
            )
            .distinct()
        )


register_permission_policy(EqualityBenchmark, EqualityBenchmarkPolicy(EqualityBenchmark))


ANSWER_CHOICES = [
    (label, [(f"{key}:{value}", answer) for value, answer in choices])
    for key, (label, choices) in CHARACTERISTICS.items()
]


class EqualityBenchmarkForm(WagtailAdminModelForm):
    """Staff choose the answer from a list (grouped by question) rather than typing the
    stored codes; it is split into characteristic and category on save."""

    answer = forms.ChoiceField(label=_("Answer"), choices=[("", "---------"), *ANSWER_CHOICES])

    class Meta:
        model = EqualityBenchmark
        fields = ["area", "source", "answer", "percent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["answer"] = f"{self.instance.characteristic}:{self.instance.category}"

    def clean_percent(self):
        percent = self.cleaned_data["percent"]
        if percent is not None and not 0 <= percent <= 100:
            raise forms.ValidationError(_("Enter a percentage from 0 to 100."))
        return percent

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") and cleaned.get("area"):
            characteristic, category = cleaned["answer"].split(":", 1)
            # Checked here: the unique constraint names fields this form does not have.
            taken = EqualityBenchmark.objects.filter(
                area=cleaned["area"], characteristic=characteristic, category=category
            ).exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error(
                    "answer", _("This area already has a figure for this answer: change that one.")
                )
            self.instance.characteristic, self.instance.category = characteristic, category
        return cleaned


def _needs_equality_permission(view):
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.has_perm(equality_dashboard.PERMISSION):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


class EqualityBenchmarkChooserViewSet(SnippetChooserViewSet):
    """Wagtail's snippet choosers check only admin access (the permission policy guards
    just their "create" tab), so any member of staff could list the benchmark figures
    through one. Every chooser view needs the equality permission, like the dashboard."""

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            pattern.callback = _needs_equality_permission(pattern.callback)
        return patterns


class EqualityBenchmarkViewSet(NoCopySnippetViewSet):
    model = EqualityBenchmark
    chooser_viewset_class = EqualityBenchmarkChooserViewSet
    panels = [
        FieldPanel("area"),
        FieldPanel("source"),
        FieldPanel("answer"),
        FieldPanel("percent"),
    ]
    edit_handler = ObjectList(panels, base_form_class=EqualityBenchmarkForm)
    icon = "group"
    menu_label = _("Equality benchmarks")
    menu_order = 295
    add_to_admin_menu = False
    list_display = ["area", "characteristic", "category", "percent"]
    list_filter = ["area", "characteristic"]
    search_fields = ["area", "category"]

    def get_permissions_to_register(self):
        return Permission.objects.none()  # the dashboard's permission governs it


register_snippet(EqualityBenchmarkViewSet)


@hooks.register("register_admin_viewset")
def register_member_directory():
    from members.directory import member_directory_viewset

    return member_directory_viewset


@hooks.register("insert_global_admin_css")
def global_admin_css():
    # static/css/admin.css: our small corrections to the admin's own styles.
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


# Group-only pages and documents need the second factor (bodies in members/signals.py).
hooks.register("before_serve_page", page_groups_restriction_needs_mfa)
hooks.register("before_serve_document", document_groups_restriction_needs_mfa)
