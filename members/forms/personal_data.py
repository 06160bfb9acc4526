"""Forms for erasing an account: the person's own (with their password) and staff's (at
the person's request)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class EraseAccountForm(forms.Form):
    """Re-entering the password shows it is really the person, not someone at their
    unlocked screen."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password to delete your account")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("The password is not right. Enter the password you use to sign in")
            )
        return password


class ErasureForm(forms.Form):
    asked = forms.BooleanField(
        label=_("The person asked us to erase their account"),
        error_messages={"required": _("Confirm that the person asked for this")},
    )
