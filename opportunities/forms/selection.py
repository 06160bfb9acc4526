"""Staff decide on an application, with the message the person is sent."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ApplicationDecisionForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the person"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Kind and plain. They get it by email and on their account."),
    )
