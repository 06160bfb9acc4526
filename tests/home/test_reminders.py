"""Reminders sent once (home.reminders): the window rule, and one email per person however
often the beat task runs."""

import datetime
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core import mail
from hypothesis import given
from hypothesis import strategies as st

from home.models import OrganisationSettings, OutboxEmail
from home.reminders import (
    REMINDER_NOTICE,
    Reminder,
    reminder_is_due,
    reminder_key,
    reminder_window,
    reminders_send,
)
from members.factories import MemberFactory

UTC = datetime.UTC
NOW = datetime.datetime(2027, 1, 10, 18, 0, tzinfo=UTC)
START = datetime.datetime(2027, 1, 12, 18, 0, tzinfo=UTC)  # exactly two days on
END = datetime.datetime(2027, 1, 12, 20, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Person:
    """Anyone with a pk and an email: home knows nothing of members' User."""

    pk: int
    email: str | None = None
    name: str = ""


def reminder(person, *, about="training-session:42", starts_at=START, **context):
    return Reminder(
        person=person,
        about=about,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        context={"title": "Induction: working together", **context},
    )


# --- The window rule (pure) ---


def test_due_two_days_before_until_it_starts():
    hour = datetime.timedelta(hours=1)
    assert reminder_is_due(starts_at=START, now=NOW)  # exactly 48 hours on
    assert not reminder_is_due(starts_at=START + datetime.timedelta(seconds=1), now=NOW)
    assert reminder_is_due(starts_at=START, now=START - hour)
    assert not reminder_is_due(starts_at=START, now=START)  # it has started
    assert not reminder_is_due(starts_at=START, now=START + hour)


def test_the_notice_can_be_changed():
    week = datetime.timedelta(days=7)
    assert reminder_is_due(starts_at=START, now=START - week, notice=week)
    assert not reminder_is_due(starts_at=START, now=START - week)


@given(
    st.datetimes(timezones=st.just(UTC)),
    st.timedeltas(min_value=datetime.timedelta(days=-5), max_value=datetime.timedelta(days=5)),
    st.timedeltas(min_value=datetime.timedelta(0), max_value=datetime.timedelta(days=4)),
)
def test_the_query_window_and_the_rule_agree(now, offset, notice):
    starts_at = now + offset
    after, by = reminder_window(now=now, notice=notice)
    in_query = after < starts_at <= by  # starts_at__gt=after, starts_at__lte=by
    assert in_query == reminder_is_due(starts_at=starts_at, now=now, notice=notice)
    assert in_query == (datetime.timedelta(0) < offset <= notice)


def test_the_outbox_keeps_keys_longer_than_the_window():
    # The key is what stops a second email: it must outlive the time a reminder is due.
    assert datetime.timedelta(days=settings.NOTIFICATION_RETENTION_DAYS) > REMINDER_NOTICE


def test_the_key_names_the_thing_its_start_and_the_person():
    assert reminder_key(reminder(Person(7, "a@example.org"))) == (
        "reminder:training-session:42:20270112T180000Z:7"
    )


def test_a_key_too_long_for_the_outbox_is_refused():
    with pytest.raises(ValueError, match="too long"):
        reminder_key(reminder(Person(7, "a@example.org"), about="x" * 200))


# --- Sending once ---


@pytest.fixture
def organisation(db):
    row = OrganisationSettings.for_default_site()
    row.name = "Leeds Research Partners"
    row.contact_email = "involve@example.org"
    row.save()
    return row


def test_two_runs_send_one_email_per_person(organisation, django_capture_on_commit_callbacks):
    ana, ben = MemberFactory(name="Ana Núñez"), MemberFactory(name="Ben Ng")
    due = [reminder(ana), reminder(ben)]
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders_send(due=due, now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        second = reminders_send(due=due, now=NOW + datetime.timedelta(hours=1))
    assert (first.sent, first.already_sent) == (2, 0)
    assert (second.sent, second.already_sent) == (0, 2)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ana.email, ben.email])


def test_the_reminder_says_what_and_when(organisation, django_capture_on_commit_callbacks):
    ana = MemberFactory(name="Ana Núñez")
    due = [
        reminder(
            ana,
            title="Tea & talk: Ana's group",
            location="Room 3, 1 High Street",
            cancel_url="https://x.example/c/",
        )
    ]
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(due=due, now=NOW)
    (sent,) = mail.outbox
    assert sent.subject == (
        "Reminder: Tea & talk: Ana's group, Tuesday 12 January 2027, 6pm to 8pm"
    )
    assert sent.body.startswith("Hello Ana Núñez,")
    # Plain text: nothing HTML-escaped.
    assert 'that "Tea & talk: Ana\'s group" is on Tuesday 12 January 2027, 6pm to 8pm.' in (
        sent.body
    )
    assert "Where: Room 3, 1 High Street" in sent.body
    assert "https://x.example/c/" in sent.body
    assert sent.reply_to == ["involve@example.org"]


def test_a_person_without_an_email_address_is_skipped_and_counted(
    organisation, django_capture_on_commit_callbacks
):
    ana = MemberFactory()
    no_email = MemberFactory(email=None, verified=False)
    with django_capture_on_commit_callbacks(execute=True):
        result = reminders_send(due=[reminder(ana), reminder(no_email)], now=NOW)
    assert result.sent == 1
    assert result.no_email == [no_email.pk]
    assert [m.to for m in mail.outbox] == [[ana.email]]


def test_anyone_with_a_pk_and_an_email_can_be_reminded(
    organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = reminders_send(
            due=[reminder(Person(1, "a@example.org")), reminder(Person(2, ""))], now=NOW
        )
    assert (result.sent, result.no_email) == (1, [2])
    assert mail.outbox[0].body.startswith("Hello,")


def test_reminders_not_due_are_not_sent(organisation, django_capture_on_commit_callbacks):
    person = Person(1, "a@example.org")
    later = START + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        early = reminders_send(due=[reminder(person, starts_at=later)], now=NOW)
        past = reminders_send(due=[reminder(person)], now=START + datetime.timedelta(minutes=1))
    assert (early.not_due, early.sent, past.not_due, past.sent) == (1, 0, 1, 0)
    assert mail.outbox == []
    assert not OutboxEmail.objects.exists()


def test_a_person_listed_twice_gets_one_email(organisation, django_capture_on_commit_callbacks):
    person = Person(1, "a@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        result = reminders_send(due=[reminder(person), reminder(person)], now=NOW)
    assert (result.sent, result.already_sent) == (1, 1)
    assert len(mail.outbox) == 1


def test_a_moved_event_is_reminded_again(organisation, django_capture_on_commit_callbacks):
    person = Person(1, "a@example.org")
    moved = START + datetime.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(due=[reminder(person)], now=NOW)
        reminders_send(
            due=[reminder(person, starts_at=moved)], now=NOW + datetime.timedelta(days=7)
        )
    assert len(mail.outbox) == 2
    assert "Tuesday 19 January 2027" in mail.outbox[1].subject


def test_the_same_person_is_reminded_of_two_events(
    organisation, django_capture_on_commit_callbacks
):
    person = Person(1, "a@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        result = reminders_send(
            due=[reminder(person), reminder(person, about="meeting:7")], now=NOW
        )
    assert result.sent == 2 and len(mail.outbox) == 2


def test_a_run_that_races_another_sends_nothing_twice(
    organisation, django_capture_on_commit_callbacks, monkeypatch
):
    # The other worker queued the email between this run's look-up and its own
    # enqueue: the outbox's unique key turns this run's attempt into "already sent".
    from home import reminders

    person = Person(1, "a@example.org")
    real_filter = OutboxEmail.objects.filter

    def look_up_then_lose_the_race(*args, **kwargs):
        if "key__in" in kwargs:
            OutboxEmail.objects.create(
                payload={}, key=reminder_key(reminder(person)), to_address=person.email
            )
            return real_filter(pk__in=[])  # the look-up saw nothing yet
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(reminders.OutboxEmail.objects, "filter", look_up_then_lose_the_race)
    with django_capture_on_commit_callbacks(execute=False):
        result = reminders_send(due=[reminder(person)], now=NOW)
    assert (result.sent, result.already_sent) == (0, 1)
    assert OutboxEmail.objects.count() == 1


def test_a_naive_start_is_refused():
    with pytest.raises(ValueError, match="aware"):
        Reminder(person=Person(1), about="meeting:7", starts_at=datetime.datetime(2027, 1, 12, 18))
