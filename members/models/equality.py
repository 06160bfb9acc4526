"""Equality monitoring answers: special category data, kept apart from the profile.

Collected to monitor equality of opportunity and reported only in aggregate, with small
numbers suppressed. Never shown in the member directory, its export, the shortlist or
anything a researcher sees. Used about an individual only with the separate consent
below. Categories follow the ONS Census 2021 questions for England and Wales.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PREFER_NOT = ("prefer_not", _("Prefer not to say"))


class AgeBand(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    A18_24 = "18_24", _("18 to 24")
    A25_34 = "25_34", _("25 to 34")
    A35_44 = "35_44", _("35 to 44")
    A45_54 = "45_54", _("45 to 54")
    A55_64 = "55_64", _("55 to 64")
    A65_74 = "65_74", _("65 to 74")
    A75_PLUS = "75_plus", _("75 and over")
    PREFER_NOT = PREFER_NOT


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    PREFER_NOT = PREFER_NOT


class GenderSameAsSex(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    PREFER_NOT = PREFER_NOT


class SexualOrientation(models.TextChoices):
    STRAIGHT = "straight", _("Straight or heterosexual")
    GAY_LESBIAN = "gay_lesbian", _("Gay or lesbian")
    BISEXUAL = "bisexual", _("Bisexual")
    OTHER = "other", _("Another sexual orientation")
    PREFER_NOT = PREFER_NOT


# The 19 ONS 2021 ethnic groups, in their 5 broad groups ("other" ones take a write-in).
ETHNIC_GROUPS = [
    (
        _("Asian, Asian British or Asian Welsh"),
        [
            ("bangladeshi", _("Bangladeshi")),
            ("chinese", _("Chinese")),
            ("indian", _("Indian")),
            ("pakistani", _("Pakistani")),
            ("other_asian", _("Any other Asian background")),
        ],
    ),
    (
        _("Black, Black British, Black Welsh, Caribbean or African"),
        [
            ("african", _("African")),
            ("caribbean", _("Caribbean")),
            ("other_black", _("Any other Black, Black British or Caribbean background")),
        ],
    ),
    (
        _("Mixed or Multiple ethnic groups"),
        [
            ("white_asian", _("White and Asian")),
            ("white_black_african", _("White and Black African")),
            ("white_black_caribbean", _("White and Black Caribbean")),
            ("other_mixed", _("Any other Mixed or Multiple ethnic background")),
        ],
    ),
    (
        _("White"),
        [
            ("white_british", _("English, Welsh, Scottish, Northern Irish or British")),
            ("irish", _("Irish")),
            ("gypsy_traveller", _("Gypsy or Irish Traveller")),
            ("roma", _("Roma")),
            ("other_white", _("Any other White background")),
        ],
    ),
    (
        _("Other ethnic group"),
        [("arab", _("Arab")), ("other_ethnic", _("Any other ethnic group"))],
    ),
]
ETHNICITY_CHOICES = [choice for _group, choices in ETHNIC_GROUPS for choice in choices] + [
    PREFER_NOT
]
ETHNICITY_WRITE_IN = {"other_asian", "other_black", "other_mixed", "other_white", "other_ethnic"}


class Religion(models.TextChoices):
    NONE = "none", _("No religion")
    CHRISTIAN = "christian", _("Christian (including all denominations)")
    BUDDHIST = "buddhist", _("Buddhist")
    HINDU = "hindu", _("Hindu")
    JEWISH = "jewish", _("Jewish")
    MUSLIM = "muslim", _("Muslim")
    SIKH = "sikh", _("Sikh")
    OTHER = "other", _("Any other religion")
    PREFER_NOT = PREFER_NOT


class LongTermCondition(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    PREFER_NOT = PREFER_NOT


class DayToDay(models.TextChoices):
    A_LOT = "a_lot", _("Yes, a lot")
    A_LITTLE = "a_little", _("Yes, a little")
    NOT_AT_ALL = "not_at_all", _("Not at all")
    PREFER_NOT = PREFER_NOT


class Disability(models.TextChoices):
    """Not a question: worked out from the two health questions, as the Census does
    (TS038), so that people without a long-term condition are counted too."""

    A_LOT = "a_lot", _("Disabled: day-to-day activities limited a lot")
    A_LITTLE = "a_little", _("Disabled: day-to-day activities limited a little")
    NOT_LIMITED = "not_limited", _("Not disabled: long-term condition, activities not limited")
    NO_CONDITION = "no_condition", _("Not disabled: no long-term condition")
    PREFER_NOT = PREFER_NOT


_CONDITION_OR_SKIPPED = Q(long_term_condition__in=["yes", ""])
# One filter per category, none overlapping; anyone in none of them is "not answered".
# A "No" to the first question settles it, and so does "Prefer not to say". Otherwise
# "a lot" or "a little" means disabled even if the first question was skipped (only
# someone with a condition can be limited by it), but "not at all" counts only after a
# "Yes": after a skipped first question it cannot tell the two "Not disabled" answers
# apart.
DISABILITY_FILTERS = {
    "no_condition": Q(long_term_condition="no"),
    "a_lot": _CONDITION_OR_SKIPPED & Q(day_to_day="a_lot"),
    "a_little": _CONDITION_OR_SKIPPED & Q(day_to_day="a_little"),
    "not_limited": Q(long_term_condition="yes", day_to_day="not_at_all"),
    "prefer_not": Q(long_term_condition="prefer_not")
    | (_CONDITION_OR_SKIPPED & Q(day_to_day="prefer_not")),
}


class Carer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    PREFER_NOT = PREFER_NOT


class EqualityResponse(models.Model):
    """One member's answers. Every question may be left out ("" = not answered)."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="equality_response"
    )
    age_band = models.CharField(max_length=12, choices=AgeBand.choices, blank=True)
    sex = models.CharField(max_length=12, choices=Sex.choices, blank=True)
    gender_same_as_sex = models.CharField(
        max_length=12, choices=GenderSameAsSex.choices, blank=True
    )
    gender_write_in = models.CharField(max_length=100, blank=True)
    sexual_orientation = models.CharField(
        max_length=12, choices=SexualOrientation.choices, blank=True
    )
    sexual_orientation_write_in = models.CharField(max_length=100, blank=True)
    ethnicity = models.CharField(max_length=24, choices=ETHNICITY_CHOICES, blank=True)
    ethnicity_write_in = models.CharField(max_length=100, blank=True)
    religion = models.CharField(max_length=12, choices=Religion.choices, blank=True)
    religion_write_in = models.CharField(max_length=100, blank=True)
    long_term_condition = models.CharField(
        max_length=12, choices=LongTermCondition.choices, blank=True
    )
    day_to_day = models.CharField(max_length=12, choices=DayToDay.choices, blank=True)
    carer = models.CharField(max_length=12, choices=Carer.choices, blank=True)
    # Separate and explicit: without it the answers are only ever counted, never used
    # about this person.
    prioritisation_consent = models.BooleanField(default=False)
    prioritisation_consent_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    # Per characteristic, a random token that changes whenever the answer's category
    # changes (never the answer itself): the publishing audit (members/disclosure.py)
    # must not take a changed answer for the same one. Empty: never answered.
    answer_versions = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("equality monitoring answers")
        # No add/change/delete for staff: only the member writes these; staff see
        # counts on the dashboard, with this permission.
        default_permissions = ()
        permissions = [
            ("view_equality_dashboard", _("Can see the equality monitoring dashboard")),
        ]

    def __str__(self) -> str:
        return "Equality monitoring answers"  # never the person's name, even in logs


# The answers a member gives, in the order the question pages ask them (one page each:
# members/forms/equality.py; tests/members/test_equality.py checks the pages ask exactly
# these). Saving, reading and the draft all go by this list.
ANSWER_FIELDS = [
    "age_band",
    "sex",
    "gender_same_as_sex",
    "gender_write_in",
    "sexual_orientation",
    "sexual_orientation_write_in",
    "ethnicity",
    "ethnicity_write_in",
    "religion",
    "religion_write_in",
    "long_term_condition",
    "day_to_day",
    "carer",
    "prioritisation_consent",
]


CHARACTERISTICS = {
    # name: (label, choices). Each is a question's field, except "disability", which is
    # worked out from two (answer_filter).
    "age_band": (_("Age"), AgeBand.choices),
    "sex": (_("Sex"), Sex.choices),
    "gender_same_as_sex": (_("Gender identity the same as sex at birth"), GenderSameAsSex.choices),
    "sexual_orientation": (_("Sexual orientation"), SexualOrientation.choices),
    "ethnicity": (_("Ethnic group"), ETHNICITY_CHOICES),
    "religion": (_("Religion"), Religion.choices),
    "disability": (_("Disability"), Disability.choices),
    "carer": (_("Unpaid carer"), Carer.choices),
}


# Compared with, never asked: the Census publishes disability under the Equality Act for
# all usual residents as two groups, and our four answers fold into them (prefer not to
# say and not answered in neither). Staff may still give the four-way figures (TS038's
# four categories) for the "disability" table itself.
DISABILITY_TWO_WAY = "disability_equality_act"
DISABILITY_TWO_WAY_GROUPS = {
    "disabled": (_("Disabled under the Equality Act"), ("a_lot", "a_little")),
    "not_disabled": (_("Not disabled"), ("not_limited", "no_condition")),
}
# What a benchmark figure may be given for: every characteristic, and the two-way view.
BENCHMARKED = {
    **CHARACTERISTICS,
    DISABILITY_TWO_WAY: (
        _("Disability under the Equality Act (two groups)"),
        [(key, label) for key, (label, _answers) in DISABILITY_TWO_WAY_GROUPS.items()],
    ),
}


def answer_category(answers: dict, characteristic: str) -> str:
    """The category one person's answers (a dict of the question fields) fall in, as
    counted by `answer_filter` ("not_answered" if none): the same rules, in Python."""
    if characteristic != "disability":
        value = answers.get(characteristic) or ""
        valid = {choice for choice, _label in CHARACTERISTICS[characteristic][1]}
        return value if value in valid else "not_answered"
    condition, how_much = answers.get("long_term_condition", ""), answers.get("day_to_day", "")
    if condition == "no":
        return "no_condition"
    if condition == "prefer_not":
        return "prefer_not"
    if condition in ("yes", "") and how_much in ("a_lot", "a_little", "prefer_not"):
        return how_much
    if condition == "yes" and how_much == "not_at_all":
        return "not_limited"
    return "not_answered"


def answer_filter(characteristic: str, value: str) -> Q:
    """The filter on EqualityResponse for one answer to one characteristic."""
    if characteristic == "disability":
        return DISABILITY_FILTERS[value]
    return Q(**{characteristic: value})


class EqualityBenchmark(models.Model):
    """A population to compare with: a percentage for each answer. Census 2021 (England
    and Wales) is shipped where its published figures match our categories; staff add
    their own area's figures."""

    area = models.CharField(_("area"), max_length=120)
    source = models.CharField(_("source"), max_length=300)
    characteristic = models.CharField(
        max_length=24, choices=[(k, v[0]) for k, v in BENCHMARKED.items()]
    )
    category = models.CharField(max_length=24)
    percent = models.DecimalField(max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["area", "characteristic", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "characteristic", "category"], name="one_benchmark_figure"
            )
        ]
        verbose_name = _("equality benchmark figure")

    def __str__(self) -> str:
        return f"{self.area}: {self.characteristic} {self.category} {self.percent}%"


class EqualityDashboardView(models.Model):
    """Every time staff look at equality figures: who, when, which view."""

    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    what = models.CharField(max_length=200)

    class Meta:
        ordering = ["-at"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.what} at {self.at:%Y-%m-%d %H:%M}"


class EqualityPublication(models.Model):
    """Equality figures as published, once, for a closed reporting period (a calendar
    quarter) or a closed opportunity's applicants: already suppressed and audited
    (members/disclosure.py), never recomputed, so later joins, edits, erasures and
    selections cannot change them. `data` holds the populations (their people's
    pseudonymous ids and answer-version tokens, never an answer) and the published
    cells, which the audit of every later publication is checked against. `figures`
    is what staff are shown: each population's key, label and size and the published
    cells, without the people — the pages read only that (with `data` deferred), so
    showing figures costs the same at any membership (issue 12: reading `data` at
    100,000 members took 0.7 s a page)."""

    key = models.CharField(max_length=60, unique=True)  # "2025-Q1", "opportunity:12"
    published_at = models.DateTimeField(default=timezone.now)
    data = models.JSONField()
    figures = models.JSONField(default=dict, editable=False)

    class Meta:
        ordering = ["published_at", "pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"Equality figures {self.key}"
