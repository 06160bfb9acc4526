"""The course listing's filters (django-filter): who it is for, format, sessions coming
up, skill, and a word search. Read by views/listing.py."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Skill

# From the model modules, not from `training.models`: that package imports the index
# page, which imports the listing and so these filters (no cycle).
from training.models.courses import Audience, CourseFormat, CoursePage
from training.models.sessions import CourseSession


class CourseFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search", max_length=100)
    audience = django_filters.ChoiceFilter(
        label=_("Who it is for"),
        choices=Audience.choices,
        method="filter_audience",
        empty_label=_("Anyone"),
    )
    format = django_filters.ChoiceFilter(
        label=_("Format"), choices=CourseFormat.choices, empty_label=_("Any")
    )
    skill = django_filters.ModelChoiceFilter(
        label=_("Skill it gives"),
        queryset=Skill.objects.all(),
        method="filter_skill",
        empty_label=_("Any skill"),
    )
    upcoming = django_filters.BooleanFilter(
        label=_("Only courses with sessions coming up"),
        method="filter_upcoming",
        widget=forms.CheckboxInput,
    )

    def filter_search(self, queryset, name, value):
        """Each word in the title, the description or what you will learn."""
        for word in value.split()[:8]:
            queryset = queryset.filter(
                Q(title__icontains=word) | Q(summary__icontains=word) | Q(outcomes__icontains=word)
            )
        return queryset

    def filter_audience(self, queryset, name, value):
        return queryset.filter(**{f"for_{value}": True}) if value else queryset

    def filter_skill(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=CoursePage.objects.filter(skills=value).values("pk"))

    def filter_upcoming(self, queryset, name, value):
        if not value:
            return queryset
        sessions = CourseSession.objects.not_cancelled().filter(ends_at__gt=timezone.now())
        return queryset.filter(pk__in=sessions.values("course_id"))

    class Meta:
        model = CoursePage
        fields = []
