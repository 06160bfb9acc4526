"""allauth's forms in our words (ACCOUNT_FORMS): each field says what it wants and,
when it is left empty or typed wrong, how to fix it ("Enter your email address"),
where allauth's own say "This field is required." whatever the field.

The fields and their checks stay allauth's; only labels, hints and messages change.
Messages allauth raises from its own checks (a wrong password, passwords that differ)
are reworded in our catalogue, locale/en_GB/LC_MESSAGES/django.po.
Placeholders go: they vanish as people type and are no substitute for a label.
"""

from allauth.account import forms as allauth_forms
from django.utils.translation import gettext_lazy as _

EMAIL_FORMAT = _("Enter an email address in the correct format, like name@example.com")
PASSWORD_HINT = _(
    "Use at least 10 characters. A few words you will remember, strung together, "
    "make a good password. Avoid common passwords and ones made only of numbers."
)


def _word(form, name: str, label, *, required=None, invalid=None, hint=None) -> None:
    """Our label, messages and hint on one of allauth's fields, if the form has it."""
    field = form.fields.get(name)
    if field is None:
        return
    field.label = label
    if required is not None:
        field.error_messages = {**field.error_messages, "required": required}
    if invalid is not None:
        field.error_messages["invalid"] = invalid
        # EmailField checks with a validator, whose message is its own.
        for validator in field.validators:
            if getattr(validator, "code", None) == "invalid":
                validator.message = invalid
    field.help_text = hint if hint is not None else ""
    field.widget.attrs.pop("placeholder", None)


class EntranceSignupForm(allauth_forms.SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _word(
            self,
            "email",
            _("Email address"),
            required=_("Enter your email address"),
            invalid=EMAIL_FORMAT,
            hint=_("We will send you a code to check it is yours."),
        )
        _word(
            self,
            "password1",
            _("Create a password"),
            required=_("Enter a password"),
            hint=PASSWORD_HINT,
        )
        _word(
            self,
            "password2",
            _("Type the password again"),
            required=_("Enter the password again"),
        )


class EntranceLoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _word(
            self,
            "login",
            _("Email address"),
            required=_("Enter your email address"),
            invalid=EMAIL_FORMAT,
        )
        _word(self, "password", _("Password"), required=_("Enter your password"))
        _word(self, "remember", _("Keep me signed in on this device"))


class EntranceResetPasswordForm(allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _word(
            self,
            "email",
            _("Email address"),
            required=_("Enter your email address"),
            invalid=EMAIL_FORMAT,
            hint=_("The address you use to sign in."),
        )


class EntranceResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _word(
            self,
            "password1",
            _("New password"),
            required=_("Enter a new password"),
            hint=PASSWORD_HINT,
        )
        _word(
            self,
            "password2",
            _("Type the new password again"),
            required=_("Enter the new password again"),
        )


class EntranceChangePasswordForm(allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _word(
            self,
            "oldpassword",
            _("Current password"),
            required=_("Enter your current password"),
        )
        _word(
            self,
            "password1",
            _("New password"),
            required=_("Enter a new password"),
            hint=PASSWORD_HINT,
        )
        _word(
            self,
            "password2",
            _("Type the new password again"),
            required=_("Enter the new password again"),
        )


class EntranceSetPasswordForm(allauth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _word(
            self,
            "password1",
            _("Create a password"),
            required=_("Enter a password"),
            hint=PASSWORD_HINT,
        )
        _word(
            self,
            "password2",
            _("Type the password again"),
            required=_("Enter the password again"),
        )


class EntranceAddEmailForm(allauth_forms.AddEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _word(
            self,
            "email",
            _("New email address"),
            required=_("Enter the email address you want to add"),
            invalid=EMAIL_FORMAT,
            hint=_("We will send a code to it to check it is yours."),
        )


class EntranceVerifyEmailCodeForm(allauth_forms.ConfirmEmailVerificationCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _word(
            self,
            "code",
            _("Code"),
            required=_("Enter the code from the email"),
            hint=_("It has 8 letters, like KMTR-WXZB."),
        )
        self.fields["code"].widget.attrs.update({"spellcheck": "false", "autocapitalize": "off"})


class EntranceReauthenticateForm(allauth_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _word(self, "password", _("Your password"), required=_("Enter your password"))
