"""The profile questions, one topic per page, in order (shared by onboarding and 'Change')."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.journeys import Step, Steps
from home.reveals import RevealsMixin
from members.forms.topics import TopicCheckboxes
from members.models import FLAG_GROUPS, MemberProfile, Region, ResearchStage, Skill, Topic


class FlagsMixin:
    """Checkbox questions whose answers are boolean columns (see models/profiles.py)."""

    flag_questions: dict[str, tuple[str, str]] = {}  # group -> (label, hint)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for group, (label, hint) in self.flag_questions.items():
            self.fields[group] = forms.MultipleChoiceField(
                label=label,
                help_text=hint,
                required=False,
                choices=FLAG_GROUPS[group],
                widget=forms.CheckboxSelectMultiple,
                initial=self.instance.flags(group),
            )
        self.order_fields(getattr(self, "field_order", None))

    def save(self, commit=True):
        profile = super().save(commit=False)
        for group in self.flag_questions:
            chosen = set(self.cleaned_data.get(group, []))
            for name, _label in FLAG_GROUPS[group]:
                setattr(profile, name, name in chosen)
        if commit:
            profile.save()
            self.save_m2m()
        return profile


class AboutForm(forms.ModelForm):
    class Meta:
        model = MemberProfile
        fields = ["preferred_name", "pronouns", "phone", "region"]
        labels = {
            "preferred_name": _("What would you like us to call you?"),
            "pronouns": _("Your pronouns"),
            "phone": _("Phone number"),
            "region": _("Where do you live?"),
        }
        help_texts = {
            "preferred_name": _("For example, your first name or a nickname."),
            "pronouns": _("For example, she/her, he/him or they/them."),
            "phone": _(
                "We only use it to talk to you about taking part, if you would "
                "like us to phone you."
            ),
        }
        widgets = {
            "preferred_name": forms.TextInput(attrs={"autocomplete": "nickname"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.all()
        self.fields["region"].empty_label = _("Choose a region")


class TopicsForm(forms.ModelForm):
    class Meta:
        model = MemberProfile
        fields = ["topics"]
        labels = {"topics": _("Which of these do you have experience of?")}
        help_texts = {"topics": _("Yourself, or as a carer. Choose as many as you like.")}
        widgets = {"topics": TopicCheckboxes}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each plain-English category with its common conditions beneath it.
        self.fields["topics"].queryset = Topic.objects.tree()


class SkillsForm(forms.ModelForm):
    # A list of ResearchStage codes in one JSON column, asked with checkboxes (the model
    # field alone would give a JSON text box). Matching favours opportunities at these
    # stages (opportunities/matching/core.py).
    research_stages = forms.MultipleChoiceField(
        label=_("Which stages of research would you like to help with?"),
        help_text=_(
            "For example, helping decide what to research, or sharing the results. "
            "Choose as many as you like, or none."
        ),
        choices=ResearchStage.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": _("Choose stages of research from the list"),
        },
    )

    class Meta:
        model = MemberProfile
        fields = ["skills", "research_stages"]
        labels = {"skills": _("Which skills would you like to use or build?")}
        help_texts = {"skills": _("You do not need any of these to take part.")}
        widgets = {"skills": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skills"].queryset = Skill.objects.all()

    def clean_research_stages(self) -> list[str]:
        """Known codes only (the field refuses others), once each, in the list's order."""
        chosen = set(self.cleaned_data.get("research_stages") or [])
        return [code for code in ResearchStage.values if code in chosen]


class TakingPartForm(FlagsMixin, forms.ModelForm):
    flag_questions = {
        "formats": (_("How would you like to take part?"), _("Choose all that suit you.")),
        "availability": (_("When are you usually free?"), ""),
    }
    field_order = ["formats", "availability", "travel"]

    class Meta:
        model = MemberProfile
        fields = ["travel"]
        labels = {"travel": _("How far can you travel to take part?")}
        widgets = {"travel": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Optional, but with radios there is no "---------" choice to show.
        self.fields["travel"].choices = [c for c in self.fields["travel"].choices if c[0]]


class AccessForm(FlagsMixin, forms.ModelForm):
    flag_questions = {
        "access": (_("Would any of these help you take part?"), ""),
        "contact_methods": (_("How should we contact you?"), ""),
        "contact_formats": (_("Do you need information in another format?"), ""),
    }
    field_order = ["access", "access_needs", "contact_methods", "contact_formats"]

    class Meta:
        model = MemberProfile
        fields = ["access_needs"]
        labels = {"access_needs": _("Anything else that would help you take part?")}
        help_texts = {"access_needs": _("For example, a quiet room or information in advance.")}
        widgets = {"access_needs": forms.Textarea(attrs={"rows": 4, "maxlength": 2000})}


class PaymentForm(forms.ModelForm):
    class Meta:
        model = MemberProfile
        fields = ["payment_preference"]
        labels = {"payment_preference": _("How would you like to be thanked for your time?")}
        help_texts = {
            "payment_preference": _(
                "You can change this at any time. Expenses are always paid, whatever you choose."
            )
        }
        widgets = {"payment_preference": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["payment_preference"]
        field.required = True
        field.choices = [c for c in field.choices if c[0]]
        field.error_messages["required"] = _("Choose how you would like to be thanked")


class UpdatesForm(RevealsMixin, forms.ModelForm):
    # "Pause until" is asked, and checked, only beneath "Paused".
    reveals = {"updates": {MemberProfile.Updates.PAUSED.value: ["updates_paused_until"]}}

    updates_paused_until = forms.DateField(
        label=_("Pause until"),
        required=False,
        help_text=_("Leave blank to pause until you change it. For example, 31/3/2027"),
        input_formats=["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d %m %Y", "%d-%m-%Y"],
        widget=forms.DateInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"invalid": _("Enter a real date, for example 31/3/2027")},
    )

    class Meta:
        model = MemberProfile
        fields = ["updates", "updates_paused_until"]
        labels = {"updates": _("How often should we email you about new opportunities?")}
        help_texts = {
            "updates": _(
                "We choose the ones that fit your experience and how you like to take part. "
                "We always tell you about your own applications and groups."
            )
        }
        widgets = {"updates": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["updates"].choices = [c for c in self.fields["updates"].choices if c[0]]
        self.fields["updates"].error_messages["required"] = _(
            "Choose how often we should email you"
        )

    def clean(self):
        cleaned = super().clean()
        until = cleaned.get("updates_paused_until")
        if until and until <= timezone.localdate():
            self.add_error("updates_paused_until", _("Enter a date in the future"))
        return cleaned


class PrivacyForm(forms.Form):
    agree = forms.BooleanField(
        label=_("I have read the privacy notice"),
        error_messages={"required": _("Confirm that you have read the privacy notice")},
    )

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, **kwargs)


STEPS = Steps(
    [
        Step("about", _("About you"), AboutForm),
        Step("experience", _("Your experience"), TopicsForm),
        Step("skills", _("Skills and interests"), SkillsForm),
        Step("taking-part", _("How you like to take part"), TakingPartForm),
        Step("access", _("Access needs and contact"), AccessForm),
        Step("payment", _("Payment"), PaymentForm),
        Step("updates", _("Emails about opportunities"), UpdatesForm),
        Step("privacy", _("Privacy notice"), PrivacyForm),
    ]
)
