"""A researcher's request for public input, one question page at a time, and the staff
form that moves a request on."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.journeys import Step, Steps
from home.reveals import RevealsMixin
from members.forms.topics import TopicCheckboxes
from members.models import ReferenceGroupPage, Skill, Topic
from opportunities.models import ResearchRequest, Route
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


def _group_field(label):
    return forms.ModelChoiceField(
        label=label,
        queryset=ReferenceGroupPage.objects.none(),
        required=False,
        empty_label=_("The involvement team will choose"),
        help_text=_("If you are not sure, the involvement team will choose with you."),
        error_messages={"invalid_choice": _("Choose a group from the list")},
    )


class RouteForm(RevealsMixin, RadiosWithoutBlank):
    """The first question: how the researcher would like the public's input. Which
    group, and how long a slot, are asked beneath the answers that need them."""

    reveals = {
        "route": {
            Route.MEETING_SLOT.value: ["meeting_group", "slot_minutes"],
            Route.COMMENTS.value: ["comments_group"],
        }
    }
    # A short hint beneath each answer (templates/forms/revealing_radios.html).
    choice_hints = {
        "route": {
            Route.INDIVIDUALS.value: _(
                "We advertise a role to our members, such as joining your steering group "
                "or reviewing documents, and choose people fairly from those who apply."
            ),
            Route.MEETING_SLOT.value: _(
                "Time on the agenda of a reference group's regular meeting, to talk your "
                "project over with the group."
            ),
            Route.COMMENTS.value: _(
                "You share a document and the group's members send written comments by a "
                "date. We collate them for you."
            ),
        }
    }
    required_messages = {"route": _("Choose how you would like the public's input")}

    meeting_group = _group_field(_("Which group's meeting?"))
    slot_minutes = forms.IntegerField(
        label=_("How long do you need at the meeting, in minutes?"),
        required=False,
        min_value=5,
        max_value=240,
        help_text=_("Most slots are 20 to 30 minutes, including the group's questions."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Enter how many minutes you need, from 5 to 240"),
            "min_value": _("Enter how many minutes you need, from 5 to 240"),
            "max_value": _("Enter how many minutes you need, from 5 to 240"),
        },
    )
    comments_group = _group_field(_("Which group would you like comments from?"))

    class Meta:
        model = ResearchRequest
        fields = ["route", "slot_minutes"]
        labels = {"route": _("How would you like the public's input?")}
        widgets = {"route": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        groups = ReferenceGroupPage.objects.live().order_by("title")
        for name in ("meeting_group", "comments_group"):
            self.fields[name].queryset = groups
        # Beneath "a slot" it must be answered: not "(optional)".
        self.fields["slot_minutes"].required_when = _("needed for a slot")
        self.order_fields(["route", "meeting_group", "slot_minutes", "comments_group"])
        instance = self.instance
        if not instance.pk and "route" not in (kwargs.get("initial") or {}):
            # A new request: no answer chosen for them (the model's default is not one).
            self.initial.pop("route", None)
            self.fields["route"].initial = None
        if instance.pk and instance.group_id and not self.is_bound:
            name = "meeting_group" if instance.route == Route.MEETING_SLOT else "comments_group"
            self.initial.setdefault(name, instance.group_id)

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("route") == Route.MEETING_SLOT
            and cleaned.get("slot_minutes") is None
            and "slot_minutes" not in self.errors
        ):
            self.add_error("slot_minutes", _("Enter how many minutes you need, from 5 to 240"))
        return cleaned

    @property
    def chosen_group(self):
        """The group asked for (None: the involvement team chooses, or no group)."""
        route = self.cleaned_data.get("route")
        if route == Route.MEETING_SLOT:
            return self.cleaned_data.get("meeting_group")
        if route == Route.COMMENTS:
            return self.cleaned_data.get("comments_group")
        return None

    def save(self, commit=True):
        self.instance.group = self.chosen_group
        return super().save(commit=commit)

    def as_query(self) -> dict[str, str]:
        """The answers, for the address of the next page of a request not saved yet."""
        route = self.cleaned_data["route"]
        query = {"route": route}
        group = self.chosen_group
        if group is not None:
            query["meeting_group" if route == Route.MEETING_SLOT else "comments_group"] = str(
                group.pk
            )
        if self.cleaned_data.get("slot_minutes"):
            query["slot_minutes"] = str(self.cleaned_data["slot_minutes"])
        return query


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


class StageForm(RadiosWithoutBlank):
    """For a meeting slot or written comments: the stage only (there is no role)."""

    required_messages = {"research_stage": _("Choose the stage your research is at")}

    class Meta:
        model = ResearchRequest
        fields = ["research_stage"]
        labels = {"research_stage": _("What stage is the research at?")}
        widgets = {"research_stage": forms.RadioSelect}


class DeadlineForm(RadiosWithoutBlank):
    """For a meeting slot or written comments: by when the group's input is needed."""

    deadline = FutureDateField(
        label=_("By when do you need the group's input?"),
        help_text=_(
            "We use it to choose a meeting, or the date comments close. For example, 31/3/2027"
        ),
        error_messages={"required": _("Enter the date you need the group's input by")},
    )

    class Meta:
        model = ResearchRequest
        fields = ["deadline"]


def _recruits_individuals(answers: dict) -> bool:
    return (answers.get("route") or Route.INDIVIDUALS) == Route.INDIVIDUALS


def _asks_a_group(answers: dict) -> bool:
    return not _recruits_individuals(answers)


# Every page any request may ask; which of them a request asks depends on its route
# (research_request_steps). A group's meeting or comments need no head count, format
# or place (the group and its meeting have them), nor a role.
RESEARCH_REQUEST_STEPS = Steps(
    [
        Step("route", _("How you would like input"), RouteForm),
        Step("project", _("Your project"), ProjectForm),
        Step("role", _("Stage and role"), RoleForm, asked=_recruits_individuals),
        Step("stage", _("Stage of the research"), StageForm, asked=_asks_a_group),
        Step("people", _("Who you need"), PeopleForm, asked=_recruits_individuals),
        Step("format", _("How and where"), FormatForm, asked=_recruits_individuals),
        Step("time", _("Dates and time"), TimeForm, asked=_recruits_individuals),
        Step("deadline", _("When you need input"), DeadlineForm, asked=_asks_a_group),
        Step("payment", _("Payment"), PaymentOfferForm),
    ]
)


def research_request_steps(route: str | None) -> Steps:
    """The pages a request with this route asks, in order."""
    return Steps([step for step in RESEARCH_REQUEST_STEPS if step.is_asked({"route": route})])


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
