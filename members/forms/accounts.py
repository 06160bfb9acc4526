"""Account forms: the extra questions on allauth's sign-up page, Wagtail's user admin
and account page for our user model, and staff's decisions on requests (a researcher's
request for the role, a request to join a group)."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from members.models import User
from members.services.accounts import account_signed_up

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
        help_text=_("The university, NHS trust or company you work for."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    # Not required of members, but required of researchers (clean): the label says so
    # instead of "(optional)" (templates/forms/form_as_div.html).
    organisation.required_when = _("needed if you are a researcher")

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


class RoundtableUserCreationForm(UserCreationForm):
    first_name = None
    last_name = None
    name = forms.CharField(label=_("Full name"), max_length=200, required=False)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = {"email", "name", "is_superuser", "groups"}


class RoundtableUserEditForm(UserEditForm):
    def _clean_username(self):
        # A member registered without an email has none: keep it NULL (an empty
        # string would clash with the next such member), and skip the duplicate check,
        # which would otherwise match every other member without one.
        if not self.cleaned_data.get("email"):
            self.cleaned_data["email"] = None
            return None
        return super()._clean_username()

    first_name = None
    last_name = None
    name = forms.CharField(label=_("Full name"), max_length=200, required=False)

    class Meta(UserEditForm.Meta):
        model = User
        fields = {"email", "name", "is_active", "is_superuser", "groups"}


class AccountNameForm(forms.ModelForm):
    """The name panel of Wagtail's own account page, for our single name field."""

    class Meta:
        model = User
        fields = ["name"]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("decline", _("Decline"))])
    note = forms.CharField(
        label=_("Message to the person"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when declining: say why, kindly and plainly."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "decline" and not cleaned.get("note", "").strip():
            self.add_error("note", gettext("Write a short message to the person saying why"))
        return cleaned
