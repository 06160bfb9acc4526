"""The member directory: staff find members by group, experience and how they take part.

A read-only list in the Wagtail admin; each row links to the person's member record
(member_record.py), where every read is logged. It shows nothing from equality monitoring:
that data lives apart and is only ever reported in aggregate.
"""

import datetime

import django_filters
from django import forms
from django.db.models import Prefetch, Q
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from home.spreadsheets import spreadsheet_safe
from members import roles
from members.forms.topics import with_conditions
from members.models import (
    FLAG_GROUPS,
    GroupMembership,
    ReferenceGroupPage,
    Region,
    Skill,
    Topic,
    User,
)


def _flag_choices(*groups: str) -> list[tuple[str, str]]:
    return [choice for group in groups for choice in FLAG_GROUPS[group]]


class MemberDirectoryFilterSet(WagtailFilterSet):
    group = django_filters.ModelChoiceFilter(
        label=_("Group"),
        queryset=ReferenceGroupPage.objects.all(),
        method="filter_membership",
    )
    status = django_filters.ChoiceFilter(
        label=_("Membership status"),
        choices=GroupMembership.Status.choices,
        method="filter_membership",
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Experience"),
        help_text=_("A category finds the conditions beneath it too."),
        queryset=Topic.objects.tree(),
        method="filter_topic",
    )
    skill = django_filters.ModelChoiceFilter(
        label=_("Skill"), queryset=Skill.objects.all(), field_name="profile__skills", distinct=True
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), field_name="profile__region"
    )
    takes_part = django_filters.MultipleChoiceFilter(
        label=_("Takes part"),
        choices=_flag_choices("formats", "availability"),
        method="filter_flags",
        widget=forms.CheckboxSelectMultiple,
    )
    last_involved = django_filters.ChoiceFilter(
        label=_("Last involved"),
        choices=[
            ("never", _("Never")),
            ("3m", _("In the last 3 months")),
            ("12m", _("In the last 12 months")),
            ("over12m", _("More than 12 months ago")),
        ],
        method="filter_last_involved",
    )
    date_joined = django_filters.DateFromToRangeFilter(
        label=_("Joined between"), widget=DateRangePickerWidget
    )

    class Meta:
        model = User
        fields = []

    def filter_membership(self, queryset, name, value):
        # Group and status describe the same membership: one subquery for both, so
        # "group A, applied" is not "in group A, and applied somewhere".
        data = self.form.cleaned_data
        memberships = GroupMembership.objects.all()
        if data.get("group"):
            memberships = memberships.filter(group=data["group"])
        if data.get("status"):
            memberships = memberships.filter(status=data["status"])
        return queryset.filter(pk__in=memberships.values("member_id"))

    def filter_topic(self, queryset, name, value):
        topics = with_conditions([value]).values("pk")
        chose = queryset.model.objects.filter(profile__topics__in=topics).values("pk")
        return queryset.filter(pk__in=chose)

    def filter_last_involved(self, queryset, name, value):
        today = timezone.localdate()
        if value == "never":
            return queryset.filter(
                Q(profile__isnull=True) | Q(profile__last_involved_on__isnull=True)
            )
        if value == "over12m":
            return queryset.filter(
                profile__last_involved_on__lt=today - datetime.timedelta(days=365)
            )
        days = 91 if value == "3m" else 365
        return queryset.filter(profile__last_involved_on__gte=today - datetime.timedelta(days=days))

    def filter_flags(self, queryset, name, value):
        # Each ticked answer narrows the list: "online" and "evenings" means both.
        return queryset.filter(**{f"profile__{flag}": True for flag in value})


class MemberDirectoryIndexView(IndexView):
    # Computed columns, for the CSV export as for the table.
    COMPUTED = {
        "member_groups": lambda user: _groups(user),
        "region": lambda user: _region(user),
        "last_involved": lambda user: _last_involved(user),
    }

    def to_row_dict(self, item):
        return {
            field: spreadsheet_safe(
                self.COMPUTED[field](item) if field in self.COMPUTED else getattr(item, field)
            )
            for field in self.list_export
        }

    def get_base_queryset(self):
        return (
            User.objects.with_role(roles.MEMBER)
            .select_related("profile__region")
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=GroupMembership.objects.live().select_related("group"),
                    to_attr="live_memberships",
                )
            )
        )


def _groups(user) -> str:
    return ", ".join(
        f"{m.group.title} ({m.get_status_display().lower()})" for m in user.live_memberships
    )


def _region(user) -> str:
    profile = getattr(user, "profile", None)
    return profile.region.name if profile and profile.region else ""


def _last_involved(user):
    profile = getattr(user, "profile", None)
    return profile.last_involved_on if profile and profile.last_involved_on else ""


class MemberDirectoryViewSet(ModelViewSet):
    model = User
    name = "member_directory"
    url_prefix = "member-directory"
    icon = "group"
    menu_label = _("Member directory")
    menu_order = 230
    add_to_admin_menu = True
    index_view_class = MemberDirectoryIndexView
    filterset_class = MemberDirectoryFilterSet
    search_fields = ["name", "email"]
    search_backend_name = None  # plain database lookups: no search index to keep in step
    ordering = ["name", "email"]
    list_per_page = 50
    list_display = [
        "name",
        "email",
        Column("member_groups", label=_("Groups"), accessor=_groups),
        Column("region", label=_("Region"), accessor=_region),
        Column("last_involved", label=_("Last involved"), accessor=_last_involved),
        "date_joined",
    ]
    list_export = ["name", "email", "member_groups", "region", "last_involved", "date_joined"]
    export_headings = {
        "member_groups": _("Groups"),
        "region": _("Region"),
        "last_involved": _("Last involved"),
    }
    export_filename = "member-directory"
    copy_view_enabled = False

    def get_common_view_kwargs(self, **kwargs):
        # Read-only: adding and editing people happens in the user admin, whose forms
        # enforce who may give which role. Rows link to the member record, which logs
        # the read and links on to the user admin.
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
                "edit_url_name": "members_member_record",
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
        ]


member_directory_viewset = MemberDirectoryViewSet()
