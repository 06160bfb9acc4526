"""Staff forms for a course's sessions: add or change one, or cancel it."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from training.models import CourseSession
from training.services.sessions import EDITABLE


def date_time_input() -> forms.DateTimeInput:
    """The browser's own date and time box, not Wagtail's pop-up picker, whose arrows
    have no names (axe: button-name); read and shown on the UK's clock."""
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _formfield(model_field, **kwargs):
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"  # a link typed without one is a web address
    return model_field.formfield(**kwargs)


class SessionForm(forms.ModelForm):
    class Meta:
        formfield_callback = _formfield
        model = CourseSession
        fields = list(EDITABLE)
        widgets = {
            "starts_at": date_time_input(),
            "ends_at": date_time_input(),
            "booking_deadline": date_time_input(),
            "mode": forms.RadioSelect,
            "access_information": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, course=None, **kwargs):
        super().__init__(*args, **kwargs)
        if course is not None:
            # The model's checks (clean) ask nothing of the course, but it must be set.
            self.instance.course = course
        for name in ("starts_at", "ends_at", "booking_deadline"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class SessionCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is cancelled"),
        help_text=_("Everyone booked or waiting is emailed this. Do not give health details."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
