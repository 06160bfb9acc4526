"""The decision log's forms: propose, comment, disagree, record the outcome."""

from django import forms
from django.utils.translation import gettext_lazy as _

from home.reveals import RevealsMixin
from projects.models import Decision

NOT_TAKEN = "not_taken"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class DecisionProposeForm(forms.Form):
    title = forms.CharField(
        label=_("What needs deciding?"),
        help_text=_("A short question or statement, like “Which times suit the interviews?”"),
        max_length=200,
        error_messages={
            "required": _("Say what needs deciding"),
            "max_length": _("Say what needs deciding in 200 characters or fewer"),
        },
    )
    background = forms.CharField(
        label=_("Background"),
        help_text=_("What the team needs to know to decide."),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": _("Keep the background to 3,000 characters or fewer")},
    )
    options = forms.CharField(
        label=_("Options considered"),
        help_text=_("One option on each line."),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Keep the options to 3,000 characters or fewer")},
    )

    def clean_options(self) -> list[str]:
        return _lines(self.cleaned_data["options"])


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Add a comment"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Enter your comment"),
            "max_length": _("Keep your comment to 3,000 characters or fewer"),
        },
    )


class DissentForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you disagree?"),
        help_text=_("In your own words. The team sees this beside the decision, with your name."),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Say why you disagree"),
            "max_length": _("Say why you disagree in 3,000 characters or fewer"),
        },
    )


class VotesField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            min_value=0,
            max_value=999,
            widget=forms.NumberInput(
                attrs={"class": "nhsuk-input--width-4", "inputmode": "numeric"}
            ),
            **kwargs,
        )


class DecisionRecordForm(RevealsMixin, forms.Form):
    # The researcher's reasons beneath "The researcher's call", the figures beneath
    # "A vote", why not beneath "Not taken forward" (without JavaScript each shows
    # beneath its answer, and is read only when that answer is chosen).
    reveals = {
        "how_agreed": {
            # Plain strings: an enum member hashes by its name, not its value.
            Decision.HowAgreed.VOTE.value: ["votes_for", "votes_against", "votes_abstained"],
            Decision.HowAgreed.RESEARCHER.value: ["reasons"],
            NOT_TAKEN: ["why_not"],
        }
    }

    outcome = forms.CharField(
        label=_("What was decided"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Say what was decided in 3,000 characters or fewer")},
    )
    options = forms.CharField(
        label=_("Options considered"),
        help_text=_("One option on each line."),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Keep the options to 3,000 characters or fewer")},
    )
    how_agreed = forms.ChoiceField(
        label=_("How was it agreed?"),
        choices=[
            (Decision.HowAgreed.CONSENSUS, _("By consensus: everyone could live with it")),
            (Decision.HowAgreed.VOTE, _("By a vote")),
            (Decision.HowAgreed.RESEARCHER, _("The researcher's call, with reasons")),
            (NOT_TAKEN, _("It was not taken forward")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how it was agreed, or that it was not taken forward"),
            "invalid_choice": _("Choose how it was agreed, or that it was not taken forward"),
        },
    )
    votes_for = VotesField(label=_("Votes for"))
    votes_against = VotesField(label=_("Votes against"))
    votes_abstained = VotesField(label=_("Abstained"))
    reasons = forms.CharField(
        label=_("The researcher's reasons"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Give the reasons in 3,000 characters or fewer")},
    )
    why_not = forms.CharField(
        label=_("Why it was not taken forward"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Give the reasons in 3,000 characters or fewer")},
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Who took part"),
        help_text=_("Everyone on the team who took part in deciding, whether or not they agreed."),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = people
        self.fields["participants"].label_from_instance = lambda person: (
            person.name or str(_("A team member"))
        )
        self.fields["outcome"].required_when = _("unless it was not taken forward")
        self.fields["participants"].required_when = _("unless it was not taken forward")
        for name in ("reasons", "why_not", "votes_for", "votes_against", "votes_abstained"):
            self.fields[name].required_when = _("needed for this answer")

    def clean_options(self) -> list[str]:
        return _lines(self.cleaned_data["options"])

    def clean(self):
        cleaned = super().clean()
        how = cleaned.get("how_agreed")
        if not how:
            return cleaned
        if how == NOT_TAKEN:
            if not (cleaned.get("why_not") or "").strip():
                self.add_error("why_not", _("Say why it was not taken forward"))
            return cleaned
        if not (cleaned.get("outcome") or "").strip():
            self.add_error("outcome", _("Say what was decided"))
        if not cleaned.get("participants"):
            self.add_error("participants", _("Choose at least one person who took part"))
        if how == Decision.HowAgreed.RESEARCHER and not (cleaned.get("reasons") or "").strip():
            self.add_error("reasons", _("Give the researcher's reasons"))
        if how == Decision.HowAgreed.VOTE:
            for name in ("votes_for", "votes_against", "votes_abstained"):
                if cleaned.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Enter a number, 0 if nobody"))
            figures = [cleaned.get(n) for n in ("votes_for", "votes_against", "votes_abstained")]
            if all(f is not None for f in figures) and not any(figures):
                self.add_error("votes_for", _("Enter how many people voted"))
        return cleaned
