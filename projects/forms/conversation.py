"""Forms of the conversation pages: a message, a progress update, hiding a post, a
person's own choices for a project, and "what is happening now"."""

from django import forms
from django.utils.translation import gettext_lazy as _

from home.reveals import RevealsMixin
from projects.models import TeamMember

MESSAGE_MAX = 5000


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        help_text=_(
            "Everyone on the team can read it. Involvement staff may hide a message "
            "that breaks the team agreement."
        ),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Write your message"),
            "max_length": _("Your message must be 5,000 characters or fewer"),
        },
    )


class UpdateForm(forms.Form):
    body = forms.CharField(
        label=_("What happened next"),
        help_text=_(
            "Tell the team what has happened since you last wrote, and what difference "
            "their input made. It appears in the thread and on the members' accounts."
        ),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Write what happened next"),
            "max_length": _("Your update must be 5,000 characters or fewer"),
        },
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you hiding this message?"),
        help_text=_("The team sees this reason in place of the message."),
        max_length=300,
        required=False,
        error_messages={"max_length": _("The reason must be 300 characters or fewer")},
    )

    def __init__(self, *args, needs_reason: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_reason = needs_reason

    def clean(self):
        cleaned = super().clean()
        # Only hiding needs a reason; showing the message again does not.
        if self.needs_reason and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Say why you are hiding this message"))
        return cleaned


class NowForm(forms.Form):
    now = forms.CharField(
        label=_("What is happening now"),
        help_text=_("A sentence or two in plain English, for the whole team."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Keep it to 2,000 characters or fewer")},
    )


YES, NO = "yes", "no"


class ChoicesForm(RevealsMixin, forms.Form):
    """The person's own choices for one project; the name to credit them by is asked
    beneath "Yes" only."""

    reveals = {"named": {YES: ["credit_as"]}}

    emails = forms.ChoiceField(
        label=_("Emails about the team's messages and progress updates"),
        choices=TeamMember.Emails.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose which emails you would like")},
    )
    named = forms.ChoiceField(
        label=_("Name me in reports about this project"),
        help_text=_(
            "Reports credit the people who agreed to be named; others are counted, not named."
        ),
        choices=[(YES, _("Yes, name me")), (NO, _("No, count me but do not name me"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether reports may name you")},
    )
    credit_as = forms.CharField(
        label=_("The name to credit you by"),
        help_text=_(
            "For example, your full name, or your first name and the initial of your surname."
        ),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"max_length": _("The name must be 100 characters or fewer")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["credit_as"].required_when = _("needed if you said yes")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("named") == YES and not (cleaned.get("credit_as") or "").strip():
            self.add_error("credit_as", _("Enter the name to credit you by"))
        return cleaned
