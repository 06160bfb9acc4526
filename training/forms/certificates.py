"""Forms for certificates: the person's choice, and the public check by code."""

from django import forms
from django.utils.translation import gettext_lazy as _

from training.selectors.certificates import certificate_code_normalise


class VerifiableForm(forms.Form):
    """May people with the code check this certificate?"""

    verifiable = forms.TypedChoiceField(
        label=_("Can people with the code check your certificate?"),
        choices=[
            ("yes", _("Yes, let people with the code check it")),
            ("no", _("No, nobody can check it")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=_(
            "For example an employer or a college. They see your name, the course, the "
            "date and the skills, nothing else."
        ),
        error_messages={"required": _("Choose whether people with the code can check it")},
    )


class CodeForm(forms.Form):
    """The public check: type the code from the certificate."""

    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("It is on the certificate, for example K7QM-2XWP-HD."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
        error_messages={"required": _("Enter the code from the certificate")},
    )

    def clean_code(self):
        code = certificate_code_normalise(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _(
                    "Enter the code as it is on the certificate: 10 letters and numbers, "
                    "for example K7QM-2XWP-HD"
                )
            )
        return code
