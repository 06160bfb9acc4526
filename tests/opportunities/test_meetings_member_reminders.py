"""Reminders two days before a group meeting, to the members who said they will come,
once; and members' replies and corrections in their data download and on erasure."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from members.models import GroupMembership
from members.services.personal_data import account_erase, personal_data_collect
from opportunities.factories import meeting_create
from opportunities.models import MeetingNotes, MeetingReply, NotesCorrection
from opportunities.services.meetings import meeting_reply_save, notes_correction_suggest
from opportunities.tasks import meeting_reminders_send
from tests.opportunities.meetings_member_helpers import attended, groups, join, move_to_past

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    return groups()[0]


def soon(group, **fields):
    meeting = meeting_create(group=group, days=3, title="Autumn meeting", **fields)
    meeting.starts_at = timezone.now() + datetime.timedelta(hours=40)
    meeting.ends_at = meeting.starts_at + datetime.timedelta(hours=2)
    meeting.papers_due_on = None
    meeting.save()
    return meeting


def run(capture):
    with capture(execute=True):
        return meeting_reminders_send()


def test_members_who_said_they_will_come_are_reminded_once(
    group, django_capture_on_commit_callbacks
):
    meeting = soon(group, joining_link="https://meet.example.org/room")
    coming = join(group, email="coming@example.org")
    meeting_reply_save(meeting=meeting, member=coming, answer="coming", access_needs="Captions")
    meeting_reply_save(meeting=meeting, member=join(group), answer="not_coming")
    join(group)  # no reply
    mail.outbox.clear()
    first = run(django_capture_on_commit_callbacks)
    second = run(django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.to == ["coming@example.org"]
    assert message.subject.startswith("Reminder: Autumn meeting")
    assert meeting.when in message.body
    assert "https://meet.example.org/room" in message.body
    assert f"{settings.SITE_URL}/meetings/{meeting.pk}/" in message.body
    assert "Captions" not in message.body  # never their access needs
    assert first == {"sent": 1, "already_sent": 0, "no_email": 0}
    assert second["sent"] == 0 and second["already_sent"] == 1


def test_nobody_is_reminded_of_a_far_off_or_cancelled_meeting_or_after_leaving(
    group, django_capture_on_commit_callbacks
):
    far = meeting_create(group=group, days=10)
    meeting_reply_save(meeting=far, member=join(group), answer="coming")
    off = soon(group)
    meeting_reply_save(meeting=off, member=join(group), answer="coming")
    off.cancelled_at = timezone.now()
    off.save()
    still = soon(group)
    paused = join(group)
    meeting_reply_save(meeting=still, member=paused, answer="coming")
    GroupMembership.objects.filter(member=paused).update(status=GroupMembership.Status.PAUSED)
    mail.outbox.clear()
    assert run(django_capture_on_commit_callbacks)["sent"] == 0
    assert mail.outbox == []


def test_members_without_email_are_counted_for_staff_to_phone(group):
    meeting = soon(group)
    meeting_reply_save(meeting=meeting, member=join(group, email=""), answer="coming")
    assert meeting_reminders_send()["no_email"] == 1


def test_the_task_runs_on_the_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["meeting-reminders"]
    assert entry["task"] == "opportunities.meeting_reminders_send"
    from config.celery import app

    assert "opportunities.meeting_reminders_send" in app.tasks


# --- Their data -------------------------------------------------------------------


@pytest.fixture
def with_records(group):
    """A member with a reply to a meeting to come and a correction to a past one."""
    member = join(group, email="records@example.org")
    meeting_reply_save(
        meeting=meeting_create(group=group, title="Next one"),
        member=member,
        answer="coming",
        access_needs="A quiet room",
    )
    held = move_to_past(meeting_create(group=group, title="Last one"))
    attended(held, member)
    notes = MeetingNotes.objects.create(meeting=held, text="Notes", status="shared")
    notes_correction_suggest(notes=notes, member=member, suggestion="My name is spelt Siân.")
    return member


def test_replies_and_corrections_are_in_the_data_download(with_records):
    data = personal_data_collect(user=with_records)
    section = data["Your group meetings"]
    (reply,) = section["Replies"]
    assert reply["Meeting"] == "Next one"
    assert reply["Your answer"] == "I will come"
    assert reply["What you said you need to take part"] == "A quiet room"
    (correction,) = section["Corrections you suggested to meeting notes"]
    assert correction["Your correction"] == "My name is spelt Siân."
    assert correction["Status"] == "Waiting for the involvement team"


def test_erasing_the_account_deletes_replies_and_corrections(with_records):
    other = join(groups()[0])
    meeting_reply_save(meeting=MeetingReply.objects.get().meeting, member=other, answer="coming")
    account_erase(user=with_records)
    assert list(MeetingReply.objects.values_list("member_id", flat=True)) == [other.pk]
    assert not NotesCorrection.objects.exists()
    assert MeetingNotes.objects.exists()  # the meeting's notes stay
