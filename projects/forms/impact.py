"""'Record what changed' on a project's impact page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from involvement.models import ImpactEntry
from members.models.taxonomy import ResearchStage


class ProjectImpactForm(forms.Form):
    activity = forms.ModelChoiceField(
        label=_("Which activity was it?"),
        queryset=None,
        empty_label=_("Choose an activity"),
        error_messages={
            "required": _("Choose the activity the members took part in"),
            "invalid_choice": _("Choose one of this project's activities"),
        },
    )
    what_changed = forms.CharField(
        label=_("What changed because of the members' input?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 3000}),
        help_text=_("The members who took part are emailed this and see it on their account."),
        error_messages={"required": _("Say what changed because of the members' input")},
    )
    kind = forms.ChoiceField(
        label=_("What kind of difference was it?"),
        choices=ImpactEntry.Kind.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    research_stage = forms.ChoiceField(
        label=_("Which stage of the research did it change?"),
        choices=[("", _("Not stated"))] + list(ResearchStage.choices),
        required=False,
    )

    def __init__(self, *args, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities
