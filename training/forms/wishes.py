"""What training a member would like."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Skill


class TrainingWishForm(forms.Form):
    skills = forms.ModelMultipleChoiceField(
        label=_("Which skills would you like training in?"),
        queryset=Skill.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all that apply. You can change this at any time."),
    )
    other = forms.CharField(
        label=_("Anything else you would like to learn"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: how to read a research paper. Up to 300 characters."),
        error_messages={"max_length": _("Keep this to 300 characters or fewer.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skills"].queryset = Skill.objects.all()
