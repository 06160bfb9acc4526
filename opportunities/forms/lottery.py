"""Staff set up a fair lottery: which features, then a minimum and maximum for each of
their categories (services/lottery.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from opportunities.lottery_core import MAX_FEATURES


class LotteryFeaturesForm(forms.Form):
    features = forms.MultipleChoiceField(
        label=_("Features to set quotas on"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, offered=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["features"].choices = [(f.key, f.label) for f in offered]
        self.fields["features"].help_text = _(
            "Up to %(n)s. Leave them all unticked for a plain lottery in which everyone has "
            "the same chance."
        ) % {"n": MAX_FEATURES}

    def clean_features(self):
        chosen = self.cleaned_data["features"]
        if len(chosen) > MAX_FEATURES:
            raise forms.ValidationError(
                _("Choose up to %(n)s features: you chose %(chosen)s."),
                params={"n": MAX_FEATURES, "chosen": len(chosen)},
            )
        return chosen


def quota_field_name(feature: str, category: str, bound: str) -> str:
    return f"q-{feature}-{category}-{bound}"


class LotteryQuotasForm(forms.Form):
    """A minimum and a maximum per category of each chosen feature (the defaults are
    proportional to who applied). No seed: staff who chose it could try seeds offline
    until one gave the panel they wanted, so a new draw's seed always comes from
    `secrets` (services/lottery.py); a recorded seed is used only by the audit's re-run."""

    def __init__(self, *args, features=(), categories=None, defaults=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.features = list(features)  # [(key, label)]
        self.categories = categories or {}  # {feature: [(category, label, pool count)]}
        defaults = defaults or {}
        self.groups = []
        for feature, feature_label in self.features:
            rows = []
            for category, label, count in self.categories.get(feature, []):
                low, high = defaults.get(feature, {}).get(category, (0, count))
                names = {}
                for bound, bound_label, initial in (
                    ("min", _("Minimum"), low),
                    ("max", _("Maximum"), high),
                ):
                    name = quota_field_name(feature, category, bound)
                    self.fields[name] = forms.IntegerField(
                        label=f"{feature_label}, {label}: {bound_label}",
                        min_value=0,
                        initial=initial,
                        error_messages={
                            "required": _("Enter a whole number, 0 or more."),
                            "invalid": _("Enter a whole number, 0 or more."),
                        },
                        widget=forms.NumberInput(attrs={"class": "w-field__input"}),
                    )
                    names[bound] = name
                rows.append({"category": category, "label": label, "count": count, **names})
            self.groups.append({"key": feature, "label": feature_label, "rows": rows})

    def rows(self):
        """For the template: each feature with, per category, its two bound fields."""
        return [
            {
                **group,
                "rows": [
                    {**row, "min_field": self[row["min"]], "max_field": self[row["max"]]}
                    for row in group["rows"]
                ],
            }
            for group in self.groups
        ]

    def quotas(self) -> dict:
        return {
            group["key"]: {
                row["category"]: (
                    self.cleaned_data[row["min"]],
                    self.cleaned_data[row["max"]],
                )
                for row in group["rows"]
            }
            for group in self.groups
        }


class LotteryApplyForm(forms.Form):
    waiting = forms.IntegerField(
        label=_("How many of the others go on the waiting list, in the draw's order"),
        min_value=0,
        error_messages={"required": _("Enter a whole number, 0 or more.")},
    )
    turn_down_rest = forms.BooleanField(
        label=_("Tell the others that they were not selected this time"),
        required=False,
        help_text=_("Leave unticked to decide about them later on the shortlist."),
    )
