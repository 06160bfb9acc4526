"""Staff narrow the members they might invite to apply (a GET form: it works without
JavaScript and the address can be shared with a colleague)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import ReferenceGroupPage, Region
from members.selectors.equality import seeks_voices_choices
from opportunities.matching.candidates import CandidateFilters


class InvitationFiltersForm(forms.Form):
    group = forms.ModelChoiceField(
        label=_("Active members of this group"),
        queryset=ReferenceGroupPage.objects.order_by("title"),
        required=False,
        empty_label=_("Any group, or none"),
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label=_("Any region"),
    )
    never = forms.BooleanField(label=_("Only people who have never taken part"), required=False)
    unsuited = forms.BooleanField(
        label=_("Include people it may not suit"),
        required=False,
        help_text=_("They are listed last, with the reasons it may not suit them."),
    )

    def __init__(self, *args, with_equality: bool = False, seeks_default: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.seeks_default = seeks_default
        # Only staff who may use equality answers see these; for anyone else they do not
        # exist, so a crafted address with them changes nothing.
        if with_equality:
            self.fields["prioritised"] = forms.BooleanField(
                label=_(
                    "Only people who agreed to be prioritised and belong to a group that is missing"
                ),
                required=False,
                help_text=_(
                    "Uses their equality answers, with their agreement. Each use is logged. "
                    "Nobody's answers are shown."
                ),
            )
            self.fields["seeks"] = forms.ChoiceField(
                label=_("The group that is missing"),
                choices=[("", _("Choose a group")), *seeks_voices_choices()],
                required=False,
                initial=seeks_default,
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("prioritised") and not (cleaned.get("seeks") or self.seeks_default):
            self.add_error("seeks", _("Choose the group that is missing, or untick the box."))
        return cleaned

    def filters(self) -> CandidateFilters:
        """What to narrow the list to (nothing, for a form with errors)."""
        if not self.is_bound or not self.is_valid():
            return CandidateFilters()
        data = self.cleaned_data
        seeks = ""
        if data.get("prioritised"):
            seeks = data.get("seeks") or self.seeks_default
        return CandidateFilters(
            group_id=data["group"].pk if data.get("group") else None,
            region_id=data["region"].pk if data.get("region") else None,
            never_taken_part=bool(data.get("never")),
            include_unsuited=bool(data.get("unsuited")),
            seeks=seeks,
        )
