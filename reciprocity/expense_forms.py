"""The expense claim form: the activity, then up to four costs, each with its receipt."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reciprocity.expenses import MAX_ITEMS, MILES_MAX
from reciprocity.models import ExpenseItem


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
            f"{i.activity} ({i.started_on:%d %b %Y})"
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
