"""Membership forms: agreeing to a group's ground rules (to join, or when they change)
and pausing a membership."""

from django import forms
from django.utils.translation import gettext_lazy as _


class JoinGroupForm(forms.Form):
    """Accepting a group's ground rules, the step that makes someone a member."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    agree = forms.BooleanField(
        label=_("I agree to the ground rules of this group"),
        error_messages={"required": _("Confirm that you agree to the ground rules to join")},
    )


class PauseMembershipForm(forms.Form):
    until = forms.DateField(
        label=_("Pause until"),
        help_text=_("We will not contact you about this group until then. For example, 31/3/2027"),
        input_formats=["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d %m %Y", "%d-%m-%Y"],
        widget=forms.DateInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": _("Enter the date you would like to pause until"),
            "invalid": _("Enter a real date, for example 31/3/2027"),
        },
    )
