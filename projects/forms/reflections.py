"""Forms for reflection: the stage change, the private reflection with its check-in,
and the confidence check-in."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models.taxonomy import ResearchStage
from projects.models import CheckIn, ConfidenceCheckIn

AGREEMENT_SCALE = [
    ("1", _("1 – Not at all")),
    ("2", _("2 – A little")),
    ("3", _("3 – Somewhat")),
    ("4", _("4 – Mostly")),
    ("5", _("5 – Completely")),
]

CONFIDENCE_SCALE = [
    ("1", _("1 – Not at all confident")),
    ("2", _("2 – A little confident")),
    ("3", _("3 – Fairly confident")),
    ("4", _("4 – Confident")),
    ("5", _("5 – Very confident")),
]


class StageForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Which stage is the research at now?"),
        choices=ResearchStage.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the stage the research is at now")},
    )
    now = forms.CharField(
        label=_("What is happening now"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["stage"].initial = project.stage
        if project.now:
            self.fields["now"].help_text = _(
                "Leave this empty to keep what it says now: “%(now)s”"
            ) % {"now": project.now}
        else:
            self.fields["now"].help_text = _("A sentence or two in plain English, for the team.")

    def clean_stage(self):
        stage = self.cleaned_data["stage"]
        if stage == self.project.stage:
            raise forms.ValidationError(
                _("The research is at this stage already: choose a different stage")
            )
        return stage


def _scale_field(label, scale, message):
    return forms.ChoiceField(
        label=label,
        choices=scale,
        widget=forms.RadioSelect,
        error_messages={"required": message},
    )


class ReflectForm(forms.Form):
    """The private reflection (all optional) and the check-in (each statement
    required), on one page."""

    went_well = forms.CharField(
        label=_("What went well?"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    voice_heard = forms.CharField(
        label=_("Was your voice heard?"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    would_change = forms.CharField(
        label=_("What would you change?"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    share_with_lead = forms.BooleanField(
        label=_("Share this with the project's co-production leads"),
        required=False,
    )

    def __init__(self, *args, share_hint: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["share_with_lead"].help_text = share_hint
        for name, statement in CheckIn.STATEMENTS.items():
            self.fields[name] = _scale_field(
                statement,
                AGREEMENT_SCALE,
                _("Choose how far you agree: %(statement)s") % {"statement": statement},
            )

    def reflection_fields(self):
        return [self[name] for name in ("went_well", "voice_heard", "would_change")]

    def check_in_fields(self):
        return [self[name] for name in CheckIn.STATEMENTS]


class ConfidenceForm(forms.Form):
    skills = forms.CharField(
        label=_("Skills you have used or gained"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example, reading research papers, chairing a discussion."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        statements = {
            name: self._field(label) for name, label in ConfidenceCheckIn.STATEMENTS.items()
        }
        self.fields = {**statements, **self.fields}

    @staticmethod
    def _field(label):
        return _scale_field(
            label,
            CONFIDENCE_SCALE,
            _("Choose how confident you feel: %(statement)s") % {"statement": label},
        )
