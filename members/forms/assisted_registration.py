"""The form staff fill in to register a member who joined by phone, on paper or at an
event."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.models import FLAG_GROUPS, ReferenceGroupPage, User
from members.services.accounts import email_in_use


class AssistedRegistrationForm(forms.Form):
    name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        error_messages={"required": _("Enter their full name")},
    )
    channel = forms.ChoiceField(
        label=_("How did they join?"),
        choices=[c for c in User.Channel.choices if c[0]],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how they joined")},
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        help_text=_("If they have one, they are sent a link to set a password."),
    )
    phone = forms.CharField(label=_("Phone number"), max_length=30, required=False)
    postal_address = forms.CharField(
        label=_("Postal address"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=500,
    )
    contact_methods = forms.MultipleChoiceField(
        label=_("How should we contact them?"),
        required=False,
        choices=FLAG_GROUPS["contact_methods"],
        widget=forms.CheckboxSelectMultiple,
    )
    group = forms.ModelChoiceField(
        label=_("Join a group now (optional)"),
        required=False,
        queryset=ReferenceGroupPage.objects.live().exclude(
            join_policy=ReferenceGroupPage.JoinPolicy.CLOSED
        ),
    )
    ground_rules_read = forms.BooleanField(
        label=_("I have read the group's ground rules to them and they agreed"),
        required=False,
    )
    privacy_notice_explained = forms.BooleanField(
        label=_("I have explained the privacy notice and they agreed to it"),
        error_messages={
            "required": _("Explain the privacy notice to them before registering them")
        },
    )

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f) for f in ("email", "phone", "postal_address")):
            raise forms.ValidationError(
                gettext("Give at least one way to contact them: an email address, phone or address")
            )
        if cleaned.get("group") and not cleaned.get("ground_rules_read"):
            self.add_error(
                "ground_rules_read",
                gettext("Read the ground rules to them before they join the group"),
            )
        email = cleaned.get("email")
        if email and email_in_use(email):
            self.add_error(
                "email", gettext("Someone already has an account with this email address")
            )
        return cleaned
