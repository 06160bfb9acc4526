"""The ethnic group, asked in two steps as the ONS's 2021 census question is: the broad
group, then the detail within it (members/forms/equality.py EthnicityForm). The answer
kept is the same detailed code as before (EqualityResponse.ethnicity): the dashboard and
its small-number suppression read only that. The broad group lives only in the
journey's server-side draft, never in the session."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models.equality import ETHNIC_GROUPS, ETHNICITY_WRITE_IN, PREFER_NOT


def _group_code(choices) -> str:
    # Each group ends with its "any other" answer: other_asian -> asian, other_ethnic -> other.
    return choices[-1][0].removeprefix("other_").replace("ethnic", "other")


ETHNIC_GROUP_CHOICES = {_group_code(choices): (label, choices) for label, choices in ETHNIC_GROUPS}


def ethnic_group_of(ethnicity: str | None) -> str:
    """The broad group a detailed answer sits in ("" when none)."""
    if ethnicity == PREFER_NOT[0]:
        return PREFER_NOT[0]
    for code, (_label, choices) in ETHNIC_GROUP_CHOICES.items():
        if ethnicity in {value for value, _answer in choices}:
            return code
    return ""


def ethnicity_settle(answers: dict, *, answered: str) -> dict:
    """Keep the group and the detail in step after the page `answered` was saved.

    The group's page decides: "Prefer not to say" goes to both, and a detail from another
    group (the group was changed) or with no group is dropped. The detail's page decides
    the group (asked without one, it offers every answer). A write-in goes with any
    answer but an "any other" one."""
    if answered == "ethnic-group":
        group = answers.get("ethnic_group") or ""
        if group == PREFER_NOT[0]:
            answers["ethnicity"] = PREFER_NOT[0]
        elif ethnic_group_of(answers.get("ethnicity")) != group:
            answers["ethnicity"] = ""
    elif answered == "ethnicity":
        answers["ethnic_group"] = ethnic_group_of(answers.get("ethnicity")) or answers.get(
            "ethnic_group", ""
        )
    if answers.get("ethnicity") not in ETHNICITY_WRITE_IN:
        answers["ethnicity_write_in"] = ""
    return answers


def ethnicity_detail_asked(answers: dict) -> bool:
    return answers.get("ethnic_group") in ETHNIC_GROUP_CHOICES


class EthnicGroupForm(forms.Form):
    ethnic_group = forms.ChoiceField(
        label=_("What is your ethnic group?"),
        required=False,
        choices=[(code, label) for code, (label, _c) in ETHNIC_GROUP_CHOICES.items()]
        + [PREFER_NOT],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
