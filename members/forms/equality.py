"""Equality monitoring forms: the member's questions (one page each, every one optional,
then check your answers; answers wait in a server-side draft, never the session, until
the member saves them), and the staff's benchmark figures, with one validation."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from home.journeys import Step, Steps
from home.reveals import RevealsMixin
from members.forms.ethnicity import (
    ETHNIC_GROUP_CHOICES,
    EthnicGroupForm,
    ethnicity_detail_asked,
)
from members.models import EqualityBenchmark, EqualityResponse
from members.models.equality import (
    BENCHMARKED,
    ETHNIC_GROUPS,
    ETHNICITY_WRITE_IN,
    PREFER_NOT,
)

WRITE_INS = {
    "gender_write_in": ("gender_same_as_sex", {"no"}),
    "sexual_orientation_write_in": ("sexual_orientation", {"other"}),
    "ethnicity_write_in": ("ethnicity", ETHNICITY_WRITE_IN),
    "religion_write_in": ("religion", {"other"}),
}
# How much a condition limits someone is asked only of people who have one.
FOLLOW_UPS = {**WRITE_INS, "day_to_day": ("long_term_condition", {"yes"})}


class OptionalRadiosForm(RevealsMixin, forms.ModelForm):
    """Every question may be skipped: no answer is fine, and says nothing. A follow-up
    question (a write-in, how much a condition limits someone) shows only beneath the
    answer that needs it (home/reveals.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            if isinstance(field.widget, forms.RadioSelect):
                field.choices = [c for c in field.choices if c[0]]
        self.reveals = {}
        for follow_up, (question, needs) in FOLLOW_UPS.items():
            if follow_up in self.fields and question in self.fields:
                for value in sorted(needs):
                    self.reveals.setdefault(question, {})[value] = [follow_up]


def _form(fields: list[str], labels: dict, helps: dict | None = None, write_ins=()):
    meta = type(
        "Meta",
        (),
        {
            "model": EqualityResponse,
            "fields": fields,
            "labels": labels,
            "help_texts": helps or {},
            "widgets": {f: forms.RadioSelect for f in fields if f not in write_ins},
        },
    )
    return type("EqualityStepForm", (OptionalRadiosForm,), {"Meta": meta})


class EthnicityForm(OptionalRadiosForm):
    """The ethnic group's second step (members/forms/ethnicity.py): the detail within
    the group chosen on the page before (the draft's `ethnic_group`); every answer,
    under its group's name, if no group is known."""

    class Meta:
        model = EqualityResponse
        fields = ["ethnicity", "ethnicity_write_in"]
        labels = {
            "ethnicity": _("Which of these best describes your ethnic group or background?"),
            "ethnicity_write_in": _("You can describe your ethnic group or background"),
        }
        widgets = {"ethnicity": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        group = ETHNIC_GROUP_CHOICES.get((self.initial or {}).get("ethnic_group") or "")
        field = self.fields["ethnicity"]
        if group is None:
            field.choices = [
                (value, f"{label}: {answer}")
                for label, choices in ETHNIC_GROUPS
                for value, answer in choices
            ] + [PREFER_NOT]
            # Five "any other" answers on one page: the write-in follows them all, once
            # (ethnicity_settle still drops it with any other answer).
            self.reveals = {k: v for k, v in self.reveals.items() if k != "ethnicity"}
        else:
            label, choices = group
            field.choices = [*choices, PREFER_NOT]
            field.label = _(
                "Which of these best describes your %(group)s ethnic group or background?"
            ) % {"group": label}


class ConsentForm(forms.ModelForm):
    class Meta:
        model = EqualityResponse
        fields = ["prioritisation_consent"]
        labels = {
            "prioritisation_consent": _(
                "Use my answers to let staff prioritise me for opportunities that seek "
                "under-represented voices"
            )
        }
        help_texts = {
            "prioritisation_consent": _(
                "Optional. Without this, your answers are only ever counted with everyone "
                "else's, never used about you. You can change your mind at any time."
            )
        }


STEPS = Steps(
    [
        Step("age", _("Your age"), _form(["age_band"], {"age_band": _("How old are you?")})),
        Step("sex", _("Your sex"), _form(["sex"], {"sex": _("What is your sex?")})),
        Step(
            "gender",
            _("Gender identity"),
            _form(
                ["gender_same_as_sex", "gender_write_in"],
                {
                    "gender_same_as_sex": _(
                        "Is the gender you identify with the same as your sex registered at birth?"
                    ),
                    "gender_write_in": _("If not, you can tell us your gender identity"),
                },
                write_ins={"gender_write_in"},
            ),
        ),
        Step(
            "orientation",
            _("Sexual orientation"),
            _form(
                ["sexual_orientation", "sexual_orientation_write_in"],
                {
                    "sexual_orientation": _(
                        "Which of these best describes your sexual orientation?"
                    ),
                    "sexual_orientation_write_in": _("If another, you can describe it"),
                },
                write_ins={"sexual_orientation_write_in"},
            ),
        ),
        Step("ethnic-group", _("Ethnic group"), EthnicGroupForm),
        Step(
            "ethnicity",
            _("Ethnic background"),
            EthnicityForm,
            asked=ethnicity_detail_asked,
        ),
        Step(
            "religion",
            _("Religion"),
            _form(
                ["religion", "religion_write_in"],
                {
                    "religion": _("What is your religion?"),
                    "religion_write_in": _("If another, you can tell us which"),
                },
                write_ins={"religion_write_in"},
            ),
        ),
        Step(
            "disability",
            _("Health and disability"),
            _form(
                ["long_term_condition", "day_to_day"],
                {
                    "long_term_condition": _(
                        "Do you have any physical or mental health conditions or illnesses "
                        "lasting or expected to last 12 months or more?"
                    ),
                    "day_to_day": _(
                        "Do any of your conditions or illnesses reduce your ability to carry out "
                        "day-to-day activities?"
                    ),
                },
            ),
        ),
        Step(
            "carer",
            _("Caring"),
            _form(
                ["carer"],
                {
                    "carer": _(
                        "Do you look after, or give any help or support to, anyone because they "
                        "have long-term physical or mental health conditions or illnesses, or "
                        "problems related to old age?"
                    )
                },
                {"carer": _("Not counting anything you do as part of your paid work.")},
            ),
        ),
        Step("consent", _("Using your answers"), ConsentForm),
    ]
)


# --- Benchmark figures: one validation, for the snippet editor and the figures page ---


class PercentField(forms.DecimalField):
    """A benchmark figure: the share of an area's population giving an answer, from 0 to
    100, to one decimal place."""

    # The snippet editor said the first sentence, the figures page the second (Django's
    # own words); both pages now give both.
    default_error_messages = {
        "min_value": _(
            "Enter a percentage from 0 to 100. "
            "Ensure this value is greater than or equal to %(limit_value)s."
        ),
        "max_value": _(
            "Enter a percentage from 0 to 100. "
            "Ensure this value is less than or equal to %(limit_value)s."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 4)
        kwargs.setdefault("decimal_places", 1)
        super().__init__(min_value=0, max_value=100, **kwargs)


class BenchmarkFiguresValidation:
    """How benchmark figures are checked, wherever they are entered: each is a
    percentage (PercentField), and one area's figures for one question add up to no more
    than 100% (each is rounded to 0.1, so a set may honestly come to a little over)."""

    def percent_fields(self):
        return [
            self[name] for name, field in self.fields.items() if isinstance(field, PercentField)
        ]

    def clean(self):
        cleaned = super().clean()
        given = [
            cleaned[name]
            for name, field in self.fields.items()
            if isinstance(field, PercentField) and cleaned.get(name)
        ]
        if sum(given) > 100 + Decimal("0.05") * len(given):
            raise forms.ValidationError(
                _("These figures add up to more than 100%: check each one."), code="over"
            )
        return cleaned


class BenchmarkFiguresForm(BenchmarkFiguresValidation, forms.Form):
    """All of one area's figures for one question on one page: a percentage per answer,
    blank for none."""

    area = forms.CharField(label=_("Area"), max_length=120)
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        help_text=_("Where the figures come from, and what population they are of."),
    )

    def __init__(self, *args, characteristic: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.characteristic = characteristic
        for value, answer in BENCHMARKED[characteristic][1]:
            self.fields[f"percent_{value}"] = PercentField(label=answer, required=False)


ANSWER_CHOICES = [
    (label, [(f"{key}:{value}", answer) for value, answer in choices])
    for key, (label, choices) in BENCHMARKED.items()
]


class EqualityBenchmarkForm(BenchmarkFiguresValidation, WagtailAdminModelForm):
    """One figure, in the snippet editor. Staff choose the answer from a list (grouped by
    question) rather than typing the stored codes; it is split into characteristic and
    category on save."""

    answer = forms.ChoiceField(label=_("Answer"), choices=[("", "---------"), *ANSWER_CHOICES])

    class Meta:
        model = EqualityBenchmark
        fields = ["area", "source", "answer", "percent"]
        field_classes = {"percent": PercentField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["answer"] = f"{self.instance.characteristic}:{self.instance.category}"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") and cleaned.get("area"):
            characteristic, category = cleaned["answer"].split(":", 1)
            # Checked here: the unique constraint names fields this form does not have.
            taken = EqualityBenchmark.objects.filter(
                area=cleaned["area"], characteristic=characteristic, category=category
            ).exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error(
                    "answer", _("This area already has a figure for this answer: change that one.")
                )
            self.instance.characteristic, self.instance.category = characteristic, category
        return cleaned
