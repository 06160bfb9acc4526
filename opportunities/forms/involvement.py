"""Staff record what a selected member did; staff or the researcher say what changed
("you said, we did")."""

from django import forms
from django.utils.translation import gettext_lazy as _

from involvement.models import ImpactEntry
from members.models.taxonomy import ResearchStage


class InvolvementForm(forms.Form):
    attended = forms.BooleanField(label=_("Took part"), required=False, initial=True)
    started_on = forms.DateField(
        label=_("Date"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text=_("For example, 31/3/2027"),
    )
    hours = forms.DecimalField(label=_("Hours"), min_value=0, max_value=999, decimal_places=2)


class ImpactForm(forms.Form):
    what_changed = forms.CharField(
        label=_("What changed because of the members' input?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 3000}),
        help_text=_("The members who took part are emailed this and see it on their account."),
        error_messages={"required": _("Say what changed because of the members' input")},
    )
    # Both optional: they place the entry in the project's record (impact by stage and
    # kind, the GRIPP2 report). The stage starts at the request's, where there is one.
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
