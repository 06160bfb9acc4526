"""A group meeting's page for its members: who sees it, the joining link and papers,
replying ("will you come?"), the calendar file, notes and corrections, "you said, we
did" (issue 17)."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from home.calendar import google_calendar_url, outlook_calendar_url
from involvement.models import ImpactEntry
from members.factories import MemberFactory, ResearcherFactory
from members.models import GroupMembership
from opportunities.factories import (
    AgendaItemFactory,
    comment_round_create,
    meeting_create,
    paper_create,
)
from opportunities.models import MeetingNotes, MeetingReply, NotesCorrection
from opportunities.services.meetings import (
    MeetingError,
    meeting_activity_sync,
    meeting_event,
    meeting_reply_save,
    notes_correction_suggest,
)
from tests.opportunities.meetings_member_helpers import (
    attended,
    groups,
    join,
    move_to_past,
    on_agenda,
)

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.org/secret-room"


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


@pytest.fixture
def group_pair():
    return groups()


@pytest.fixture
def group(group_pair):
    return group_pair[0]


@pytest.fixture
def meeting(group):
    return meeting_create(
        group=group,
        title="Spring meeting",
        joining_link=LINK,
        access_information="Live captions on request.",
    )


@pytest.fixture
def active(group):
    return join(group, email="active@example.org", name="Ama Owusu")


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run an action and the emails it queues after commit."""

    def run(action, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(**kwargs)

    return run


def page(client, meeting):
    return client.get(reverse("opportunities:meeting", args=[meeting.pk]))


# --- Who sees the meeting ---------------------------------------------------------


def test_an_active_member_sees_the_meeting_with_its_joining_link(client, meeting, active):
    AgendaItemFactory(meeting=meeting, title="Welcome", minutes=10)
    client.force_login(active)
    response = page(client, meeting)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Spring meeting" in body and meeting.when in body
    assert "Live captions on request." in body
    assert LINK in body
    assert "Welcome" in body
    assert "Will you come to this meeting?" in body
    assert "<legend" in body  # the radios are a fieldset with a legend


@pytest.mark.parametrize(
    "status", [GroupMembership.Status.PAUSED, GroupMembership.Status.ENDED, "applied"]
)
def test_a_member_not_active_in_the_group_gets_not_found(client, meeting, group, status):
    client.force_login(join(group, status=status))
    assert page(client, meeting).status_code == 404


def test_a_member_of_another_group_gets_not_found(client, meeting, group_pair):
    client.force_login(join(group_pair[1]))
    assert page(client, meeting).status_code == 404


def test_a_visitor_is_asked_to_sign_in(client, meeting):
    response = page(client, meeting)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_researcher_with_an_item_on_the_agenda_sees_it_and_its_papers(client, meeting):
    researcher = ResearcherFactory()
    item = on_agenda(meeting, researcher, title="Our leaflet")
    paper = paper_create(agenda_item=item, title="Draft leaflet")
    client.force_login(researcher)
    response = page(client, meeting)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Our leaflet" in body
    assert reverse("opportunities:paper", args=[paper.pk]) in body
    assert "Will you come" not in body  # researchers do not reply


def test_another_researcher_gets_not_found(client, meeting):
    on_agenda(meeting, ResearcherFactory())
    client.force_login(ResearcherFactory())
    assert page(client, meeting).status_code == 404


def test_staff_who_run_meetings_see_it_but_not_without_their_second_factor(
    client, meeting, staff, admin_login
):
    client.force_login(staff)
    assert page(client, meeting).status_code == 404  # a password-only session
    admin_login(staff)
    assert page(client, meeting).status_code == 200


def test_the_agenda_shows_items_in_order_with_papers_and_accessible_versions(
    client, meeting, active
):
    second = AgendaItemFactory(meeting=meeting, title="Second item", position=2)
    AgendaItemFactory(meeting=meeting, title="First item", position=1, minutes=15)
    leaflet = paper_create(agenda_item=second, title="Leaflet")
    easy = paper_create(
        agenda_item=second, title="Leaflet", version="easy_read", version_of=leaflet
    )
    general = paper_create(meeting=meeting, title="Minutes of the last meeting")
    client.force_login(active)
    body = page(client, meeting).content.decode()
    assert body.index("First item") < body.index("Second item")
    assert "About 15 minutes" in body
    for each in (leaflet, easy, general):
        assert reverse("opportunities:paper", args=[each.pk]) in body
    assert "Easy read version of Leaflet" in body


def test_a_cancelled_meeting_says_so_and_takes_no_replies(client, meeting, active):
    meeting.cancelled_at = timezone.now()
    meeting.cancelled_reason = "The room is closed."
    meeting.save()
    client.force_login(active)
    body = page(client, meeting).content.decode()
    assert "This meeting is cancelled" in body and "The room is closed." in body
    assert "Will you come" not in body
    assert LINK not in body
    assert "Add to calendar" not in body


# --- Calendar ---------------------------------------------------------------------


def test_the_google_and_outlook_links_never_carry_the_joining_link(client, meeting, active):
    client.force_login(active)
    body = page(client, meeting).content.decode()
    public = meeting_event(meeting, private=False)
    assert "secret-room" not in google_calendar_url(public)
    assert "secret-room" not in outlook_calendar_url(public)
    assert "calendar.google.com" in body
    assert body.count("secret-room") == 1  # only the link on the page itself


def test_the_calendar_file_has_the_joining_link_for_those_who_may_see_it(
    client, meeting, active, group_pair
):
    url = reverse("opportunities:meeting_calendar", args=[meeting.pk])
    client.force_login(active)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "secret-room" in response.content.decode()
    client.force_login(join(group_pair[1]))
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


# --- Replying ---------------------------------------------------------------------


def reply_url(meeting):
    return reverse("opportunities:meeting", args=[meeting.pk])


def calendar_of(message) -> tuple[str, str]:
    (attachment,) = message.attachments
    return attachment[2], attachment[1]


def test_saying_i_will_come_saves_the_reply_and_emails_the_calendar_entry(
    client, meeting, active, django_capture_on_commit_callbacks
):
    client.force_login(active)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reply_url(meeting),
            {"answer": "coming", "access_needs": "A hearing loop, please"},
        )
    assert response.status_code == 302
    reply = MeetingReply.objects.get(meeting=meeting, member=active)
    assert reply.answer == "coming" and reply.access_needs == "A hearing loop, please"
    (message,) = mail.outbox
    assert message.to == ["active@example.org"]
    content_type, ics = calendar_of(message)
    assert content_type == "text/calendar; method=REQUEST"
    assert "METHOD:REQUEST" in ics and "Spring meeting" in ics
    assert "secret-room" in message.body  # they said they will come: they get the link
    # Access needs are health data: never in an email, nor in its calendar entry.
    assert "hearing loop" not in message.body and "hearing loop" not in ics
    assert "hearing loop" not in message.subject
    followed = client.get(response["Location"]).content.decode()
    assert "Thank you: you said you will come." in followed
    assert "hearing loop" in followed  # their own answer, back in the form to change


def test_the_question_about_needs_is_only_kept_for_i_will_come(client, meeting, active):
    client.force_login(active)
    client.post(reply_url(meeting), {"answer": "not_coming", "access_needs": "Large print"})
    reply = MeetingReply.objects.get(meeting=meeting, member=active)
    assert reply.answer == "not_coming" and reply.access_needs == ""
    assert mail.outbox == []  # nothing to put in a calendar


def test_a_reply_without_an_answer_comes_back_with_the_input_kept(client, meeting, active):
    client.force_login(active)
    response = client.post(reply_url(meeting), {"access_needs": "Step-free access"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Error:" in body
    assert "Say whether you will come" in body
    assert "nhsuk-error-summary" in body
    assert "Step-free access" in body
    assert not MeetingReply.objects.exists()


def test_changing_to_cannot_come_takes_the_entry_out_of_the_calendar(meeting, active, sent):
    sent(meeting_reply_save, meeting=meeting, member=active, answer="coming", access_needs="x")
    mail.outbox.clear()
    sent(meeting_reply_save, meeting=meeting, member=active, answer="not_coming")
    (message,) = mail.outbox
    content_type, ics = calendar_of(message)
    assert content_type == "text/calendar; method=CANCEL"
    assert "STATUS:CANCELLED" in ics and "SEQUENCE:1" in ics
    assert "secret-room" not in message.body and "secret-room" not in ics
    # Coming again: a new entry that outranks the cancellation (same UID, higher SEQUENCE).
    mail.outbox.clear()
    sent(meeting_reply_save, meeting=meeting, member=active, answer="coming")
    (message,) = mail.outbox
    _type, ics = calendar_of(message)
    assert "METHOD:REQUEST" in ics and "SEQUENCE:2" in ics


def test_saying_the_same_again_sends_nothing_new(meeting, active, sent):
    sent(meeting_reply_save, meeting=meeting, member=active, answer="coming")
    sent(meeting_reply_save, meeting=meeting, member=active, answer="coming", access_needs="y")
    assert len(mail.outbox) == 1
    assert MeetingReply.objects.get().access_needs == "y"


def test_nobody_replies_to_a_past_or_cancelled_meeting(client, group, active):
    past = move_to_past(meeting_create(group=group))
    with pytest.raises(MeetingError):
        meeting_reply_save(meeting=past, member=active, answer="coming")
    cancelled = meeting_create(group=group, cancelled_at=timezone.now())
    with pytest.raises(MeetingError):
        meeting_reply_save(meeting=cancelled, member=active, answer="coming")
    client.force_login(active)
    for meeting in (past, cancelled):
        response = client.post(reply_url(meeting), {"answer": "coming"})
        assert response.status_code == 302
        assert "Will you come" not in client.get(reply_url(meeting)).content.decode()
    assert not MeetingReply.objects.exists()


def test_nobody_replies_to_another_group_s_meeting(client, meeting, group_pair):
    other = join(group_pair[1])
    with pytest.raises(MeetingError):
        meeting_reply_save(meeting=meeting, member=other, answer="coming")
    client.force_login(other)
    assert client.post(reply_url(meeting), {"answer": "coming"}).status_code == 404
    assert not MeetingReply.objects.exists()


def test_a_researcher_on_the_agenda_cannot_reply(client, meeting):
    researcher = ResearcherFactory()
    on_agenda(meeting, researcher)
    client.force_login(researcher)
    assert client.post(reply_url(meeting), {"answer": "coming"}).status_code == 403
    assert not MeetingReply.objects.exists()


# --- Papers -----------------------------------------------------------------------


def paper_url(paper):
    return reverse("opportunities:paper", args=[paper.pk])


def test_the_meeting_page_says_by_when_its_papers_are_there(client, meeting, active):
    client.force_login(active)
    text = client.get(reverse("opportunities:meeting", args=[meeting.pk])).content.decode()
    assert "Papers on this page by" in text


def test_a_paper_downloads_for_the_group_s_members_as_an_attachment(client, meeting, active):
    paper = paper_create(meeting=meeting, title="Draft leaflet: version 2")
    client.force_login(active)
    response = client.get(paper_url(paper))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="draft-leaflet-version-2.pdf"'
    assert {"private", "no-store"} <= {
        part.strip() for part in response["Cache-Control"].split(",")
    }
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_paper_is_refused_to_everyone_else(client, meeting, group, group_pair, staff):
    paper = paper_create(meeting=meeting)
    researcher = ResearcherFactory()
    on_agenda(meeting, researcher)
    client.force_login(researcher)
    assert client.get(paper_url(paper)).status_code == 200
    for person in (
        join(group_pair[1]),
        join(group, status=GroupMembership.Status.PAUSED),
        ResearcherFactory(),
        MemberFactory(),
        staff,  # a session without the second factor
    ):
        client.force_login(person)
        assert client.get(paper_url(paper)).status_code == 404, person
    client.logout()
    assert client.get(paper_url(paper)).status_code == 302


def test_a_comment_round_paper_follows_the_round(client, group, group_pair, active):
    comment_round = comment_round_create(group=group)
    paper = paper_create(comment_round=comment_round)
    client.force_login(active)
    assert client.get(paper_url(paper)).status_code == 200
    client.force_login(join(group_pair[1]))
    assert client.get(paper_url(paper)).status_code == 404
    comment_round.status = "draft"
    comment_round.save()
    client.force_login(active)
    assert client.get(paper_url(paper)).status_code == 404  # not open to members yet


# --- Notes and corrections --------------------------------------------------------


@pytest.fixture
def held(meeting, active):
    """The meeting, held: `active` came, a second member did not."""
    move_to_past(meeting)
    attended(meeting, active)
    return meeting


def notes_of(meeting, status):
    return MeetingNotes.objects.create(
        meeting=meeting, text="We talked about the leaflet.", status=status
    )


def sees_notes(client, meeting) -> bool:
    return "We talked about the leaflet." in page(client, meeting).content.decode()


@pytest.mark.parametrize(
    ("status", "attendee", "absent", "researcher", "staff_sees"),
    [
        ("draft", False, False, False, True),
        ("shared", True, False, False, True),
        ("published", True, True, True, True),
    ],
)
def test_who_sees_the_notes_depends_on_their_status(
    client,
    held,
    group,
    active,
    staff,
    admin_login,
    status,
    attendee,
    absent,
    researcher,
    staff_sees,
):
    notes_of(held, status)
    on_agenda(held, author := ResearcherFactory())
    client.force_login(active)
    assert sees_notes(client, held) is attendee
    client.force_login(join(group))
    assert sees_notes(client, held) is absent
    client.force_login(author)
    assert sees_notes(client, held) is researcher
    admin_login(staff)
    assert sees_notes(client, held) is staff_sees


def correction_url(meeting):
    return reverse("opportunities:meeting_notes_correction", args=[meeting.pk])


def test_an_attendee_suggests_a_correction_while_the_notes_are_shared(client, held, active):
    notes = notes_of(held, "shared")
    client.force_login(active)
    assert "Suggest a correction" in page(client, held).content.decode()
    response = client.post(correction_url(held), {"correction-suggestion": "I said blue, not red."})
    assert response.status_code == 302
    correction = NotesCorrection.objects.get()
    assert correction.notes == notes and correction.member == active
    assert mail.outbox == []  # staff see it on their screen
    body = client.get(reverse("opportunities:meeting", args=[held.pk])).content.decode()
    assert "I said blue, not red." in body
    assert "Waiting for the involvement team" in body
    correction.status, correction.answer = "made", "Changed, thank you."
    correction.save()
    body = page(client, held).content.decode()
    assert "Made" in body and "Changed, thank you." in body


def test_an_empty_correction_comes_back_with_an_error(client, held, active):
    notes_of(held, "shared")
    client.force_login(active)
    response = client.post(correction_url(held), {"correction-suggestion": ""})
    assert response.status_code == 200
    assert "Write the correction you suggest" in response.content.decode()
    assert not NotesCorrection.objects.exists()


@pytest.mark.parametrize("status", ["draft", "published"])
def test_no_correction_unless_the_notes_are_shared(client, held, active, status):
    notes = notes_of(held, status)
    client.force_login(active)
    assert client.post(correction_url(held), {"correction-suggestion": "x"}).status_code == 403
    with pytest.raises(MeetingError):
        notes_correction_suggest(notes=notes, member=active, suggestion="x")
    assert not NotesCorrection.objects.exists()


def test_only_attendees_suggest_corrections(client, held, group, group_pair):
    notes = notes_of(held, "shared")
    absent = join(group)
    client.force_login(absent)
    assert client.post(correction_url(held), {"correction-suggestion": "x"}).status_code == 403
    with pytest.raises(MeetingError):
        notes_correction_suggest(notes=notes, member=absent, suggestion="x")
    client.force_login(join(group_pair[1]))
    assert client.post(correction_url(held), {"correction-suggestion": "x"}).status_code == 404
    assert client.get(correction_url(held)).status_code == 405
    assert not NotesCorrection.objects.exists()


# --- You said, we did -------------------------------------------------------------


def test_you_said_we_did_is_shown_to_those_who_came_and_staff(
    client, held, group, active, staff, admin_login
):
    item = AgendaItemFactory(meeting=held, title="The leaflet")
    item.impact_entry = ImpactEntry.objects.create(
        activity=meeting_activity_sync(meeting=held), what_changed="We rewrote page two."
    )
    item.save()
    client.force_login(active)
    assert "We rewrote page two." in page(client, held).content.decode()
    client.force_login(join(group))
    assert "We rewrote page two." not in page(client, held).content.decode()
    admin_login(staff)
    assert "We rewrote page two." in page(client, held).content.decode()


# --- Query budget -----------------------------------------------------------------


def _meeting_with(group, *, items, replies):
    meeting = meeting_create(group=group, title=f"With {items} items")
    for n in range(items):
        item = AgendaItemFactory(meeting=meeting, title=f"Item {n}", position=n)
        paper = paper_create(agenda_item=item, title=f"Paper {n}")
        paper_create(agenda_item=item, title=f"Paper {n}", version="large_print", version_of=paper)
    MeetingReply.objects.bulk_create(
        MeetingReply(meeting=meeting, member=join(group), answer="coming") for _ in range(replies)
    )
    return meeting


def test_the_meeting_page_asks_as_many_queries_for_40_items_and_200_replies_as_for_2(
    client, group, active
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = _meeting_with(group, items=2, replies=2)
    large = _meeting_with(group, items=40, replies=200)
    for meeting in (small, large):
        MeetingReply.objects.create(meeting=meeting, member=active, answer="coming")
    client.force_login(active)
    counts = []
    for meeting in (small, large):
        page(client, meeting)  # the first view fills the caches every page fills once
        with CaptureQueriesContext(connection) as context:
            response = page(client, meeting)
        assert response.status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1], counts
    assert "Item 39" in response.content.decode()
