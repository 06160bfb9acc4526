"""allauth's forms in our words (ACCOUNT_FORMS): each field says what it wants and,
when it is left empty or typed wrong, how to fix it ("Enter your email address"),
where allauth's own say "This field is required." whatever the field.

The fields and their checks stay allauth's; only labels, hints and messages change.
Messages allauth raises from its own checks (a wrong password, passwords that differ)
are reworded in our catalogue, locale/en_GB/LC_MESSAGES/django.po.
Placeholders go: they vanish as people type and are no substitute for a label.
"""

from allauth.account import forms as allauth_forms
from django.core.validators import EmailValidator
from django.utils.translation import gettext_lazy as _

EMAIL_FORMAT = _("Enter an email address in the correct format, like name@example.com")
PASSWORD_HINT = _(
    "Use at least 10 characters. A few words you will remember, strung together, "
    "make a good password. Avoid common passwords and ones made only of numbers."
)

EMAIL = {
    "label": _("Email address"),
    "required": _("Enter your email address"),
    "invalid": EMAIL_FORMAT,
}
FIRST_PASSWORD = {
    "password1": {
        "label": _("Create a password"),
        "required": _("Enter a password"),
        "hint": PASSWORD_HINT,
    },
    "password2": {"label": _("Type the password again"), "required": _("Enter the password again")},
}
NEW_PASSWORD = {
    "password1": {
        "label": _("New password"),
        "required": _("Enter a new password"),
        "hint": PASSWORD_HINT,
    },
    "password2": {
        "label": _("Type the new password again"),
        "required": _("Enter the new password again"),
    },
}


class _Worded:
    """Puts `words` (field name → label, required, invalid, hint) on allauth's fields."""

    words: dict[str, dict] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, words in self.words.items():
            field = self.fields.get(name)
            if field is not None:
                _word(field, **words)


def _word(field, *, label, required=None, invalid=None, hint="") -> None:
    field.label = label
    field.help_text = hint
    field.widget.attrs.pop("placeholder", None)
    if required is not None:
        field.error_messages = {**field.error_messages, "required": required}
    if invalid is not None:
        field.error_messages["invalid"] = invalid
        # An email field checks with Django's shared validator, whose message is its
        # own: this field gets a validator of its own with ours.
        field.validators = [
            EmailValidator(message=invalid) if isinstance(v, EmailValidator) else v
            for v in field.validators
        ]


class EntranceSignupForm(_Worded, allauth_forms.SignupForm):
    words = {
        "email": {**EMAIL, "hint": _("We will send you a code to check it is yours.")},
        **FIRST_PASSWORD,
    }


class EntranceLoginForm(_Worded, allauth_forms.LoginForm):
    words = {
        "login": EMAIL,
        "password": {"label": _("Password"), "required": _("Enter your password")},
        "remember": {"label": _("Keep me signed in on this device")},
    }


class EntranceResetPasswordForm(_Worded, allauth_forms.ResetPasswordForm):
    words = {"email": {**EMAIL, "hint": _("The address you use to sign in.")}}


class EntranceResetPasswordKeyForm(_Worded, allauth_forms.ResetPasswordKeyForm):
    words = NEW_PASSWORD


class EntranceChangePasswordForm(_Worded, allauth_forms.ChangePasswordForm):
    words = {
        "oldpassword": {
            "label": _("Current password"),
            "required": _("Enter your current password"),
        },
        **NEW_PASSWORD,
    }


class EntranceSetPasswordForm(_Worded, allauth_forms.SetPasswordForm):
    words = FIRST_PASSWORD


class EntranceAddEmailForm(_Worded, allauth_forms.AddEmailForm):
    words = {
        "email": {
            **EMAIL,
            "label": _("New email address"),
            "required": _("Enter the email address you want to add"),
            "hint": _("We will send a code to it to check it is yours."),
        }
    }


class EntranceVerifyEmailCodeForm(_Worded, allauth_forms.ConfirmEmailVerificationCodeForm):
    words = {
        "code": {
            "label": _("Code"),
            "required": _("Enter the code from the email"),
            "hint": _("It has 8 letters, like KMTR-WXZB."),
        }
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update({"spellcheck": "false", "autocapitalize": "off"})


class EntranceReauthenticateForm(_Worded, allauth_forms.ReauthenticateForm):
    words = {"password": {"label": _("Your password"), "required": _("Enter your password")}}
