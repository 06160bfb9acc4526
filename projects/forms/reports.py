"""Editing a project's GRIPP2 report before it is exported."""

from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import GrippReport


def _section(label, message, max_length):
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 10, "maxlength": max_length}),
        error_messages={"required": message},
    )


class ReportForm(forms.Form):
    aim = _section(
        GrippReport._meta.get_field("aim").verbose_name,
        _("Write the aim, or start again from the record"),
        5000,
    )
    methods = _section(
        GrippReport._meta.get_field("methods").verbose_name,
        _("Write the methods, or start again from the record"),
        10000,
    )
    results = _section(
        GrippReport._meta.get_field("results").verbose_name,
        _("Write the results, or start again from the record"),
        10000,
    )
    discussion = _section(
        GrippReport._meta.get_field("discussion").verbose_name,
        _("Write the discussion and conclusions, or start again from the record"),
        10000,
    )
    reflections = _section(
        GrippReport._meta.get_field("reflections").verbose_name,
        _("Write the reflections and critical perspective, or start again from the record"),
        10000,
    )
