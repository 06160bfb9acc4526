"""The public listing's filters (django-filter): experience, format, where, time, group,
paid and closing soon, and a word search. Read by views/listing.py."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.forms.topics import TopicCheckboxes, with_conditions
from members.models import GroupMembership, ReferenceGroupPage, Region, Topic

# From the model modules, not from `opportunities.models`: that package imports the
# listing page, which imports the listing and so these filters (no cycle).
from opportunities.models.opportunities import CLOSING_SOON_DAYS, OpportunityPage
from opportunities.models.research_requests import Format

ONLINE = "online"


class OpportunityFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search", max_length=100)
    topic = django_filters.ModelMultipleChoiceFilter(
        label=_("Experience"),
        help_text=_("Leave blank for any."),
        queryset=Topic.objects.tree(),
        method="filter_topic",
        widget=TopicCheckboxes(general_label=_("%(name)s: any"), collapsed=True),
    )
    format = django_filters.ChoiceFilter(
        label=_("How you take part"), choices=Format.choices, empty_label=_("Any")
    )
    where = django_filters.ChoiceFilter(
        label=_("Where"), method="filter_where", empty_label=_("Anywhere")
    )
    time_commitment = django_filters.ChoiceFilter(
        label=_("Time it takes"),
        choices=OpportunityPage.TimeCommitment.choices,
        empty_label=_("Any"),
    )
    group = django_filters.ModelChoiceFilter(
        label=_("For members of"),
        queryset=ReferenceGroupPage.objects.none(),
        method="filter_group",
        empty_label=_("Any group"),
    )
    paid = django_filters.BooleanFilter(
        label=_("Paid only"),
        method="filter_paid",
        widget=forms.CheckboxInput,
    )
    closing_soon = django_filters.BooleanFilter(
        label=_("Closing in the next 2 weeks"),
        method="filter_closing_soon",
        widget=forms.CheckboxInput,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        regions = [(ONLINE, _("Online or from home"))] + [
            (str(region.pk), region.name) for region in Region.objects.all()
        ]
        self.filters["where"].extra["choices"] = regions
        if user is not None and user.is_authenticated:
            groups = (
                ReferenceGroupPage.objects.live()
                .public()
                .filter(
                    pk__in=GroupMembership.objects.filter(
                        member=user, status=GroupMembership.Status.ACTIVE
                    ).values("group_id")
                )
                .order_by("title")
            )
        else:
            # (.public() reads the view restrictions at once: not for an empty choice.)
            groups = ReferenceGroupPage.objects.none()
        self.filters["group"].queryset = groups

    def filter_search(self, queryset, name, value):
        """Each word in the title, the summary or a topic's name: "diabetes" finds an
        opportunity about diabetes, or about the category it sits in, without JavaScript."""
        words = value.split()[:8]
        for word in words:
            named = Topic.objects.filter(Q(name__icontains=word) | Q(description__icontains=word))
            # A condition's opportunities, and its category's (the category covers it).
            topics = Topic.objects.filter(
                Q(pk__in=named.values("pk")) | Q(pk__in=named.values("parent_id"))
            ).values("pk")
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(summary__icontains=word)
                | Q(pk__in=OpportunityPage.objects.filter(topics__in=topics).values("pk"))
            )
        return queryset

    def filter_topic(self, queryset, name, value):
        if not value:
            return queryset
        # A category covers the conditions beneath it too.
        topics = with_conditions(value).values("pk")
        return queryset.filter(
            pk__in=OpportunityPage.objects.filter(topics__in=topics).values("pk")
        )

    def filter_where(self, queryset, name, value):
        if value == ONLINE:
            return queryset.filter(format__in=[Format.ONLINE, Format.PHONE, Format.PAPER])
        return queryset.filter(region_id=value)

    def filter_group(self, queryset, name, value):
        return queryset.filter(pk__in=OpportunityPage.objects.filter(groups=value).values("pk"))

    def filter_paid(self, queryset, name, value):
        return queryset.filter(is_paid=True) if value else queryset

    def filter_closing_soon(self, queryset, name, value):
        if not value:
            return queryset
        soon = timezone.localdate() + datetime.timedelta(days=CLOSING_SOON_DAYS)
        return queryset.filter(closing_date__lte=soon)

    class Meta:
        model = OpportunityPage
        fields = []
