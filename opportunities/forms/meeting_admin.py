"""Staff forms for a reference group's meetings: a meeting, a series, an agenda item, a
slot given to a request, the register, the notes, a correction's answer, the feedback."""

import datetime
from decimal import Decimal

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from involvement.services import MAX_HOURS
from opportunities.models import AgendaItem, GroupMeeting, MeetingSeries, NotesCorrection
from opportunities.services.meeting_admin import EDITABLE, SERIES_FIELDS, Mark


def date_time_input() -> forms.DateTimeInput:
    """The browser's own date and time box (not Wagtail's pop-up picker, whose arrows
    have no names), read and shown on the UK's clock."""
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _formfield(model_field, **kwargs):
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class MeetingForm(forms.ModelForm):
    """One meeting (added or changed). The model's checks (place, link, papers date)
    run with the form's."""

    class Meta:
        formfield_callback = _formfield
        model = GroupMeeting
        fields = list(EDITABLE)
        widgets = {
            "starts_at": date_time_input(),
            "ends_at": date_time_input(),
            "papers_due_on": date_input(),
            "mode": forms.RadioSelect,
            "access_information": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "papers_due_on": _(
                "Leave empty for the usual: a week before the meeting (researchers on the "
                "agenda send their papers by this date)."
            ),
        }

    def __init__(self, *args, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        if group is not None:
            self.instance.group = group
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["papers_due_on"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        self.fields["mode"].choices = [c for c in self.fields["mode"].choices if c[0]]

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in EDITABLE}


class MeetingSeriesForm(forms.ModelForm):
    """A rule for a group's regular meetings: monthly on the nth weekday, or every few
    weeks; a start time (UK time) and a length."""

    class Meta:
        formfield_callback = _formfield
        model = MeetingSeries
        fields = list(SERIES_FIELDS)
        widgets = {
            "frequency": forms.RadioSelect,
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "first_date": date_input(),
            "until": date_input(),
            "mode": forms.RadioSelect,
            "access_information": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "week_of_month": _("For a monthly series: for example, the first Tuesday."),
            "every_weeks": _("For a weekly series: 1 for every week, 2 for every other week."),
            "until": _(
                "Leave empty to make meetings for the next months only: you can add a new "
                "series later."
            ),
        }

    def __init__(self, *args, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        if group is not None:
            self.instance.group = group
        for name in ("first_date", "until"):
            self.fields[name].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        self.fields["start_time"].input_formats = ["%H:%M", "%H:%M:%S"]
        self.fields["mode"].choices = [c for c in self.fields["mode"].choices if c[0]]
        self.fields["frequency"].choices = [c for c in self.fields["frequency"].choices if c[0]]

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in SERIES_FIELDS}


class MeetingCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is cancelled"),
        help_text=_(
            "Everyone who replied, and the researchers on the agenda, are emailed this. "
            "Do not give health details."
        ),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the meeting is cancelled: the group is told.")},
    )


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "description", "minutes"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class SlotAcceptForm(forms.Form):
    minutes = forms.IntegerField(
        label=_("How long, in minutes"),
        min_value=5,
        max_value=240,
        error_messages={"required": _("Say how many minutes the item has.")},
    )
    papers_due_on = forms.DateField(
        label=_("Papers due by"),
        widget=date_input(),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"required": _("Give the date papers are due by.")},
    )
    what_to_send = forms.CharField(
        label=_("What the researcher should send"),
        help_text=_(
            "For example: a one-page summary and the questions for the group. The email "
            "also asks for a standard version: we can make easy-read and large-print ones."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say what the researcher should send.")},
    )

    def __init__(self, *args, meeting: GroupMeeting, research_request, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["minutes"].initial = research_request.slot_minutes or 20
        self.fields["papers_due_on"].initial = (
            meeting.papers_due_on or meeting.default_papers_due_on()
        )

    def clean_papers_due_on(self):
        due = self.cleaned_data["papers_due_on"]
        if due > timezone.localdate(self.meeting.starts_at):
            raise forms.ValidationError(_("Papers must be due on or before the meeting's date."))
        return due


ATTENDED, ABSENT = "attended", "absent"


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / Decimal(60)).quantize(Decimal("0.01"))


class RegisterForm(forms.Form):
    """For each person on the register: attended or not, and hours (the meeting's
    length unless changed). Staff's own row has no fields (a colleague marks it)."""

    def __init__(self, *args, meeting: GroupMeeting, people, recorded: dict, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = people
        length = int((meeting.ends_at - meeting.starts_at).total_seconds() // 60)
        self.default_hours = _hours(length)
        for person in people:
            if person.pk == by.pk:
                continue
            row = recorded.get(person.pk)
            self.fields[f"attended-{person.pk}"] = forms.ChoiceField(
                label=str(person),
                choices=[(ATTENDED, _("Attended")), (ABSENT, _("Did not attend"))],
                required=False,
                initial=(ATTENDED if row.attended else ABSENT) if row else None,
                widget=forms.RadioSelect,
            )
            self.fields[f"hours-{person.pk}"] = forms.DecimalField(
                label=_("Hours for %(name)s") % {"name": person},
                min_value=0,
                max_value=MAX_HOURS,
                decimal_places=2,
                required=False,
                initial=(row.hours if row and row.attended else self.default_hours),
            )

    def clean(self):
        cleaned = super().clean()
        for person in self.people:
            name = f"attended-{person.pk}"
            if name in self.fields and cleaned.get(name) == ATTENDED:
                hours = cleaned.get(f"hours-{person.pk}")
                if hours is None and f"hours-{person.pk}" not in self.errors:
                    self.add_error(
                        f"hours-{person.pk}",
                        _("Give the hours %(name)s took part.") % {"name": person},
                    )
                elif hours is not None and hours <= 0:
                    self.add_error(
                        f"hours-{person.pk}",
                        _("Hours must be more than 0 for someone who attended."),
                    )
        return cleaned

    def marks(self) -> dict[int, Mark]:
        """The people marked (a row left blank is not recorded)."""
        marks = {}
        for person in self.people:
            value = self.cleaned_data.get(f"attended-{person.pk}")
            if not value:
                continue
            attended = value == ATTENDED
            hours = self.cleaned_data.get(f"hours-{person.pk}") if attended else Decimal("0")
            marks[person.pk] = Mark(attended=attended, hours=hours or Decimal("0"))
        return marks

    def rows(self):
        """(person, attended field, hours field) — None for one's own row."""
        rows = []
        for person in self.people:
            name = f"attended-{person.pk}"
            if name in self.fields:
                rows.append((person, self[name], self[f"hours-{person.pk}"]))
            else:
                rows.append((person, None, None))
        return rows


class NotesForm(forms.Form):
    text = forms.CharField(
        label=_("Notes"),
        max_length=30000,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "What was discussed and agreed. Do not write who came, or members' health "
            "or other personal details: the group's members and the researchers on the "
            "agenda read the published notes."
        ),
        error_messages={"required": _("Write the notes first.")},
    )


class NotesShareForm(forms.Form):
    corrections_by = forms.DateField(
        label=_("Corrections by"),
        widget=date_input(),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"required": _("Give the date attendees can suggest corrections by.")},
    )

    def clean_corrections_by(self):
        day = self.cleaned_data["corrections_by"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("The date for corrections must be today or later."))
        return day

    @staticmethod
    def default_date() -> datetime.date:
        return timezone.localdate() + datetime.timedelta(days=7)


class CorrectionAnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Was the correction made?"),
        choices=[
            (NotesCorrection.Status.MADE, _("Made")),
            (NotesCorrection.Status.NOT_MADE, _("Not made")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the correction was made.")},
    )
    answer = forms.CharField(
        label=_("Reply to the member"),
        help_text=_("They are emailed this reply. Say why, if it was not made."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == NotesCorrection.Status.NOT_MADE
            and not (cleaned.get("answer") or "").strip()
        ):
            self.add_error("answer", _("Say why the correction was not made."))
        return cleaned


class FeedbackForm(forms.Form):
    feedback = forms.CharField(
        label=_("The group's feedback to the researcher"),
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "What the group said about this item, in words the researcher can act on. "
            "Do not name members or give their health details."
        ),
        error_messages={"required": _("Write the group's feedback first.")},
    )
