"""Forms for reciprocity, member-facing and staff, by area: payments (the staff
screens), expenses (the member's claim, the staff decision), skills (staff add one).
They only collect and check what people typed; the services in reciprocity/services/
decide what may happen."""

from django import forms
from django.utils.translation import gettext_lazy as _

from home.datetimes import format_date
from involvement.models import Activity
from members.models import Skill
from reciprocity.models import ExpenseItem
from reciprocity.selectors import activities_with_involvement
from reciprocity.services.expenses import MAX_ITEMS, MILES_MAX

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
# The member's claim form: the activity, then up to four costs, each with its receipt.


class ClaimForm(forms.Form):
    involvement = forms.ModelChoiceField(
        label=_("Which activity are you claiming for?"),
        queryset=None,
        empty_label=_("Choose an activity"),
        error_messages={"required": _("Choose the activity you are claiming for")},
    )

    def __init__(self, *args, involvements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["involvement"].queryset = involvements
        self.fields["involvement"].label_from_instance = lambda i: (
            f"{i.activity.title} ({format_date(i.started_on, weekday=False)})"
        )


class ItemForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What was the cost?"),
        choices=[("", _("Choose a kind of cost")), *ExpenseItem.Kind.choices],
        required=False,
    )
    description = forms.CharField(
        label=_("Details"),
        max_length=200,
        required=False,
        help_text=_("For example: bus from Leeds and back"),
    )
    miles = forms.DecimalField(
        label=_("Miles driven, there and back"),
        required=False,
        min_value=0,
        max_value=MILES_MAX,
        decimal_places=1,
        help_text=_("For travel by car only: we work out the amount."),
    )
    amount = forms.DecimalField(
        label=_("Amount in pounds"),
        required=False,
        min_value=0,
        # The real limit is the rate card's (the service checks it); this one only
        # keeps out numbers no claim could be.
        max_value=10000,
        decimal_places=2,
        help_text=_("For example, 4.50. Not needed for travel by car."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    receipt = forms.FileField(
        label=_("Receipt (a photo or PDF)"),
        required=False,
        help_text=_("Up to 10 MB. Not needed for mileage."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}
        ),
    )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        filled = any(cleaned.get(name) for name in ("description", "miles", "amount", "receipt"))
        if not kind:
            if filled:
                self.add_error("kind", _("Choose what the cost was"))
            return cleaned
        if kind == ExpenseItem.Kind.MILEAGE:
            if not cleaned.get("miles"):
                self.add_error("miles", _("Enter the miles you drove"))
        elif not cleaned.get("amount"):
            self.add_error("amount", _("Enter the amount, for example 4.50"))
        return cleaned


class BaseItemFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_many_forms": _(
            "You can claim up to %(num)d costs at a time. Send another claim for the rest."
        ),
    }


# validate_max and absolute_max: a posted form-TOTAL_FORMS above four is refused, not
# read (Django's own ceiling would be 1,000 more).
ItemFormSet = forms.formset_factory(
    ItemForm,
    formset=BaseItemFormSet,
    extra=MAX_ITEMS,
    max_num=MAX_ITEMS,
    absolute_max=MAX_ITEMS,
    validate_max=True,
)


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
