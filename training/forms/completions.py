"""Forms for completions: staff decline a declaration or revoke a completion, saying why."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DeclarationDecisionForm(forms.Form):
    """Staff confirm a person's declaration, or decline it with a reason."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("confirm", _("Confirm: they finished the course")),
            ("decline", _("Do not confirm it yet")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether to confirm it")},
    )
    reason = forms.CharField(
        label=_("Why not (sent to the person)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you do not confirm it: say what they need to do."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "decline" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Say why, so the person knows what to do next"))
        return cleaned


class RevokeForm(forms.Form):
    """Staff revoke a completion and its certificate."""

    reason = forms.CharField(
        label=_("Why it is revoked (sent to the person)"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the completion is revoked")},
    )
