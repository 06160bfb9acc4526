from django import forms
from django.utils.translation import gettext_lazy as _

from members.services import account_signed_up

MEMBER = "member"
RESEARCHER = "researcher"


class SignupForm(forms.Form):
    """Extra questions on allauth's sign-up page (ACCOUNT_SIGNUP_FORM_CLASS)."""

    name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        help_text=_("Write it as you would like us to use it. Any characters are fine."),
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={"required": _("Enter your full name")},
    )
    account_type = forms.ChoiceField(
        label=_("How are you joining?"),
        choices=[
            (
                MEMBER,
                _("As a member of the public: a patient, carer, service user or community member"),
            ),
            (RESEARCHER, _("As a researcher who wants to ask for public involvement")),
        ],
        widget=forms.RadioSelect,
        initial=MEMBER,
        error_messages={"required": _("Select how you are joining")},
    )
    organisation = forms.CharField(
        label=_("Research organisation"),
        max_length=200,
        required=False,
        help_text=_("Researchers only: the university, NHS trust or company you work for."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )

    field_order = ["name", "email", "password1", "password2", "account_type", "organisation"]

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("account_type") == RESEARCHER
            and not cleaned.get("organisation", "").strip()
        ):
            self.add_error("organisation", _("Enter the organisation you do research for"))
        return cleaned

    def signup(self, request, user) -> None:
        account_signed_up(
            user=user,
            name=self.cleaned_data["name"].strip(),
            as_researcher=self.cleaned_data["account_type"] == RESEARCHER,
            organisation=self.cleaned_data.get("organisation", "").strip(),
        )


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
