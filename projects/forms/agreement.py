"""Proposing a change to the team agreement."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from projects.services.agreement import AgreementError, agreement_rules_clean


class AgreementProposeForm(forms.Form):
    rules = forms.CharField(
        label=_("The team's ground rules"),
        help_text=_("One rule on each line. Up to 30 rules, each up to 400 characters."),
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={"required": _("Enter at least one rule")},
    )
    change_note = forms.CharField(
        label=_("What changed and why"),
        help_text=_("The team reads this before deciding whether to accept the change."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Say what changed and why"),
            "max_length": _("Say what changed and why in 1,000 characters or fewer"),
        },
    )

    def clean_rules(self) -> list[str]:
        try:
            return agreement_rules_clean(self.cleaned_data["rules"].splitlines())
        except AgreementError as error:
            raise ValidationError(str(error)) from error
