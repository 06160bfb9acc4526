"""A reference group's meetings: where researchers ask the group, not individuals.

A meeting is a dated session (home.sessions) of one group, made one at a time or from a
series ("the first Tuesday of every month"). Members of the group say whether they will
come; its agenda holds items, some of them researchers' requests given a slot; staff
take the register (attendance → involvement through involvement.services, so the
payment pipeline pays it at the rate card), draft the notes, which attendees may
correct before they are published to the group, and send the group's feedback on each
item to its researcher, who answers "you said, we did" (an impact entry on the
meeting's activity, shown to the members who attended).

Who sees what: a meeting's time and title are for the group's members and staff; its
joining link, papers and notes are for the group's members, the researchers with an
item on its agenda, and staff (opportunities.selectors.meetings).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from home.sessions import DatedSession, DatedSessionQuerySet

# In UIDs of calendar entries (home.calendar.event_uid): never change them, or calendars
# that hold a meeting would add it again instead of updating it.
CALENDAR_KIND_MEETING = "group-meeting"


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person, or join online")


class MeetingSeries(models.Model):
    """A rule that makes a group's regular meetings, e.g. "the first Tuesday of every
    month, 6pm to 8pm". The meetings it makes are ordinary rows (each has its own
    agenda and register); changing one does not change the rule, and ending the series
    cancels none of those already made. opportunities/meeting_dates.py says which
    dates a rule gives."""

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Every month, on a given weekday of the month")
        WEEKLY = "weekly", _("Every week, or every few weeks")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    class WeekOfMonth(models.IntegerChoices):
        FIRST = 1, _("First")
        SECOND = 2, _("Second")
        THIRD = 3, _("Third")
        FOURTH = 4, _("Fourth")
        LAST = -1, _("Last")

    group = models.ForeignKey(
        "members.ReferenceGroupPage", on_delete=models.CASCADE, related_name="meeting_series"
    )
    title = models.CharField(_("title"), max_length=200)
    frequency = models.CharField(
        _("how often"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    weekday = models.PositiveSmallIntegerField(_("day of the week"), choices=Weekday.choices)
    week_of_month = models.SmallIntegerField(
        _("which one in the month"), choices=WeekOfMonth.choices, null=True, blank=True
    )
    every_weeks = models.PositiveSmallIntegerField(
        _("every how many weeks"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    start_time = models.TimeField(_("starts at"), help_text=_("UK time."))
    duration_minutes = models.PositiveSmallIntegerField(
        _("how long, in minutes"), validators=[MinValueValidator(15), MaxValueValidator(600)]
    )
    first_date = models.DateField(_("from"))
    until = models.DateField(_("until"), null=True, blank=True)
    # What each meeting it makes starts with (staff can change any one meeting).
    mode = models.CharField(_("how it meets"), max_length=10, choices=MeetingMode.choices)
    place = models.CharField(_("place"), max_length=300, blank=True)
    access_information = models.TextField(_("access"), max_length=1000, blank=True)
    joining_link = models.URLField(_("joining link"), blank=True)
    ended_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["group", "first_date", "pk"]
        verbose_name = _("series of meetings")
        verbose_name_plural = _("series of meetings")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.frequency == self.Frequency.MONTHLY and self.week_of_month is None:
            errors["week_of_month"] = _("Say which one in the month, like the first.")
        if self.frequency == self.Frequency.WEEKLY and not self.every_weeks:
            errors["every_weeks"] = _("Say every how many weeks, like 2 for every other week.")
        if self.until and self.first_date and self.until < self.first_date:
            errors["until"] = _("The last date must be on or after the first.")
        _check_place(self, errors)
        if errors:
            raise ValidationError(errors)


def _check_place(meeting, errors: dict) -> None:
    """In person needs a place; online needs a link; both for a hybrid meeting."""
    if meeting.mode in (MeetingMode.IN_PERSON, MeetingMode.HYBRID) and not meeting.place:
        errors["place"] = _("Say where it happens, for a meeting in person.")
    if meeting.mode in (MeetingMode.ONLINE, MeetingMode.HYBRID) and not meeting.joining_link:
        errors["joining_link"] = _("Give the joining link, for a meeting online.")


class GroupMeetingQuerySet(DatedSessionQuerySet):
    def not_cancelled(self):
        return self.filter(cancelled_at__isnull=True)

    def of_group(self, group):
        return self.filter(group=group)


class GroupMeeting(DatedSession):
    """One meeting of one reference group, with its own agenda, replies and register."""

    group = models.ForeignKey(
        "members.ReferenceGroupPage", on_delete=models.CASCADE, related_name="meetings"
    )
    series = models.ForeignKey(
        MeetingSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=200)
    mode = models.CharField(_("how it meets"), max_length=10, choices=MeetingMode.choices)
    place = models.CharField(
        _("place"), max_length=300, blank=True, help_text=_("The address, for in person.")
    )
    access_information = models.TextField(
        _("access"),
        max_length=1000,
        blank=True,
        help_text=_("For example: step-free entrance, hearing loop, live captions online."),
    )
    # Shown only to the group's members, the researchers on the agenda and staff.
    joining_link = models.URLField(_("joining link"), blank=True)
    papers_due_on = models.DateField(
        _("papers due by"),
        null=True,
        blank=True,
        help_text=_("Researchers on the agenda send their papers by this date."),
    )
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_reason = models.CharField(
        _("why it is cancelled"), max_length=500, blank=True, editable=False
    )
    # One more each time the time or place changes and for the cancellation, so
    # calendars replace the entry they hold (home.calendar, RFC 5546).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # What attendance is recorded against (involvement), made with the first register.
    activity = models.OneToOneField(
        "involvement.Activity",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = GroupMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("group meeting")
        verbose_name_plural = _("group meetings")
        indexes = [models.Index(fields=["group", "starts_at"])]
        permissions = [("run_meeting", _("Can run reference group meetings"))]

    def clean(self):
        super().clean()
        errors = {}
        _check_place(self, errors)
        if (
            self.papers_due_on
            and self.starts_at
            and self.papers_due_on > timezone.localdate(self.starts_at)
        ):
            errors["papers_due_on"] = _("Papers must be due on or before the meeting's date.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def location(self) -> str:
        """For a calendar's location box."""
        if self.mode == MeetingMode.ONLINE:
            return gettext("Online")
        return self.place

    def default_papers_due_on(self) -> datetime.date:
        return timezone.localdate(self.starts_at) - datetime.timedelta(
            days=settings.MEETING_PAPERS_DAYS_BEFORE
        )


class MeetingReply(models.Model):
    """A member's answer: will they come? With any access needs for this meeting
    (shown to staff running it, each reading logged; never in an email)."""

    class Answer(models.TextChoices):
        COMING = "coming", _("I will come")
        NOT_COMING = "not_coming", _("I cannot come")

    meeting = models.ForeignKey(GroupMeeting, on_delete=models.CASCADE, related_name="replies")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_replies"
    )
    answer = models.CharField(_("will you come?"), max_length=12, choices=Answer.choices)
    access_needs = models.TextField(
        _("anything you need to take part in this meeting"), max_length=1000, blank=True
    )
    # Staff answering for a member (by phone): recorded as such.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    # One more each time the answer changes, added to the meeting's own sequence in the
    # member's calendar entry (one UID per reply): "cannot come" after "will come"
    # cancels the entry, and "will come" again must outrank that cancellation.
    sequence = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["meeting", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_reply_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.get_answer_display()}"


class AgendaItem(models.Model):
    """One item on a meeting's agenda; a researcher's request given a slot, or the
    group's own business. The group's feedback to the researcher is recorded here and
    sent to them; their "you said, we did" becomes an impact entry on the meeting."""

    meeting = models.ForeignKey(GroupMeeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what the group is asked"), max_length=3000, blank=True)
    minutes = models.PositiveSmallIntegerField(
        _("how long, in minutes"),
        default=20,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    request = models.ForeignKey(
        "opportunities.ResearchRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )
    feedback = models.TextField(_("the group's feedback"), max_length=6000, blank=True)
    feedback_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    feedback_sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The researcher's answer ("you said, we did"), kept with the meeting's activity.
    impact_entry = models.OneToOneField(
        "involvement.ImpactEntry",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "position", "pk"]
        constraints = [
            # A request has one slot at any one meeting.
            models.UniqueConstraint(
                fields=["meeting", "request"],
                condition=models.Q(request__isnull=False),
                name="one_slot_per_request_per_meeting",
            )
        ]

    def __str__(self) -> str:
        return self.title


class MeetingNotes(models.Model):
    """The notes of a meeting: drafted by staff, shared with attendees (who may suggest
    corrections), then published to the group's members."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SHARED = "shared", _("Shared with attendees for corrections")
        PUBLISHED = "published", _("Published to the group")

    meeting = models.OneToOneField(GroupMeeting, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("notes"), max_length=30000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    corrections_by = models.DateField(_("corrections by"), null=True, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    shared_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name_plural = _("meeting notes")

    def __str__(self) -> str:
        return f"Notes of {self.meeting}"


class NotesCorrection(models.Model):
    """An attendee's suggested correction to a meeting's notes, and staff's answer."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the involvement team")
        MADE = "made", _("Made")
        NOT_MADE = "not_made", _("Not made")

    notes = models.ForeignKey(MeetingNotes, on_delete=models.CASCADE, related_name="corrections")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notes_corrections"
    )
    suggestion = models.TextField(_("your correction"), max_length=3000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("reply"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Correction by {self.member}"
