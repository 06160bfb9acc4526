"""The equality monitoring questions: one page each, every one optional, then check
your answers. Answers wait in a server-side draft (never the session) until the member
saves them."""

import secrets
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import (
    EqualityBenchmark,
    EqualityDashboardView,
    EqualityResponse,
    JourneyDraft,
    User,
)
from members.models.equality import (
    CHARACTERISTICS,
    ETHNIC_GROUPS,
    ETHNICITY_WRITE_IN,
    PREFER_NOT,
    answer_category,
    answer_filter,
)

# The journey's name for its unsent answers (members.services.drafts).
DRAFT_JOURNEY = "equality"
# Whoever sees anything computed from equality answers needs this, and is logged.
VIEW_PERMISSION = "members.view_equality_dashboard"

WRITE_INS = {
    "gender_write_in": ("gender_same_as_sex", {"no"}),
    "sexual_orientation_write_in": ("sexual_orientation", {"other"}),
    "ethnicity_write_in": ("ethnicity", ETHNICITY_WRITE_IN),
    "religion_write_in": ("religion", {"other"}),
}


class OptionalRadiosForm(forms.ModelForm):
    """Every question may be skipped: no answer is fine, and says nothing."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            if isinstance(field.widget, forms.RadioSelect):
                field.choices = [c for c in field.choices if c[0]]

    def clean(self):
        cleaned = super().clean()
        for write_in, (question, needs) in WRITE_INS.items():
            if write_in in self.fields and cleaned.get(question) not in needs:
                cleaned[write_in] = ""
        if cleaned.get("long_term_condition") == "no":
            cleaned["day_to_day"] = ""  # only asked of people with a condition
        return cleaned


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


ETHNICITY_LABELS = [
    (value, f"{group}: {label}") for group, choices in ETHNIC_GROUPS for value, label in choices
] + [PREFER_NOT]


class EthnicityForm(OptionalRadiosForm):
    class Meta:
        model = EqualityResponse
        fields = ["ethnicity", "ethnicity_write_in"]
        labels = {
            "ethnicity": _("What is your ethnic group?"),
            "ethnicity_write_in": _("If you chose an 'any other' answer, you can describe it"),
        }
        widgets = {"ethnicity": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ethnicity"].choices = ETHNICITY_LABELS


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


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form_class: type


STEPS = [
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
                "sexual_orientation": _("Which of these best describes your sexual orientation?"),
                "sexual_orientation_write_in": _("If another, you can describe it"),
            },
            write_ins={"sexual_orientation_write_in"},
        ),
    ),
    Step("ethnicity", _("Ethnic group"), EthnicityForm),
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
            {"day_to_day": _("Only if you answered yes: skip this if you did not.")},
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
STEP_SLUGS = [step.slug for step in STEPS]
ANSWER_FIELDS = [name for step in STEPS for name in step.form_class.Meta.fields]


@transaction.atomic
def equality_response_save(*, member: User, answers: dict) -> EqualityResponse:
    """Save the member's answers (replacing earlier ones). The consent's date is kept
    while it stays given, and cleared when withdrawn."""
    response, _created = EqualityResponse.objects.select_for_update().get_or_create(member=member)
    consent_before = response.prioritisation_consent
    before = {name: getattr(response, name) for name in ANSWER_FIELDS}
    for name in ANSWER_FIELDS:
        setattr(
            response, name, answers.get(name) or ("" if name != "prioritisation_consent" else False)
        )
    if response.long_term_condition == "no":
        response.day_to_day = ""  # only asked of people with a condition
    if response.prioritisation_consent and not consent_before:
        response.prioritisation_consent_at = timezone.now()
    if not response.prioritisation_consent:
        response.prioritisation_consent_at = None
    response.updated_at = timezone.now()
    _version_changed_answers(response, before)
    response.save()
    return response


def _version_changed_answers(response: EqualityResponse, before: dict) -> None:
    """A new random token for each characteristic whose category changed (published
    figures' audit must not take the new answer for the old one: members/disclosure.py).
    Every question has a token, answered or not: stored publications keep the tokens,
    and a token only for the answered questions would show which ones the person
    answered."""
    after = {name: getattr(response, name) for name in ANSWER_FIELDS}
    versions = dict(response.answer_versions or {})
    for characteristic in CHARACTERISTICS:
        changed = answer_category(before, characteristic) != answer_category(after, characteristic)
        if changed or characteristic not in versions:
            versions[characteristic] = secrets.token_hex(4)
    response.answer_versions = versions


@transaction.atomic
def equality_response_delete(*, member: User) -> bool:
    """Delete every answer at once, with the unsent drafts of every sign-in: a draft
    made to change the answers holds a copy of all of them, and saving it on another
    device would bring them back. True if there were saved answers."""
    JourneyDraft.objects.filter(user=member, journey=DRAFT_JOURNEY).delete()
    deleted, _by_model = EqualityResponse.objects.filter(member=member).delete()
    return bool(deleted)


@transaction.atomic
def equality_benchmark_figures_save(
    *, area: str, source: str, characteristic: str, percents: dict[str, Decimal | None]
) -> None:
    """One area's figures for one question, all at once: a percentage per answer, and an
    answer given none loses any figure it had."""
    figures = EqualityBenchmark.objects.filter(area=area, characteristic=characteristic)
    blank = [
        value
        for value, _answer in CHARACTERISTICS[characteristic][1]
        if percents.get(value) is None
    ]
    figures.filter(category__in=blank).delete()
    for category, percent in percents.items():
        if percent is not None:
            figures.update_or_create(
                area=area,
                characteristic=characteristic,
                category=category,
                defaults={"percent": percent, "source": source},
            )


def equality_view_log(*, by: User, what: str) -> None:
    """Record that someone saw figures or marks computed from equality answers: who,
    when and which view (shown to admins beside the dashboard's own reads)."""
    EqualityDashboardView.objects.create(by=by, what=what[:200])


def seeks_voices_matches(*, member_ids, seeks: str, by: User, what: str) -> set[int]:
    """Which of these people agreed to be prioritised for an opportunity seeking
    `seeks` ("characteristic:answer") and gave that answer. It says something about
    individuals, so only staff with the equality permission may ask, and every asking
    is logged; nobody else's answers are read at all."""
    if not by.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    if not seeks:
        return set()
    characteristic, answer = seeks.split(":", 1)
    equality_view_log(by=by, what=what)
    return set(
        EqualityResponse.objects.filter(
            answer_filter(characteristic, answer),
            member_id__in=list(member_ids),
            prioritisation_consent=True,
        ).values_list("member_id", flat=True)
    )
