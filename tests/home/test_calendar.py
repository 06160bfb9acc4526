"""Calendar files (RFC 5545) for one event, by email through the outbox and as links."""

import datetime
import email
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from hypothesis import given
from hypothesis import strategies as st

from home import outbox
from home.calendar import (
    CalendarEvent,
    Method,
    event_uid,
    google_calendar_url,
    ics_attach,
    ics_escape,
    ics_fold,
    ics_render,
    ics_response,
    outlook_calendar_url,
)
from home.models import OrganisationSettings, OutboxEmail

UTC = datetime.UTC
STAMP = datetime.datetime(2027, 1, 1, 9, 0, tzinfo=UTC)


def event(**fields) -> CalendarEvent:
    values = {
        "uid": "training-booking-7@roundtable.example.org",
        "start": datetime.datetime(2027, 1, 12, 18, 0, tzinfo=UTC),
        "end": datetime.datetime(2027, 1, 12, 20, 0, tzinfo=UTC),
        "summary": "Induction: working together",
        "description": "Bring a pen; we provide tea, coffee and biscuits.",
        "location": "Room 3, 1 High Street, Leeds",
        "url": "https://roundtable.example.org/training/induction/",
        "organiser_name": "Leeds Research Partners",
        "organiser_email": "involve@example.org",
        "attendee_name": "Ana Núñez",
        "attendee_email": "ana@example.org",
    }
    return CalendarEvent(**{**values, **fields})


def on_the_wire(message) -> email.message.Message:
    """The sent email as the SMTP backend sends it (CRLF line ends), parsed again."""
    return email.message_from_bytes(message.message().as_bytes(linesep="\r\n"))


def unfold(text: str) -> list[str]:
    """Content lines as a calendar reads them (RFC 5545 §3.1)."""
    assert text.endswith("\r\n")
    return text.replace("\r\n ", "").removesuffix("\r\n").split("\r\n")


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def properties(text: str) -> dict[str, str]:
    """NAME (with its parameters) → value, for the lines inside the VEVENT."""
    lines = unfold(text)
    inside = lines[lines.index("BEGIN:VEVENT") + 1 : lines.index("END:VEVENT")]
    return dict(line.split(":", 1) for line in inside)


# --- The file ---


def test_an_invitation_holds_the_event_in_utc():
    text = ics_render(event(), stamp=STAMP)
    lines = unfold(text)
    assert lines[:5] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Roundtable//Roundtable//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:REQUEST",
    ]
    assert lines[-2:] == ["END:VEVENT", "END:VCALENDAR"]
    found = properties(text)
    assert found["UID"] == "training-booking-7@roundtable.example.org"
    assert found["SEQUENCE"] == "0"
    assert found["DTSTAMP"] == "20270101T090000Z"
    assert found["DTSTART"] == "20270112T180000Z"
    assert found["DTEND"] == "20270112T200000Z"
    assert found["SUMMARY"] == "Induction: working together"
    assert found["URL"] == "https://roundtable.example.org/training/induction/"
    assert found["STATUS"] == "CONFIRMED"
    assert found['ORGANIZER;CN="Leeds Research Partners"'] == "mailto:involve@example.org"
    attendee = 'ATTENDEE;CN="Ana Núñez";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE'
    assert found[attendee] == "mailto:ana@example.org"


def test_summer_times_are_written_in_utc():
    london = datetime.timezone(datetime.timedelta(hours=1), "BST")
    text = ics_render(
        event(
            start=datetime.datetime(2027, 7, 13, 18, tzinfo=london),
            end=datetime.datetime(2027, 7, 13, 20, tzinfo=london),
        ),
        stamp=STAMP,
    )
    assert properties(text)["DTSTART"] == "20270713T170000Z"
    assert properties(text)["DTEND"] == "20270713T190000Z"


def test_text_is_escaped():
    text = ics_render(event(), stamp=STAMP)
    found = properties(text)
    assert found["DESCRIPTION"] == "Bring a pen\\; we provide tea\\, coffee and biscuits."
    assert found["LOCATION"] == "Room 3\\, 1 High Street\\, Leeds"


def test_escaping_backslashes_and_line_breaks():
    assert ics_escape("a\\b;c,d\r\ne\rf\ng") == "a\\\\b\\;c\\,d\\ne\\nf\\ng"
    assert ics_escape("tab\tand bell\x07") == "tab\tand bell"


def test_a_cancellation_removes_the_same_entry():
    text = ics_render(event(sequence=3), method=Method.CANCEL, stamp=STAMP)
    assert "METHOD:CANCEL" in unfold(text)
    found = properties(text)
    assert found["UID"] == "training-booking-7@roundtable.example.org"
    assert found["STATUS"] == "CANCELLED"
    assert found["SEQUENCE"] == "3"


def test_a_download_names_no_attendee():
    text = ics_render(event(), method=Method.PUBLISH, stamp=STAMP)
    assert "METHOD:PUBLISH" in unfold(text)
    assert not any(name.startswith("ATTENDEE") for name in properties(text))


def test_optional_properties_are_left_out_when_empty():
    text = ics_render(
        event(description="", location="", url="", organiser_email="", attendee_email=""),
        stamp=STAMP,
    )
    assert set(properties(text)) == {
        "UID",
        "SEQUENCE",
        "DTSTAMP",
        "DTSTART",
        "DTEND",
        "SUMMARY",
        "STATUS",
    }


def test_a_name_with_a_double_quote_stays_one_parameter():
    text = ics_render(event(attendee_name='Ana "Nita" Núñez; MD'), stamp=STAMP)
    assert "ATTENDEE;CN=\"Ana 'Nita' Núñez; MD\";ROLE" in "\n".join(unfold(text))


def test_the_stamp_is_now_unless_given():
    text = ics_render(event())
    stamp = datetime.datetime.strptime(properties(text)["DTSTAMP"], "%Y%m%dT%H%M%SZ")
    now = datetime.datetime.now(UTC).replace(tzinfo=None)
    assert abs(now - stamp) < datetime.timedelta(minutes=1)


def test_an_event_is_refused_without_a_uid_or_with_naive_or_backwards_times():
    with pytest.raises(ValueError, match="UID"):
        event(uid="")
    with pytest.raises(ValueError, match="UID"):
        event(uid="a\r\nDTSTART:19700101T000000Z")
    with pytest.raises(ValueError, match="aware"):
        event(start=datetime.datetime(2027, 1, 12, 18))
    with pytest.raises(ValueError, match="before it starts"):
        event(end=datetime.datetime(2027, 1, 12, 17, tzinfo=UTC))
    with pytest.raises(ValueError, match="SEQUENCE"):
        event(sequence=-1)


def test_a_uid_names_the_thing_and_the_site(settings):
    settings.SITE_URL = "https://involve.example.org:8443/"
    assert event_uid("training-booking", 42) == "training-booking-42@involve.example.org"


# --- Folding at 75 octets ---


def test_long_lines_are_folded_at_75_octets():
    text = ics_render(event(description="word " * 100), stamp=STAMP)
    for line in text.split("\r\n"):
        assert len(line.encode()) <= 75
    assert properties(text)["DESCRIPTION"] == ("word " * 100)


def test_folding_never_splits_a_character():
    line = "SUMMARY:" + "é" * 40 + "😀" * 30
    folded = ics_fold(line)
    for part in folded.split("\r\n"):
        assert len(part.encode()) <= 75
        part.encode().decode()  # each line is whole UTF-8 on its own
    assert folded.replace("\r\n ", "") == line


@given(st.text(max_size=400))
def test_any_text_survives_escaping_and_folding(value):
    text = ics_render(event(summary=value, description=value, location=value), stamp=STAMP)
    for line in text.split("\r\n"):
        assert len(line.encode()) <= 75
    found = properties(text)
    # Line breaks come back as \n, control characters other than tab are dropped.
    expected = re.sub(
        r"[\x00-\x08\x0b-\x1f\x7f]", "", value.replace("\r\n", "\n").replace("\r", "\n")
    )
    for name in ("SUMMARY", "DESCRIPTION", "LOCATION"):
        if name in found:
            assert unescape(found[name]).replace("\n", "") == expected.replace("\n", "")
            assert unescape(found[name]).count("\n") == expected.count("\n")


# --- By email, through the outbox ---


@pytest.mark.django_db
def test_the_invitation_arrives_as_a_calendar_attachment(django_capture_on_commit_callbacks):
    message = EmailMultiAlternatives(
        "Your place is booked", "See you there.", to=["ana@example.org"]
    )
    ics_attach(message=message, event=event())
    with django_capture_on_commit_callbacks(execute=True):
        outbox.email_enqueue(message=message, key="booking-confirmed:7")
    assert len(mail.outbox) == 1
    sent = on_the_wire(mail.outbox[0])
    parts = [part for part in sent.walk() if part.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    part = parts[0]
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "induction-working-together.ics"
    assert part.get_content_disposition() == "attachment"
    text = part.get_payload(decode=True).decode(part.get_content_charset())
    assert "METHOD:REQUEST" in unfold(text)
    assert properties(text)["DTSTART"] == "20270112T180000Z"
    assert "ATTENDEE" in "".join(properties(text))
    # The body is still there beside it.
    assert [p.get_payload() for p in sent.walk() if p.get_content_type() == "text/plain"] == [
        "See you there."
    ]


@pytest.mark.django_db
def test_a_cancellation_arrives_with_method_cancel(django_capture_on_commit_callbacks):
    message = EmailMultiAlternatives(
        "Booking cancelled", "Sorry to miss you.", to=["a@example.org"]
    )
    ics_attach(message=message, event=event(sequence=1), method=Method.CANCEL)
    with django_capture_on_commit_callbacks(execute=True):
        outbox.email_enqueue(message=message)
    sent = on_the_wire(mail.outbox[0])
    (part,) = [part for part in sent.walk() if part.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "CANCEL"
    text = part.get_payload(decode=True).decode()
    assert properties(text)["STATUS"] == "CANCELLED"


@pytest.mark.django_db
def test_without_an_organiser_the_organisation_is_named():
    settings_row = OrganisationSettings.for_default_site()
    settings_row.name = "Leeds Research Partners"
    settings_row.contact_email = "involve@example.org"
    settings_row.save()
    message = EmailMultiAlternatives("s", "b", to=["a@example.org"])
    ics_attach(message=message, event=event(organiser_name="", organiser_email=""))
    (filename, text, mimetype) = message.attachments[0]
    assert mimetype == "text/calendar; method=REQUEST"
    found = properties(text)
    assert found['ORGANIZER;CN="Leeds Research Partners"'] == "mailto:involve@example.org"


@pytest.mark.django_db
def test_the_attachment_is_kept_in_the_outbox_as_text(django_capture_on_commit_callbacks):
    # Erasure and the personal-data checks search the row's text: an .ics naming the
    # person must be readable there, not hidden in base64.
    message = EmailMultiAlternatives("s", "b", to=["ana@example.org"])
    ics_attach(message=message, event=event())
    with django_capture_on_commit_callbacks(execute=False):
        row = outbox.email_enqueue(message=message)
    row.refresh_from_db()
    (attachment,) = row.payload["attachments"]
    assert attachment["mimetype"] == "text/calendar; method=REQUEST"
    assert "Ana Núñez" in attachment["content"]


def test_a_binary_attachment_survives_the_trip_through_json():
    import json

    message = EmailMultiAlternatives("s", "b", to=["a@example.org"])
    message.attach("certificate.pdf", b"%PDF-1.7\x00\xff", "application/pdf")
    message.attach("notes.txt", "Zoë's notes", "text/plain")
    again = outbox.message_from_dict(json.loads(json.dumps(outbox.message_to_dict(message))))
    assert [tuple(a) for a in again.attachments] == [
        ("certificate.pdf", b"%PDF-1.7\x00\xff", "application/pdf"),
        ("notes.txt", "Zoë's notes", "text/plain"),
    ]


def test_a_message_without_attachments_keeps_its_old_payload():
    message = EmailMultiAlternatives("s", "b", to=["a@example.org"])
    assert "attachments" not in outbox.message_to_dict(message)


def test_a_ready_made_mime_part_is_refused_not_dropped():
    from email.mime.text import MIMEText

    message = EmailMultiAlternatives("s", "b", to=["a@example.org"])
    message.attach(MIMEText("hello"))
    with pytest.raises(TypeError, match="filename, content, mimetype"):
        outbox.message_to_dict(message)


@pytest.mark.django_db
def test_a_row_queued_before_attachments_existed_still_sends(django_capture_on_commit_callbacks):
    payload = outbox.message_to_dict(EmailMultiAlternatives("s", "b", to=["a@example.org"]))
    row = OutboxEmail.objects.create(payload=payload, to_address="a@example.org", subject="s")
    assert outbox.outbox_send(pk=row.pk).outcome == "sent"
    assert mail.outbox[0].attachments == []


# --- Download and links ---


@pytest.mark.django_db
def test_a_download_is_a_calendar_file():
    response = ics_response(event=event())
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="induction-working-together.ics"'
    )
    assert "METHOD:PUBLISH" in unfold(response.content.decode())


def test_the_google_link_fills_in_the_event():
    url = google_calendar_url(event())
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "calendar.google.com",
        "/calendar/render",
    )
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert query == {
        "action": "TEMPLATE",
        "text": "Induction: working together",
        "dates": "20270112T180000Z/20270112T200000Z",
        "details": "Bring a pen; we provide tea, coffee and biscuits.\n\n"
        "https://roundtable.example.org/training/induction/",
        "location": "Room 3, 1 High Street, Leeds",
    }


def test_the_outlook_link_fills_in_the_event_for_either_kind_of_account():
    url = outlook_calendar_url(event(description="", url=""))
    parts = urlsplit(url)
    assert parts.netloc == "outlook.live.com"
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert query == {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": "Induction: working together",
        "startdt": "2027-01-12T18:00:00Z",
        "enddt": "2027-01-12T20:00:00Z",
        "location": "Room 3, 1 High Street, Leeds",
    }
    assert urlsplit(outlook_calendar_url(event(), work_account=True)).netloc == (
        "outlook.office.com"
    )
