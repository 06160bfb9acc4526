"""Written comment rounds: staff's form for a round, and a member's comment."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import ReferenceGroupPage
from opportunities.models import CommentRound, ResearchRequest, RoundResponse
from opportunities.models.research_requests import Route
from opportunities.models.sessions import date_time_input

DATE_TIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class CommentRoundForm(forms.ModelForm):
    """A round's details. The closing date and time are on the UK's clock."""

    class Meta:
        model = CommentRound
        fields = [
            "group",
            "title",
            "question",
            "closes_at",
            "expected_minutes",
            "comments_shared",
            "request",
        ]
        widgets = {
            "closes_at": date_time_input(),
            "question": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {
            "group": _("Reference group"),
            "request": _("Request for input it answers (optional)"),
        }
        help_texts = {
            "closes_at": _("UK time. Comments can be sent until then."),
            "request": _(
                "Its researcher is emailed when the round closes, and reads the comments "
                "collated, without names."
            ),
        }

    def __init__(self, *args, opened: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = ReferenceGroupPage.objects.order_by("title")
        self.fields["group"].empty_label = None
        # Requests for written comments; and the one a round already answers, whatever
        # route it asked for, so changing the round keeps it.
        self.fields["request"].queryset = (
            ResearchRequest.objects.filter(
                Q(route=Route.COMMENTS) | Q(pk=self.instance.request_id or 0)
            )
            .exclude(status=ResearchRequest.Status.DRAFT)
            .order_by("-pk")
        )
        self.fields["request"].empty_label = _("None: staff's own round")
        self.fields["closes_at"].input_formats = DATE_TIME_FORMATS
        self.fields["title"].error_messages["required"] = _(
            "Give the round a title, like “Comments on our participant leaflet”."
        )
        self.fields["question"].error_messages["required"] = _(
            "Say what members are asked to comment on."
        )
        self.fields["closes_at"].error_messages["required"] = _(
            "Give the date and time comments close."
        )
        if opened:
            # Its group's members have been asked: it stays with them.
            self.fields["group"].disabled = True


class CommentForm(forms.Form):
    """A member's comments and, if they say, how long it took them."""

    comment = forms.CharField(
        label=_("Your comments"),
        max_length=RoundResponse._meta.get_field("comment").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    minutes_spent = forms.IntegerField(
        # The form template adds "(optional)" to the label.
        label=_("About how long it took you, in minutes"),
        help_text=_(
            "We pay for the time you give. If you leave it empty, we count %(minutes)s minutes."
        ),
        required=False,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        error_messages={"invalid": _("Enter the number of minutes, like 45.")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
    )

    def __init__(self, *args, expected_minutes: int, send: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.send = send
        # Empty is fine for a draft: the label says when it is needed, not "(optional)".
        self.fields["comment"].required_when = _("needed to send them")
        self.fields["minutes_spent"].help_text = self.fields["minutes_spent"].help_text % {
            "minutes": expected_minutes
        }
        self.fields["minutes_spent"].error_messages.update(
            {
                "min_value": _("Enter at least 1 minute."),
                "max_value": _("Enter 600 minutes or fewer (10 hours)."),
            }
        )

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if self.send and not comment:
            raise forms.ValidationError(_("Write your comments before sending them."))
        return comment
