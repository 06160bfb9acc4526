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

    def __init__(self, *args, reasons_needed: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Another app marks this person as needing a reason to select them
        # (involvement.hooks.applicant_badges), e.g. training's "Induction not done".
        if reasons_needed:
            labels = "”, “".join(str(label) for label in reasons_needed)
            self.fields["reason"] = forms.CharField(
                label=_("Why are you selecting them?"),
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_(
                    "They are marked “%(labels)s”. You can still select them: say why. "
                    "Your reason is kept with the application for staff. It is not emailed "
                    "to them, but it is in their data if they ask for it."
                )
                % {"labels": labels},
                error_messages={
                    "required": _(
                        "Say why you are selecting them, as they are marked “%(labels)s”."
                    )
                    % {"labels": labels}
                },
            )
