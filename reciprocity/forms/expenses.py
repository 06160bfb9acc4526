"""The member's expense claim, one question at a time: which activity, what kind of
cost, then only the boxes that fit that kind (miles for driving; an amount and a
receipt for anything else). The rules (caps, receipts) are reciprocity/expense_rules.py;
the service that sends the claim checks everything again."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from home.datetimes import format_date
from home.reveals import RevealsMixin
from reciprocity.expense_rules import MILES_MAX, per_mile, pounds_parse, receipt_needed
from reciprocity.models import ExpenseItem
from reciprocity.receipts import receipt_content_type
from reciprocity.services.expenses import receipt_missing_message

RECEIPT_ACCEPT = "image/jpeg,image/png,image/webp,application/pdf"


class ClaimStartForm(forms.Form):
    involvement = forms.ModelChoiceField(
        label=_("Which activity are you claiming for?"),
        queryset=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the activity you are claiming for"),
            "invalid_choice": _("Choose an activity from the list"),
        },
    )

    def __init__(self, *args, involvements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["involvement"].queryset = involvements
        self.fields["involvement"].empty_label = None
        self.fields["involvement"].label_from_instance = lambda i: (
            f"{i.activity.title} ({format_date(i.started_on, weekday=False)})"
        )


class CostKindForm(RevealsMixin, forms.Form):
    # "What was it?" is asked, kept and checked only beneath "Something else".
    reveals = {"kind": {"other": ["what"]}}

    kind = forms.ChoiceField(
        label=_("What was the cost for?"),
        choices=ExpenseItem.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what the cost was for"),
            "invalid_choice": _("Choose what the cost was for"),
        },
    )
    # Beneath "Something else" only (a conditional reveal; without JavaScript it is
    # simply shown, and only read when "Something else" is chosen).
    what = forms.CharField(
        label=_("What was it?"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Say what it was in 200 characters or fewer")},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == ExpenseItem.Kind.OTHER and not cleaned.get("what", "").strip():
            self.add_error("what", _("Say what the cost was for"))
        return cleaned


class AmountField(forms.CharField):
    """Pounds as people type them: "£3.50", "3.50", "£3", "3.5"."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "decimal", "class": "nhsuk-input--width-10"}),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        amount = pounds_parse(value)
        if amount is None:
            raise ValidationError(_("Enter the amount in pounds and pence, like £3.50"))
        if amount <= 0:
            raise ValidationError(_("Enter an amount more than £0, like £3.50"))
        return amount


class CostDetailsForm(forms.Form):
    """The boxes for one kind of cost. `rates`: the card's ExpenseRates, for the hints
    and the receipt rule; `has_receipt`: a receipt is already kept for this cost."""

    description = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=200,
        help_text=_("For example: bus from Leeds and back"),
        error_messages={"max_length": _("Keep the details to 200 characters or fewer")},
    )
    miles = forms.DecimalField(
        label=_("How many miles did you drive, there and back?"),
        min_value=Decimal("0.1"),
        max_value=MILES_MAX,
        decimal_places=1,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "nhsuk-input--width-5"}),
        error_messages={
            "required": _("Enter the miles you drove, like 12"),
            "invalid": _("Enter the miles as a number, like 12 or 12.5"),
            "min_value": _("Enter the miles you drove, from 1 to 2,000."),
            "max_value": _("Enter the miles you drove, from 1 to 2,000."),
            "max_decimal_places": _("Enter the miles to one decimal place at most, like 12.5"),
        },
    )
    amount = AmountField(
        label=_("How much did it cost?"),
        help_text=_("In pounds and pence, like £3.50"),
        error_messages={"required": _("Enter the amount, like £3.50")},
    )
    receipt = forms.FileField(
        label=_("Receipt"),
        required=False,
        widget=forms.FileInput(attrs={"accept": RECEIPT_ACCEPT}),
    )

    def __init__(self, *args, kind: str, rates, has_receipt: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind, self.rates, self.has_receipt = kind, rates, has_receipt
        if kind == ExpenseItem.Kind.MILEAGE:
            del self.fields["amount"], self.fields["receipt"]
            self.fields["miles"].help_text = _(
                "We pay %(rate)s a mile, so you do not need a receipt."
            ) % {"rate": per_mile(rates.mileage_per_mile)}
            self.fields["description"].help_text = _("For example: from Otley to Leeds and back")
            self.order_fields(["miles", "description"])
            return
        del self.fields["miles"]
        self.order_fields(["amount", "description", "receipt"])
        over = rates.receipt_over.get(kind, Decimal("0.00"))
        if over is None:
            hint = _("A photo or PDF, up to 10 MB. You do not need one for this kind of cost.")
        elif over > 0:
            hint = _("A photo or PDF, up to 10 MB. We need one if the cost is over £%(over)s.") % {
                "over": f"{over:,.2f}"
            }
        else:
            hint = _("A photo or PDF, up to 10 MB. We need one for this kind of cost.")
        if has_receipt:
            hint = _("You have added a receipt. Choose another file only to replace it.")
        self.fields["receipt"].help_text = hint
        # Needed for any amount: not "(optional)", and a blank one is flagged as missing.
        if over is not None and over <= 0 and not has_receipt:
            self.fields["receipt"].required = True
            self.fields["receipt"].error_messages["required"] = receipt_missing_message(kind, rates)

    def clean_receipt(self):
        upload = self.cleaned_data.get("receipt")
        if upload:
            # Checked by what the file is, not what it is called; its type is kept.
            self.receipt_type = receipt_content_type(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.kind == ExpenseItem.Kind.MILEAGE or "receipt" in self.errors:
            return cleaned
        amount = cleaned.get("amount")
        has_one = self.has_receipt or cleaned.get("receipt")
        if amount and not has_one and receipt_needed(self.kind, amount, self.rates):
            self.add_error("receipt", receipt_missing_message(self.kind, self.rates))
        return cleaned
