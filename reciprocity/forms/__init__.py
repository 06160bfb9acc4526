"""Forms for reciprocity, member-facing and staff, by area: payments (the staff
screens), expenses (the member's claim, the staff decision), skills (staff add one).
They only collect and check what people typed; the services in reciprocity/services/
decide what may happen."""

from django import forms
from django.utils.translation import gettext_lazy as _

from involvement.models import Activity
from members.models import Skill
from reciprocity.selectors import activities_with_involvement

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_HINT = _("For example, 31/3/2027")


def date_field(label, required, invalid):
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        help_text=DATE_HINT,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"autocomplete": "off"}),
        error_messages={"required": required, "invalid": invalid},
    )


# --- Payments -------------------------------------------------------------------------


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.waiting:
            return _("%(title)s (%(count)s took part without a payment yet)") % {
                "title": obj.title,
                "count": obj.waiting,
            }
        return _("%(title)s (all payments made)") % {"title": obj.title}


class GenerateForm(forms.Form):
    activity = ActivityChoiceField(
        label=_("Activity"),
        queryset=Activity.objects.none(),
        empty_label=_("Choose an activity"),
        error_messages={
            "required": _("Choose the activity to make payments for"),
            "invalid_choice": _("Choose an activity from the list"),
        },
    )
    cost_code = forms.CharField(
        label=_("Cost code (optional)"),
        required=False,
        max_length=40,
        help_text=_("The budget these payments come from, if finance asks for one."),
        error_messages={"max_length": _("Enter a cost code of 40 characters or fewer")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities_with_involvement()


class ReleaseHoldForm(forms.Form):
    note = forms.CharField(
        label=_("What you agreed with the member"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: phoned on 3 March; she is happy to be paid, it will not "
            "affect her benefits."
        ),
        error_messages={
            "required": _("Say what you agreed with the member"),
            "max_length": _("Keep the note to 300 characters or fewer"),
        },
    )


class MarkPaidForm(forms.Form):
    paid_on = date_field(
        _("Date paid"),
        required=_("Enter the date paid"),
        invalid=_("Enter the date paid as day/month/year, for example 31/3/2027"),
    )
    reference = forms.CharField(
        label=_("Payment reference"),
        max_length=60,
        help_text=_("The reference from finance, for example a BACS run number."),
        error_messages={
            "required": _("Enter the payment reference from finance"),
            "max_length": _("Enter a reference of 60 characters or fewer"),
        },
    )


class CancelForm(forms.Form):
    note = forms.CharField(
        label=_("Why it is cancelled"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Say why the payment is cancelled"),
            "max_length": _("Keep the reason to 300 characters or fewer"),
        },
    )


class ExportForm(forms.Form):
    period_start = date_field(
        _("Start of the period"),
        required=_("Enter the start of the period"),
        invalid=_("Enter the start of the period as day/month/year, for example 1/4/2027"),
    )
    period_end = date_field(
        _("End of the period"),
        required=_("Enter the end of the period"),
        invalid=_("Enter the end of the period as day/month/year, for example 30/4/2027"),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the period must be on or after its start"))
        return cleaned


# --- Expenses -------------------------------------------------------------------------
# The member's claim journey is in reciprocity/forms/expenses.py.


class ClaimDecisionForm(forms.Form):
    """Staff approve, query or turn down a claim (the claim's admin screen)."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("approved", _("Approve")),
            ("queried", _("Ask the member a question")),
            ("rejected", _("Turn down")),
        ],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Message to the member"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed for a question or when turning it down."),
    )
    # The claim's latest event when the screen was shown (a hidden input): the member
    # may change the claim until staff act, and a decision must be on what staff saw.
    seen = forms.IntegerField(required=False, widget=forms.HiddenInput)


# --- Skills ---------------------------------------------------------------------------


class SkillGainedForm(forms.Form):
    """Staff add a skill a member gained (the member record's form)."""

    skill = forms.ModelChoiceField(
        label=_("Skill"),
        queryset=Skill.objects.all(),
        empty_label=_("Choose a skill"),
        error_messages={"required": _("Choose the skill")},
    )
    gained_on = date_field(
        _("When"),
        required=_("Enter when, for example 31/3/2027"),
        invalid=_("Enter the date as day/month/year, for example 31/3/2027"),
    )
    activity = forms.CharField(
        label=_("How (optional)"),
        max_length=200,
        required=False,
        help_text=_("For example: chaired the group's March meeting"),
    )
