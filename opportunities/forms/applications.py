"""A member's application for an opportunity (kept as a draft until sent)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from opportunities.models import Application


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = [
            "statement",
            "experience",
            "access_needs",
            "availability",
            "share_name",
            "share_access_needs",
        ]
        labels = {
            "statement": _("Why are you interested?"),
            "experience": _("What experience would you bring?"),
            "access_needs": _("What would help you take part in this role?"),
            "availability": _("When are you available?"),
            "share_name": _("Share my name with the researcher if I am selected"),
            "share_access_needs": _(
                "Share my access needs with the researcher for this role if I am selected"
            ),
        }
        help_texts = {
            "statement": _("A few sentences is enough. There are no right answers."),
            "experience": _("Lived experience counts: yours, or as a carer."),
            "access_needs": _("For example: papers in large print, a step-free room, breaks."),
            "share_name": _("Researchers see nothing else about you unless you agree below."),
            "share_access_needs": _(
                "What you wrote here and in your profile about what helps you take part "
                "(such as large print or a step-free room). The involvement team always "
                "sees it, to make arrangements; the researcher sees it only if you agree."
            ),
        }
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
            "experience": forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
            "access_needs": forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
            "availability": forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
        }
        error_messages = {
            "statement": {"required": _("Tell us why you are interested")},
        }
