"""Forms of the staff's project screens (admin area "projects")."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import User
from projects.models import TeamRole


class TeamAddForm(forms.Form):
    """Put someone on a project's team, found by their email address."""

    email = forms.EmailField(
        label=_("Their email address"),
        help_text=_("The address they sign in with."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Their role on the team"), choices=TeamRole.choices)
    is_lead = forms.BooleanField(
        label=_("Make them a co-production lead (optional)"),
        required=False,
        help_text=_("A project has one or two leads."),
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        self.person = User.objects.filter(email__iexact=email, is_active=True).first()
        if self.person is None:
            raise forms.ValidationError(
                _(
                    "Nobody has an account with this email address. Check the address, "
                    "or ask them to register first."
                )
            )
        return email
