"""Group meetings, the staff screens: meetings and series made, changed, cancelled; the
agenda with slots given to researchers' requests; the register (→ involvement →
payment); the notes; the feedback to researchers; and who may use any of it."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from home.calendar import event_uid
from home.models import OutboxEmail
from involvement.models import Involvement
from members.factories import MemberFactory, ResearcherFactory
from opportunities.factories import (
    AgendaItemFactory,
    ResearchRequestFactory,
    meeting_create,
    paper_create,
)
from opportunities.models import (
    AgendaItem,
    GroupMeeting,
    MeetingNotes,
    MeetingReply,
    NotesCorrection,
    ResearchRequest,
    Route,
)
from opportunities.models.meetings import CALENDAR_KIND_MEETING
from opportunities.services.meeting_admin import (
    Mark,
    agenda_feedback_send,
    agenda_slot_accept,
    meeting_attendance_record,
    meeting_cancel,
    meeting_notes_publish,
    meeting_notes_save,
    meeting_notes_share,
    meeting_series_create,
    meeting_update,
    notes_correction_answer,
    series_plan,
)
from opportunities.services.meetings import MeetingError
from tests.opportunities.meeting_admin_helpers import (
    active_member,
    by_address,
    calendar,
    group_get,
    staff_without_permission,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def group():
    return group_get()


@pytest.fixture
def meeting(group):
    return meeting_create(group=group, days=14)


@pytest.fixture
def held(group):
    """A meeting held yesterday, 6pm to 8pm."""
    return meeting_create(group=group, days=-1)


@pytest.fixture
def slot_request(group):
    return ResearchRequestFactory(
        route=Route.MEETING_SLOT, group=group, slot_minutes=30, project_title="Insulin pens"
    )


@pytest.fixture
def staff_client(admin_login, staff):
    return admin_login(staff)


# Who may use the screens -----------------------------------------------------------


def _screens(group, meeting, item, research_request, correction):
    return [
        reverse("opportunities_meetings"),
        reverse("opportunities_group_meetings", args=[group.pk]),
        reverse("opportunities_meeting_new", args=[group.pk]),
        reverse("opportunities_meeting_series_new", args=[group.pk]),
        reverse("opportunities_meeting_admin", args=[meeting.pk]),
        reverse("opportunities_meeting_edit", args=[meeting.pk]),
        reverse("opportunities_meeting_cancel", args=[meeting.pk]),
        reverse("opportunities_agenda_item_new", args=[meeting.pk]),
        reverse("opportunities_agenda_item_edit", args=[item.pk]),
        reverse("opportunities_agenda_item_remove", args=[item.pk]),
        reverse("opportunities_agenda_item_move", args=[item.pk]),
        reverse("opportunities_agenda_slot_accept", args=[meeting.pk, research_request.pk]),
        reverse("opportunities_meeting_paper_new", args=[meeting.pk]),
        reverse("opportunities_meeting_register", args=[meeting.pk]),
        reverse("opportunities_meeting_notes", args=[meeting.pk]),
        reverse("opportunities_notes_correction", args=[correction.pk]),
        reverse("opportunities_agenda_feedback", args=[item.pk]),
    ]


@pytest.fixture
def screens(group, held, slot_request):
    member = active_member(group)
    item = AgendaItemFactory(meeting=held, request=ResearchRequestFactory())
    notes = MeetingNotes.objects.create(meeting=held, text="Notes")
    correction = NotesCorrection.objects.create(notes=notes, member=member, suggestion="Fix")
    paper = paper_create(meeting=held)
    return [
        *_screens(group, held, item, slot_request, correction),
        reverse("opportunities_meeting_paper_remove", args=[paper.pk]),
    ]


@pytest.mark.parametrize("who", ["anonymous", "member", "researcher", "staff_no_permission"])
def test_every_screen_is_refused_to_anyone_without_the_permission(who, screens, admin_login, group):
    client = Client()
    if who == "member":
        client.force_login(active_member(group))  # even a member of the group
    elif who == "researcher":
        client.force_login(ResearcherFactory())
    elif who == "staff_no_permission":
        client = admin_login(staff_without_permission())
    for url in screens:
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if who == "anonymous":
                assert response.status_code == 302, url
                assert "/login/" in response["Location"], url
            else:
                assert response.status_code in (403, 302), (url, method, response.status_code)
                if response.status_code == 302:
                    assert response["Location"] == "/admin/", url
    assert GroupMeeting.objects.count() == 1
    assert not MeetingNotes.objects.exclude(status="draft").exists()


def test_staff_see_the_groups_and_a_groups_meetings(staff_client, group, meeting, held):
    MeetingNotes.objects.create(meeting=held, text="Notes", status="shared")
    MeetingReply.objects.create(meeting=meeting, member=active_member(group), answer="coming")
    AgendaItemFactory(meeting=meeting)
    response = staff_client.get(reverse("opportunities_meetings"))
    assert response.status_code == 200
    assert group.title in response.text and meeting.when in response.text
    response = staff_client.get(reverse("opportunities_group_meetings", args=[group.pk]))
    assert response.status_code == 200
    page = list(response.context["page_obj"].object_list)
    assert page == [meeting, held]  # to come first, then past
    assert page[0].coming_count == 1 and page[0].items_count == 1
    assert "Notes shared for corrections" in response.text


# A meeting, a series ---------------------------------------------------------------


def test_staff_add_a_meeting_and_papers_are_due_a_week_before(staff_client, group, staff):
    response = staff_client.post(
        reverse("opportunities_meeting_new", args=[group.pk]),
        {
            "title": "Spring meeting",
            "starts_at": "2030-04-02T18:00",
            "ends_at": "2030-04-02T20:00",
            "mode": "online",
            "joining_link": "https://meet.example.org/spring",
        },
    )
    meeting = GroupMeeting.objects.get()
    assert response.status_code == 302
    assert timezone.localtime(meeting.starts_at).hour == 18
    assert meeting.papers_due_on == datetime.date(2030, 3, 26)
    assert meeting.created_by == staff


def test_a_meeting_form_with_errors_keeps_what_was_typed(staff_client, group):
    response = staff_client.post(
        reverse("opportunities_meeting_new", args=[group.pk]),
        {
            "title": "Autumn meeting",
            "starts_at": "2030-10-02T18:00",
            "ends_at": "2030-10-02T20:00",
            "mode": "in_person",
            "place": "",
        },
    )
    assert response.status_code == 200
    assert "Error:" in response.content.decode()
    assert "Autumn meeting" in response.text and "2030-10-02T18:00" in response.text
    assert "Say where it happens" in response.text
    assert not GroupMeeting.objects.exists()


def _series(**overrides):
    values = {
        "frequency": "monthly",
        "weekday": 1,
        "week_of_month": 1,
        "every_weeks": None,
        "first_date": datetime.date(2030, 1, 1),
        "until": datetime.date(2030, 6, 30),
        "start_time": datetime.time(18),
        "duration_minutes": 120,
    }
    return {**values, **overrides}


def test_first_tuesday_of_every_month():
    plan = series_plan(**_series())
    days = [start.astimezone(LONDON).date() for start, _end in plan.times]
    assert days == [
        datetime.date(2030, 1, 1),
        datetime.date(2030, 2, 5),
        datetime.date(2030, 3, 5),
        datetime.date(2030, 4, 2),
        datetime.date(2030, 5, 7),
        datetime.date(2030, 6, 4),
    ]


def test_last_friday_of_every_month():
    plan = series_plan(**_series(weekday=4, week_of_month=-1, until=datetime.date(2030, 3, 31)))
    days = [start.astimezone(LONDON).date() for start, _end in plan.times]
    assert days == [
        datetime.date(2030, 1, 25),
        datetime.date(2030, 2, 22),
        datetime.date(2030, 3, 29),
    ]


def test_every_two_weeks():
    plan = series_plan(
        **_series(
            frequency="weekly",
            weekday=2,
            week_of_month=None,
            every_weeks=2,
            first_date=datetime.date(2030, 1, 1),
            until=datetime.date(2030, 2, 10),
        )
    )
    days = [start.astimezone(LONDON).date() for start, _end in plan.times]
    assert days == [
        datetime.date(2030, 1, 2),
        datetime.date(2030, 1, 16),
        datetime.date(2030, 1, 30),
    ]


def test_across_the_clocks_changing_the_meeting_stays_at_6pm_uk_time():
    # The clocks go forward on 31 March 2030 and back on 27 October 2030.
    plan = series_plan(
        **_series(first_date=datetime.date(2030, 2, 1), until=datetime.date(2030, 11, 30))
    )
    local = [(start.astimezone(LONDON), end.astimezone(LONDON)) for start, end in plan.times]
    assert {(start.hour, start.minute, end.hour) for start, end in local} == {(18, 0, 20)}
    utc_hours = {start.astimezone(datetime.UTC).hour for start, _end in plan.times}
    assert utc_hours == {17, 18}  # BST in summer, GMT in winter


def test_a_series_without_an_end_stops_months_ahead(settings):
    settings.MEETING_SERIES_MONTHS_AHEAD = 3
    plan = series_plan(**_series(until=None))
    assert len(plan.times) == 3


def test_a_series_is_checked_then_made(staff_client, group):
    data = {
        "title": "Monthly meeting",
        "frequency": "monthly",
        "weekday": "1",
        "week_of_month": "1",
        "start_time": "18:00",
        "duration_minutes": "120",
        "first_date": "2030-01-01",
        "until": "2030-04-30",
        "mode": "online",
        "joining_link": "https://meet.example.org/monthly",
    }
    url = reverse("opportunities_meeting_series_new", args=[group.pk])
    check = staff_client.post(url, data)
    assert check.status_code == 200
    assert "Make these meetings" in check.text
    assert len(check.context["plan"].times) == 4
    assert not GroupMeeting.objects.exists()
    made = staff_client.post(url, {**data, "confirm": "1"})
    assert made.status_code == 302
    meetings = list(GroupMeeting.objects.order_by("starts_at"))
    assert len(meetings) == 4
    assert {m.series.title for m in meetings} == {"Monthly meeting"}
    assert all(m.papers_due_on == m.default_papers_due_on() for m in meetings)


def test_a_series_form_with_errors_keeps_what_was_typed(staff_client, group):
    response = staff_client.post(
        reverse("opportunities_meeting_series_new", args=[group.pk]),
        {
            "title": "Fortnightly",
            "frequency": "weekly",
            "weekday": "2",
            "start_time": "18:00",
            "duration_minutes": "90",
            "first_date": "2030-01-01",
            "mode": "online",
            "joining_link": "https://meet.example.org/f",
        },
    )
    assert response.status_code == 200
    assert "Error:" in response.text and "Fortnightly" in response.text
    assert "every how many weeks" in response.text.lower()


def test_moving_a_meeting_updates_the_calendar_of_those_coming(
    group, meeting, staff, django_capture_on_commit_callbacks
):
    coming = active_member(group, email="coming@example.org")
    away = active_member(group, email="away@example.org")
    reply = MeetingReply.objects.create(
        meeting=meeting, member=coming, answer="coming", access_needs="Hearing loop"
    )
    MeetingReply.objects.create(meeting=meeting, member=away, answer="not_coming")
    with django_capture_on_commit_callbacks(execute=True):
        _row, emailed = meeting_update(
            meeting=meeting,
            by=staff,
            starts_at=meeting.starts_at + datetime.timedelta(days=1),
            ends_at=meeting.ends_at + datetime.timedelta(days=1),
        )
    assert emailed == 1
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    sent = by_address()
    assert list(sent) == ["coming@example.org"]
    method, props = calendar(sent["coming@example.org"])
    assert method == "REQUEST"
    # The entry the member's calendar holds (one per reply) is the one updated.
    assert props["UID"] == event_uid(f"{CALENDAR_KIND_MEETING}-reply", reply.pk)
    assert props["SEQUENCE"] == "1"
    assert "Hearing loop" not in sent["coming@example.org"].body
    # A change to the title only: no news, no sequence.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(meeting=meeting, by=staff, title="A new title")
    meeting.refresh_from_db()
    assert meeting.sequence == 1 and mail.outbox == []


def test_cancelling_withdraws_the_calendar_entry_and_tells_who_replied(
    group, meeting, staff, django_capture_on_commit_callbacks, staff_client
):
    coming = MeetingReply.objects.create(
        meeting=meeting, member=active_member(group, email="c@example.org"), answer="coming"
    )
    MeetingReply.objects.create(
        meeting=meeting, member=active_member(group, email="n@example.org"), answer="not_coming"
    )
    active_member(group, email="silent@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("opportunities_meeting_cancel", args=[meeting.pk]), {"reason": "Snow"}
        )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_cancelled and meeting.sequence == 1 and meeting.cancelled_reason == "Snow"
    sent = by_address()
    assert set(sent) == {"c@example.org", "n@example.org"}
    method, props = calendar(sent["c@example.org"])
    assert method == "CANCEL"
    assert props["UID"] == event_uid(f"{CALENDAR_KIND_MEETING}-reply", coming.pk)
    assert "meet.example.org" not in sent["c@example.org"].attachments[0][1]  # no link
    assert sent["n@example.org"].attachments == []
    with pytest.raises(MeetingError):
        meeting_cancel(meeting=meeting, reason="Again", by=staff)


def test_a_cancel_without_a_reason_keeps_the_page(staff_client, meeting):
    response = staff_client.post(reverse("opportunities_meeting_cancel", args=[meeting.pk]), {})
    assert response.status_code == 200 and "Error:" in response.text
    meeting.refresh_from_db()
    assert not meeting.is_cancelled


# The meeting's screen, the agenda -------------------------------------------------


def test_the_meeting_screen_shows_replies_with_access_needs_and_logs_the_look(
    staff_client, staff, group, meeting, slot_request
):
    person = active_member(group, name="Zoë Ndlovu")
    MeetingReply.objects.create(
        meeting=meeting, member=person, answer="coming", access_needs="Wheelchair user"
    )
    response = staff_client.get(reverse("opportunities_meeting_admin", args=[meeting.pk]))
    assert response.status_code == 200
    assert "Wheelchair user" in response.text and "Zoë Ndlovu" in response.text
    assert "Insulin pens" in response.text  # waiting for a slot
    assert ModelLogEntry.objects.filter(
        action="roundtable.access_needs_viewed", object_id=str(person.pk), user=staff
    ).exists()


def test_staff_build_the_agenda_add_move_remove(staff_client, meeting):
    url = reverse("opportunities_agenda_item_new", args=[meeting.pk])
    for title in ("Welcome", "Leaflet", "Any other business"):
        assert staff_client.post(url, {"title": title, "minutes": "10"}).status_code == 302

    def titles():
        return list(AgendaItem.objects.order_by("position", "pk").values_list("title", flat=True))

    assert titles() == ["Welcome", "Leaflet", "Any other business"]
    last = AgendaItem.objects.get(title="Any other business")
    staff_client.post(
        reverse("opportunities_agenda_item_move", args=[last.pk]), {"direction": "up"}
    )
    assert titles() == ["Welcome", "Any other business", "Leaflet"]
    first = AgendaItem.objects.get(title="Welcome")
    staff_client.post(
        reverse("opportunities_agenda_item_move", args=[first.pk]), {"direction": "down"}
    )
    assert titles() == ["Any other business", "Welcome", "Leaflet"]
    staff_client.post(
        reverse("opportunities_agenda_item_edit", args=[first.pk]),
        {"title": "Welcome and introductions", "minutes": "15"},
    )
    staff_client.post(reverse("opportunities_agenda_item_remove", args=[last.pk]))
    assert titles() == ["Welcome and introductions", "Leaflet"]


def test_an_agenda_item_with_errors_keeps_what_was_typed(staff_client, meeting):
    response = staff_client.post(
        reverse("opportunities_agenda_item_new", args=[meeting.pk]),
        {"title": "Leaflet", "minutes": "1"},
    )
    assert response.status_code == 200 and "Error:" in response.text
    assert 'value="Leaflet"' in response.text
    assert not AgendaItem.objects.exists()


def test_accepting_a_slot_puts_it_on_the_agenda_and_emails_the_researcher_once(
    staff_client, staff, meeting, slot_request, django_capture_on_commit_callbacks
):
    url = reverse("opportunities_agenda_slot_accept", args=[meeting.pk, slot_request.pk])
    page = staff_client.get(url)
    assert page.status_code == 200 and 'value="30"' in page.text
    due = meeting.papers_due_on
    data = {
        "minutes": "30",
        "papers_due_on": due.isoformat(),
        "what_to_send": "A one-page summary and your questions",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert staff_client.post(url, data).status_code == 302
    item = AgendaItem.objects.get()
    assert item.request == slot_request and item.meeting == meeting
    assert item.title == "Insulin pens" and item.description == slot_request.summary
    slot_request.refresh_from_db()
    assert slot_request.status == ResearchRequest.Status.ACCEPTED
    assert slot_request.events.filter(status="accepted", by=staff).exists()
    (message,) = mail.outbox
    assert message.to == [slot_request.researcher.email]
    assert meeting.when in message.body and "30 minutes" in message.body
    assert "A one-page summary" in message.body
    assert "easy-read and large-print" in message.body
    # Again: the same item, no second email.
    with django_capture_on_commit_callbacks(execute=True):
        again = agenda_slot_accept(
            research_request=slot_request,
            meeting=meeting,
            minutes=30,
            papers_due_on=due,
            what_to_send="x",
            by=staff,
        )
    assert again == item and len(mail.outbox) == 1
    assert AgendaItem.objects.count() == 1


def test_a_slot_form_with_errors_keeps_what_was_typed(staff_client, meeting, slot_request):
    url = reverse("opportunities_agenda_slot_accept", args=[meeting.pk, slot_request.pk])
    late = (timezone.localdate(meeting.starts_at) + datetime.timedelta(days=1)).isoformat()
    response = staff_client.post(
        url, {"minutes": "30", "papers_due_on": late, "what_to_send": "Our leaflet"}
    )
    assert response.status_code == 200 and "Error:" in response.text
    assert "Our leaflet" in response.text and late in response.text
    assert not AgendaItem.objects.exists()


def test_a_request_for_individuals_gets_no_slot(staff_client, meeting, staff):
    other = ResearchRequestFactory()
    url = reverse("opportunities_agenda_slot_accept", args=[meeting.pk, other.pk])
    assert staff_client.get(url).status_code == 404
    with pytest.raises(MeetingError):
        agenda_slot_accept(
            research_request=other,
            meeting=meeting,
            minutes=20,
            papers_due_on=meeting.papers_due_on,
            what_to_send="",
            by=staff,
        )


def test_staff_upload_a_paper_and_an_easy_read_version(staff_client, meeting):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from opportunities.factories import TINY_PDF
    from opportunities.models import Paper

    url = reverse("opportunities_meeting_paper_new", args=[meeting.pk])
    response = staff_client.post(
        url,
        {"title": "Leaflet", "version": "standard", "file": SimpleUploadedFile("a.pdf", TINY_PDF)},
    )
    assert response.status_code == 302
    standard = Paper.objects.get()
    response = staff_client.post(
        url,
        {
            "title": "Leaflet (easy read)",
            "version": "easy_read",
            "version_of": str(standard.pk),
            "file": SimpleUploadedFile("b.pdf", TINY_PDF),
        },
    )
    assert response.status_code == 302
    assert standard.versions.get().version == "easy_read"
    page = staff_client.get(reverse("opportunities_meeting_admin", args=[meeting.pk]))
    assert "Leaflet (easy read)" in page.text
    staff_client.post(reverse("opportunities_meeting_paper_remove", args=[standard.pk]))
    assert not Paper.objects.exists()


# The register ----------------------------------------------------------------------


def test_attendance_becomes_involvement_and_a_payment_at_the_group_meeting_rate(
    staff_client, staff, group, held
):
    from reciprocity.factories import rate_card_example
    from reciprocity.models import Payment
    from reciprocity.services.payments import payments_generate

    rate_card_example()
    came = active_member(group)
    away = active_member(group)
    url = reverse("opportunities_meeting_register", args=[held.pk])
    page = staff_client.get(url)
    assert page.status_code == 200 and 'value="2.00"' in page.text  # the meeting's length
    response = staff_client.post(
        url,
        {
            f"attended-{came.pk}": "attended",
            f"hours-{came.pk}": "2",
            f"attended-{away.pk}": "absent",
        },
    )
    assert response.status_code == 302
    held.refresh_from_db()
    rows = {row.member_id: row for row in Involvement.objects.filter(activity=held.activity)}
    assert rows[came.pk].attended and rows[came.pk].hours == Decimal("2")
    assert not rows[away.pk].attended
    assert held.activity.kind == "group_meeting"
    payments_generate(involvements=list(rows.values()), by=staff)
    payment = Payment.objects.get()
    assert payment.involvement == rows[came.pk] and payment.amount > 0
    assert ModelLogEntry.objects.filter(action="roundtable.meeting_register", user=staff).exists()
    # A correction in place: the same rows.
    staff_client.post(url, {f"attended-{came.pk}": "attended", f"hours-{came.pk}": "1.5"})
    assert Involvement.objects.filter(activity=held.activity).count() == 2
    assert Involvement.objects.get(member=came, activity=held.activity).hours == Decimal("1.5")


def test_staff_who_are_members_cannot_mark_themselves(staff, group, held, staff_client):
    from members.models import GroupMembership

    GroupMembership.objects.create(member=staff, group=group, status="active")
    page = staff_client.get(reverse("opportunities_meeting_register", args=[held.pk]))
    assert "Your own record" in page.text
    with pytest.raises(MeetingError):
        meeting_attendance_record(
            meeting=held, marks={staff.pk: Mark(attended=True, hours=Decimal(2))}, by=staff
        )
    assert not Involvement.objects.exists()


def test_no_register_before_the_meeting_starts(staff, group, meeting):
    member = active_member(group)
    with pytest.raises(MeetingError, match="started"):
        meeting_attendance_record(
            meeting=meeting, marks={member.pk: Mark(attended=True, hours=Decimal(2))}, by=staff
        )


def test_a_register_with_errors_keeps_what_was_typed(staff_client, group, held):
    came = active_member(group)
    response = staff_client.post(
        reverse("opportunities_meeting_register", args=[held.pk]),
        {f"attended-{came.pk}": "attended", f"hours-{came.pk}": "0"},
    )
    assert response.status_code == 200 and "Error:" in response.text
    assert not Involvement.objects.exists()


# Notes -----------------------------------------------------------------------------


def _attended(held, staff, *members):
    meeting_attendance_record(
        meeting=held,
        marks={m.pk: Mark(attended=True, hours=Decimal(2)) for m in members},
        by=staff,
    )


def test_notes_shared_with_attendees_then_published_to_the_group(
    staff, staff_client, group, held, django_capture_on_commit_callbacks
):
    came = active_member(group, email="came@example.org")
    stayed_home = active_member(group, email="home@example.org")
    _attended(held, staff, came)
    url = reverse("opportunities_meeting_notes", args=[held.pk])
    staff_client.post(url, {"action": "save", "text": "We talked about the secret leaflet."})
    notes = MeetingNotes.objects.get()
    assert notes.status == "draft"
    day = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {"action": "share", "corrections_by": day})
    notes.refresh_from_db()
    assert notes.status == "shared" and notes.corrections_by.isoformat() == day
    assert list(by_address()) == ["came@example.org"]
    assert "secret leaflet" not in mail.outbox[0].body
    # A correction, answered: the member is told.
    correction = NotesCorrection.objects.create(notes=notes, member=came, suggestion="I said 3")
    publish = staff_client.post(url, {"action": "publish"})
    assert publish.status_code == 200 and "Answer every suggested correction" in publish.text
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("opportunities_notes_correction", args=[correction.pk]),
            {"status": "made", "answer": "Changed, thank you."},
        )
    correction.refresh_from_db()
    assert correction.status == "made" and correction.answered_by == staff
    (told,) = mail.outbox
    assert told.to == ["came@example.org"] and "Changed, thank you." in told.body
    assert ModelLogEntry.objects.filter(action="roundtable.notes_correction_answered").exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {"action": "publish"})
    notes.refresh_from_db()
    assert notes.status == "published"
    assert set(by_address()) >= {"came@example.org", "home@example.org"}
    assert all("secret leaflet" not in m.body for m in mail.outbox)
    with pytest.raises(MeetingError):
        meeting_notes_publish(meeting=held, by=staff)
    assert stayed_home  # emailed as an active member, not as an attendee


def test_notes_share_refuses_without_attendees_and_keeps_the_date(staff, staff_client, held):
    meeting_notes_save(meeting=held, text="Notes", by=staff)
    day = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = staff_client.post(
        reverse("opportunities_meeting_notes", args=[held.pk]),
        {"action": "share", "corrections_by": day},
    )
    assert response.status_code == 200 and "Take the register first" in response.text
    assert day in response.text
    with pytest.raises(MeetingError):
        meeting_notes_share(meeting=held, corrections_by=timezone.localdate(), by=staff)


def test_a_correction_not_made_needs_a_reason(staff, group, held):
    member = active_member(group)
    notes = meeting_notes_save(meeting=held, text="Notes", by=staff)
    correction = NotesCorrection.objects.create(notes=notes, member=member, suggestion="x")
    with pytest.raises(MeetingError):
        notes_correction_answer(correction=correction, status="not_made", answer="", by=staff)


# Feedback --------------------------------------------------------------------------


def test_feedback_is_checked_then_sent_once_per_version(
    staff, staff_client, held, django_capture_on_commit_callbacks
):
    research_request = ResearchRequestFactory(route=Route.MEETING_SLOT)
    item = AgendaItemFactory(meeting=held, request=research_request)
    url = reverse("opportunities_agenda_feedback", args=[item.pk])
    check = staff_client.post(url, {"feedback": "Make the leaflet shorter."})
    assert check.status_code == 200 and "Send to the researcher" in check.text
    assert mail.outbox == [] and not AgendaItem.objects.get().feedback
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {"feedback": "Make the leaflet shorter.", "confirm": "1"})
    item.refresh_from_db()
    assert item.feedback_sent_at and item.feedback_sent_by == staff
    (message,) = mail.outbox
    assert message.to == [research_request.researcher.email]
    assert "Make the leaflet shorter." in message.body
    assert reverse("opportunities:request_detail", args=[research_request.pk]) in message.body
    # The same words again: nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            agenda_feedback_send(item=item, feedback="Make the leaflet shorter.", by=staff) is False
        )
    assert len(mail.outbox) == 1
    # Edited: sent again, and says so.
    with django_capture_on_commit_callbacks(execute=True):
        assert agenda_feedback_send(item=item, feedback="Shorter, and bigger type.", by=staff)
    assert len(mail.outbox) == 2
    assert "replaces the feedback" in mail.outbox[1].body
    assert mail.outbox[1].subject.startswith("Updated")
    assert OutboxEmail.objects.filter(key__startswith=f"agenda-feedback:{item.pk}:").count() == 2


def test_feedback_only_for_items_with_a_request(staff, staff_client, held):
    item = AgendaItemFactory(meeting=held)
    assert (
        staff_client.get(reverse("opportunities_agenda_feedback", args=[item.pk])).status_code
        == 404
    )
    with pytest.raises(MeetingError):
        agenda_feedback_send(item=item, feedback="x", by=staff)


def test_an_empty_feedback_keeps_the_page(staff_client, held):
    item = AgendaItemFactory(meeting=held, request=ResearchRequestFactory())
    response = staff_client.post(reverse("opportunities_agenda_feedback", args=[item.pk]), {})
    assert response.status_code == 200 and "Error:" in response.text


def test_series_service_makes_meetings_with_the_series_place(group, staff):
    series, meetings = meeting_series_create(
        group=group,
        by=staff,
        title="Quarterly",
        mode="in_person",
        place="Civic Centre",
        **_series(until=datetime.date(2030, 3, 31)),
    )
    assert len(meetings) == 3 and {m.place for m in meetings} == {"Civic Centre"}
    assert all(m.series == series for m in GroupMeeting.objects.all())
    with pytest.raises(MeetingError):
        meeting_series_create(
            group=group, by=staff, title="No place", mode="in_person", **_series()
        )


def test_members_not_in_the_group_are_not_on_the_register(group, held, staff):
    outsider = MemberFactory()
    with pytest.raises(MeetingError):
        meeting_attendance_record(
            meeting=held, marks={outsider.pk: Mark(attended=True, hours=Decimal(2))}, by=staff
        )


def test_the_demo_meetings_are_made_once():
    from members.demo_content import demo_groups_create
    from members.factories import StaffFactory
    from opportunities.demo_content import demo_meetings_create
    from opportunities.models import MeetingSeries

    demo_groups_create()
    StaffFactory(email="officer@example.org")
    ResearcherFactory(email="researcher@example.org")
    demo_meetings_create()
    demo_meetings_create()
    assert MeetingSeries.objects.count() == 1
    assert GroupMeeting.objects.count() >= 3
    item = AgendaItem.objects.get()
    assert item.request.status == "accepted" and item.meeting == GroupMeeting.objects.first()


def test_the_menu_offers_group_meetings_to_staff_who_run_them(staff_client, admin_login):
    assert reverse("opportunities_meetings") in staff_client.get("/admin/").text
    bare = admin_login(staff_without_permission()).get("/admin/")
    assert reverse("opportunities_meetings") not in bare.text


def test_staff_change_a_meeting_through_the_screen(staff_client, meeting):
    url = reverse("opportunities_meeting_edit", args=[meeting.pk])
    page = staff_client.get(url)
    assert page.status_code == 200
    start = timezone.localtime(meeting.starts_at)
    response = staff_client.post(
        url,
        {
            "title": "Moved meeting",
            "starts_at": (start + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
            "mode": "online",
            "joining_link": meeting.joining_link,
            "papers_due_on": meeting.papers_due_on.isoformat(),
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Moved meeting" and meeting.sequence == 1
    assert ModelLogEntry.objects.filter(action="roundtable.meeting_changed").exists()
