"""Choosing topics of experience, wherever people do it (the profile, the opportunity
listing's filter, a researcher's request): checkboxes grouped under each plain-English
category with its common conditions beneath, and a box that narrows the list as people
type ("diabetes"). Without JavaScript the box is not shown and every topic is listed."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import Topic


class TopicCheckboxes(forms.CheckboxSelectMultiple):
    """For a topics field whose queryset is Topic.objects.tree().

    Checkboxes grouped by top-level topic: a category with conditions beneath it is
    a group of its own (its legend the category's name, its first box the category
    itself, `general_label`); a category without any is a single box."""

    template_name = "members/widgets/topic_checkboxes.html"
    general_label = _("%(name)s: another, or not sure which")

    def __init__(self, *args, general_label=None, collapsed=False, **kwargs):
        super().__init__(*args, **kwargs)
        if general_label is not None:
            self.general_label = general_label
        # In a narrow column (the listing's filters) the list folds away until wanted.
        self.collapsed = collapsed

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        options = [
            option
            for _group, group_options, _index in context["widget"]["optgroups"]
            for option in group_options
        ]
        topics = {str(option["value"]): option for option in options}
        groups = []
        for option in options:
            topic = option["value"].instance
            option["label"], option["hint"] = topic.name, topic.description
            if topic.parent_id is None:
                groups.append({"topic": topic, "general": option, "conditions": []})
            elif groups and groups[-1]["topic"].pk == topic.parent_id:
                groups[-1]["conditions"].append(option)
        for group in groups:
            if group["conditions"]:
                group["general"]["label"] = self.general_label % {"name": group["topic"].name}
        context["widget"]["topic_groups"] = groups
        context["widget"]["collapsed"] = self.collapsed
        context["widget"]["chosen"] = sum(1 for option in topics.values() if option["selected"])
        return context


def with_conditions(topics):
    """These topics and the conditions beneath them (one query, as a subquery): what
    choosing a category should also find."""
    ids = [topic.pk for topic in topics]
    return Topic.objects.filter(Q(pk__in=ids) | Q(parent__in=ids))
