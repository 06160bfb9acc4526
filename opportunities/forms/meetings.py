"""A member's reply to a meeting ("will you come?", and what they need to take part)
and an attendee's suggested correction to its notes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from home.reveals import RevealsMixin
from opportunities.models import MeetingReply, NotesCorrection


class MeetingReplyForm(RevealsMixin, forms.Form):
    # What they need is asked, kept and checked only beneath "I will come".
    reveals = {"answer": {MeetingReply.Answer.COMING.value: ["access_needs"]}}

    answer = forms.ChoiceField(
        label=_("Will you come to this meeting?"),
        choices=MeetingReply.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Say whether you will come"),
            "invalid_choice": _("Say whether you will come"),
        },
    )
    access_needs = forms.CharField(
        label=_("Is there anything you need to take part in this meeting?"),
        help_text=_(
            "For example: a hearing loop, large-print papers, a step-free room, breaks, "
            "live captions. Only the involvement team running the meeting see this."
        ),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Write what you need in 1,000 characters or fewer")},
    )


class NotesCorrectionForm(forms.Form):
    suggestion = forms.CharField(
        label=_("Suggest a correction"),
        help_text=_("Say what is wrong or missing in the notes, and what they should say instead."),
        max_length=NotesCorrection._meta.get_field("suggestion").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Write the correction you suggest"),
            "max_length": _("Write your correction in 3,000 characters or fewer"),
        },
    )
    # The page has two forms: this says which one was sent.
    prefix = "correction"
