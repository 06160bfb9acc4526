"""A researcher's request for public input, one question page at a time, and the staff
form that moves a request on."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.journeys import Step, Steps
from members.forms.topics import TopicCheckboxes
from members.models import Skill, Topic
from opportunities.models import ResearchRequest
from opportunities.services.research_requests import STAFF_TRANSITIONS

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d %m %Y", "%d-%m-%Y"]


class FutureDateField(forms.DateField):
    widget = forms.DateInput(attrs={"inputmode": "numeric", "autocomplete": "off"})

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_FORMATS)
        super().__init__(**kwargs)
        self.error_messages["invalid"] = _("Enter a real date, for example 31/3/2027")

    def validate(self, value):
        super().validate(value)
        if value and value < timezone.localdate():
            raise forms.ValidationError(_("Enter a date that is today or later"))


class RadiosWithoutBlank(forms.ModelForm):
    """Radios for choice fields, with no '---------' choice and a plain 'required' message."""

    required_messages: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in self.required_messages.items():
            field = self.fields[name]
            field.required = True
            field.error_messages["required"] = message
            if isinstance(field.widget, forms.RadioSelect):
                field.choices = [choice for choice in field.choices if choice[0]]


class ProjectForm(RadiosWithoutBlank):
    required_messages = {
        "project_title": _("Enter your project's title"),
        "summary": _("Enter a short summary of the project in plain English"),
    }

    class Meta:
        model = ResearchRequest
        fields = ["project_title", "summary"]
        labels = {
            "project_title": _("Project title"),
            "summary": _("What is the project about?"),
        }
        help_texts = {
            "summary": _(
                "In plain English, as you would explain it to a neighbour: what you want to "
                "find out and why it matters. Up to 3,000 characters."
            )
        }
        widgets = {"summary": forms.Textarea(attrs={"rows": 6, "maxlength": 3000})}


class RoleForm(RadiosWithoutBlank):
    required_messages = {
        "research_stage": _("Choose the stage your research is at"),
        "role_kind": _("Choose the kind of role"),
    }

    class Meta:
        model = ResearchRequest
        fields = ["research_stage", "role_kind"]
        labels = {
            "research_stage": _("What stage is the research at?"),
            "role_kind": _("What would members do?"),
        }
        widgets = {"research_stage": forms.RadioSelect, "role_kind": forms.RadioSelect}


class PeopleForm(RadiosWithoutBlank):
    required_messages = {"people_needed": _("Enter how many people you need, from 1 to 100")}

    class Meta:
        model = ResearchRequest
        fields = ["people_needed", "topics", "skills", "experience_wanted"]
        labels = {
            "people_needed": _("How many people do you need?"),
            "topics": _("Which experience are you looking for?"),
            "skills": _("Which skills would help?"),
            "experience_wanted": _("Anything else about who you need?"),
        }
        help_texts = {
            "topics": _("Choose all that apply. Leave blank if anyone can take part."),
            "experience_wanted": _("For example: people who have used a hospice in the past year."),
        }
        widgets = {
            "people_needed": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "topics": TopicCheckboxes(general_label=_("%(name)s: any, or another not listed")),
            "skills": forms.CheckboxSelectMultiple,
            "experience_wanted": forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each plain-English category with its common conditions beneath it.
        self.fields["topics"].queryset = Topic.objects.tree()
        self.fields["skills"].queryset = Skill.objects.all()
        self.fields["people_needed"].error_messages["min_value"] = _(
            "Enter how many people you need, from 1 to 100"
        )
        self.fields["people_needed"].error_messages["max_value"] = _(
            "For more than 100 people, contact the involvement team"
        )


class FormatForm(RadiosWithoutBlank):
    required_messages = {"format": _("Choose how members would take part")}

    class Meta:
        model = ResearchRequest
        fields = ["format", "place"]
        labels = {
            "format": _("How would members take part?"),
            "place": _("Where? (if in person)"),
        }
        help_texts = {"place": _("A town or venue is enough for now.")}
        widgets = {"format": forms.RadioSelect}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("format") in ("in_person", "mixed") and not cleaned.get("place", "").strip():
            self.add_error("place", _("Enter where members would meet"))
        return cleaned


class TimeForm(RadiosWithoutBlank):
    required_messages = {
        "dates_needed": _("Enter the dates and times you need people"),
        "time_needed": _("Enter how much time it takes"),
    }
    deadline = FutureDateField(
        label=_("By when do you need people?"),
        help_text=_("We close the opportunity to applications then. For example, 31/3/2027"),
        error_messages={"required": _("Enter the date you need people by")},
    )

    class Meta:
        model = ResearchRequest
        fields = ["dates_needed", "time_needed", "deadline"]
        labels = {
            "dates_needed": _("When do you need people?"),
            "time_needed": _("How much time will it take?"),
        }
        help_texts = {
            "dates_needed": _("For example: three online meetings, Tuesday evenings in March."),
            "time_needed": _("For example: 2 hours a month for a year."),
        }
        widgets = {"dates_needed": forms.Textarea(attrs={"rows": 3, "maxlength": 1000})}


class PaymentOfferForm(RadiosWithoutBlank):
    required_messages = {"payment_offer": _("Choose how members will be paid")}

    class Meta:
        model = ResearchRequest
        fields = ["payment_offer", "payment_detail"]
        labels = {
            "payment_offer": _("How will members be paid for their time?"),
            "payment_detail": _("Anything to add about payment?"),
        }
        help_texts = {
            "payment_offer": _("Expenses are always paid back, whatever you choose."),
            "payment_detail": _("For example: the budget line, or an amount agreed with us."),
        }
        widgets = {"payment_offer": forms.RadioSelect}


RESEARCH_REQUEST_STEPS = Steps(
    [
        Step("project", _("Your project"), ProjectForm),
        Step("role", _("Stage and role"), RoleForm),
        Step("people", _("Who you need"), PeopleForm),
        Step("format", _("How and where"), FormatForm),
        Step("time", _("Dates and time"), TimeForm),
        Step("payment", _("Payment"), PaymentOfferForm),
    ]
)


class ResearchRequestDecisionForm(forms.Form):
    """Staff: the request's next status, and the message the researcher is emailed."""

    status = forms.ChoiceField(label=_("New status"))
    message = forms.CharField(
        label=_("Message to the researcher"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed when asking for changes or declining: say what, or why."),
    )

    def __init__(self, *args, research_request, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = STAFF_TRANSITIONS.get(research_request.status, set())
        self.fields["status"].choices = [
            (value, label) for value, label in ResearchRequest.Status.choices if value in allowed
        ]
