"""One event as a calendar file (iCalendar, RFC 5545), as an email attachment, as a
download, and as "add to Google / Outlook calendar" links.

Who calls it: confirmation and cancellation emails for training bookings (issue 15),
group meetings (issue 17) and opportunity sessions (issue 14, item 7), and their "add
to calendar" links. Build a `CalendarEvent`, then:

    ics_attach(message=…, event=…)                     METHOD:REQUEST, on the email
    ics_attach(message=…, event=…, method=Method.CANCEL)   the booking or event is off
    ics_response(event=…)                              a download (METHOD:PUBLISH)
    google_calendar_url(event) / outlook_calendar_url(event)
    ics_response(events=[…])                           several in one download
    ics_render(event, method=…)                        the text itself

What the caller must keep:
- `uid`: the same for as long as the person's calendar should hold it as one entry, so
  an update or a cancellation replaces that entry. Use `event_uid("training-booking",
  booking.pk)`: one per booking, so a person who cancels and books again gets a fresh
  entry, not one their calendar already saw cancelled.
- `sequence`: 0 at first; one more each time the time or place changes and for the
  cancellation. Calendars ignore an update whose SEQUENCE is not higher than one they
  have (RFC 5546, message sequencing), so the caller keeps the counter on its event or booking.

Why our own code and not the `icalendar` library (BSD-2-Clause, AGPL-compatible, well
kept): we write one VEVENT with times in UTC, so no VTIMEZONE; the only subtle parts,
escaping TEXT values and folding lines at 75 octets without splitting a UTF-8
character, are a few lines each and tested here; we never parse calendars. The
library (about 3 MB, plus tzdata) would be a dependency to upgrade for that.
"""

import datetime
import enum
import re
from dataclasses import dataclass, replace
from email.utils import parseaddr
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.http import HttpResponse
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.utils.text import slugify

from home.models import OrganisationSettings

__all__ = [
    "CalendarEvent",
    "Method",
    "event_uid",
    "google_calendar_url",
    "ics_attach",
    "ics_escape",
    "ics_fold",
    "ics_render",
    "ics_render_all",
    "ics_response",
    "outlook_calendar_url",
]

PRODID = "-//Roundtable//Roundtable//EN"
# Control characters are not allowed in iCalendar values (RFC 5545 §3.1, §3.3.11),
# except the tab; line breaks in TEXT are written as "\n" before this is applied.
CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
LINE_OCTETS = 75  # RFC 5545 §3.1, not counting the CRLF


class Method(enum.StrEnum):
    """What the file asks of the calendar that opens it (the iTIP methods, RFC 5546)."""

    REQUEST = "REQUEST"  # add this, or update the entry with this UID
    CANCEL = "CANCEL"  # remove the entry with this UID
    PUBLISH = "PUBLISH"  # a copy to keep: for a download, not an invitation


@dataclass(frozen=True)
class CalendarEvent:
    """One entry in a person's calendar. Times are aware date-times (any zone)."""

    uid: str
    start: datetime.datetime
    end: datetime.datetime
    summary: str
    description: str = ""
    location: str = ""  # the place, or "Online"
    url: str = ""  # the event's page, or the joining link for the people booked
    sequence: int = 0
    organiser_name: str = ""
    organiser_email: str = ""  # ics_attach / ics_response fill in the organisation's
    attendee_name: str = ""
    attendee_email: str = ""

    def __post_init__(self):
        if not self.uid or CONTROL.search(self.uid):
            raise ValueError("A calendar event needs a UID on one line")
        if timezone.is_naive(self.start) or timezone.is_naive(self.end):
            raise ValueError("A calendar event's start and end must be aware date-times")
        if self.end < self.start:
            raise ValueError("A calendar event cannot end before it starts")
        if self.sequence < 0:
            raise ValueError("SEQUENCE starts at 0")


def event_uid(kind: str, pk) -> str:
    """A UID that stays the same for one thing of one kind on this site:
    `event_uid("training-booking", 42)` → "training-booking-42@roundtable.example.org"."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"{kind}-{pk}@{host}"


def ics_escape(text: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, each
    line break written as \\n, other control characters dropped."""
    text = str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return CONTROL.sub("", text)


def ics_fold(line: str) -> str:
    """Fold a content line into lines of at most 75 octets (RFC 5545 §3.1): each
    continuation starts with a space, and no UTF-8 character is split."""
    lines, current, size = [], [], 0
    for char in line:
        octets = len(char.encode())
        if size + octets > LINE_OCTETS:
            lines.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += octets
    lines.append("".join(current))
    return "\r\n".join(lines)


def ics_render(
    event: CalendarEvent,
    *,
    method: Method = Method.REQUEST,
    stamp: datetime.datetime | None = None,
) -> str:
    """The calendar file for `event`, CRLF line ends, folded. `stamp` (DTSTAMP) is now
    unless given. A cancellation carries STATUS:CANCELLED; a download (PUBLISH) names
    no attendee, as RFC 5546 asks."""
    return ics_render_all([event], method=method, stamp=stamp)


def ics_render_all(
    events: list[CalendarEvent],
    *,
    method: Method = Method.REQUEST,
    stamp: datetime.datetime | None = None,
) -> str:
    """One calendar file holding every event in `events` (each its own VEVENT): all
    the sessions of a course or an opportunity in one download."""
    method = Method(method)
    stamp = stamp or timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        *(line for event in events for line in _vevent(event, method, stamp)),
        "END:VCALENDAR",
    ]
    return "".join(f"{ics_fold(line)}\r\n" for line in lines)


def _vevent(event: CalendarEvent, method: Method, stamp: datetime.datetime) -> list[str]:
    properties = [
        ("UID", ics_escape(event.uid)),
        ("SEQUENCE", str(event.sequence)),
        ("DTSTAMP", _utc(stamp)),
        ("DTSTART", _utc(event.start)),
        ("DTEND", _utc(event.end)),
        ("SUMMARY", ics_escape(event.summary)),
    ]
    if event.description:
        properties.append(("DESCRIPTION", ics_escape(event.description)))
    if event.location:
        properties.append(("LOCATION", ics_escape(event.location)))
    if event.url:
        properties.append(("URL", _uri(event.url)))
    if event.organiser_email:
        properties.append(_person("ORGANIZER", event.organiser_name, event.organiser_email))
    if event.attendee_email and method != Method.PUBLISH:
        # RSVP=FALSE: the booking is made on our site, so no reply is expected.
        properties.append(
            _person(
                "ATTENDEE",
                event.attendee_name,
                event.attendee_email,
                "ROLE=REQ-PARTICIPANT",
                "PARTSTAT=ACCEPTED",
                "RSVP=FALSE",
            )
        )
    status = "CANCELLED" if method == Method.CANCEL else "CONFIRMED"
    properties.append(("STATUS", status))
    return ["BEGIN:VEVENT", *(f"{name}:{value}" for name, value in properties), "END:VEVENT"]


def ics_attach(
    *, message: EmailMessage, event: CalendarEvent, method: Method = Method.REQUEST
) -> None:
    """Attach `event` to `message` as `text/calendar; method=…`, which mail programs
    offer to add to (or, for CANCEL, remove from) the calendar. The outbox carries the
    attachment to the worker that sends it (home.outbox.message_to_dict)."""
    method = Method(method)
    message.attach(
        _filename(event),
        ics_render(_with_organiser(event), method=method),
        f"text/calendar; method={method}",
    )


def ics_response(
    *, event: CalendarEvent | None = None, events: list[CalendarEvent] | None = None
) -> HttpResponse:
    """A download of `event` (or of every one of `events`, in one file, named after
    the first) for an "add to calendar" link (Apple Calendar, Outlook on a computer,
    and any calendar that opens .ics files)."""
    events = [event] if event is not None else list(events or ())
    if not events:
        raise ValueError("Give the event, or the events, to download")
    response = HttpResponse(
        ics_render_all(_with_organiser_all(events), method=Method.PUBLISH),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(events[0])}"'
    return response


def google_calendar_url(event: CalendarEvent) -> str:
    """A link that opens Google Calendar with `event` filled in, for the person to save.

    Google's own "add event" link format, stable for years but not a formal API: offer
    the .ics download beside it. What the link carries goes to Google when clicked, so
    leave out anything the person should not share with their calendar provider.
    """
    query = {
        "action": "TEMPLATE",
        "text": event.summary,
        "dates": f"{_utc(event.start)}/{_utc(event.end)}",
        "details": _details(event),
        "location": event.location,
    }
    return "https://calendar.google.com/calendar/render?" + _query(query)


def outlook_calendar_url(event: CalendarEvent, *, work_account: bool = False) -> str:
    """A link that opens Outlook on the web with `event` filled in: outlook.live.com
    for personal accounts, outlook.office.com for work or NHS ones (`work_account`).
    As for Google: a widely used link format, not a formal API."""
    host = "outlook.office.com" if work_account else "outlook.live.com"
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.summary,
        "startdt": _instant(event.start).isoformat().replace("+00:00", "Z"),
        "enddt": _instant(event.end).isoformat().replace("+00:00", "Z"),
        "body": _details(event),
        "location": event.location,
    }
    return f"https://{host}/calendar/0/deeplink/compose?" + _query(query)


def _instant(value: datetime.datetime) -> datetime.datetime:
    return value.astimezone(datetime.UTC).replace(microsecond=0)


def _utc(value: datetime.datetime) -> str:
    """A DATE-TIME in UTC, "20270112T180000Z" (RFC 5545 §3.3.5, form 2)."""
    return _instant(value).strftime("%Y%m%dT%H%M%SZ")


def _uri(value: str) -> str:
    return iri_to_uri(CONTROL.sub("", str(value)).strip())


def _person(name: str, common_name: str, email: str, *params: str) -> tuple[str, str]:
    """ORGANIZER or ATTENDEE: `NAME;CN="Ana Núñez";…:mailto:ana@example.org`."""
    parts = [name]
    if common_name:
        # A quoted parameter value may hold anything but controls and double quotes.
        cn = CONTROL.sub("", str(common_name)).replace('"', "'")
        parts.append(f'CN="{cn}"')
    parts.extend(params)
    address = CONTROL.sub("", parseaddr(str(email))[1] or str(email)).strip()
    return ";".join(parts), f"mailto:{address}"


def _with_organiser(event: CalendarEvent) -> CalendarEvent:
    """The organisation as ORGANIZER when the caller named none: RFC 5546 asks for one
    in every REQUEST, CANCEL and PUBLISH, and a reply to it reaches a person."""
    if event.organiser_email:
        return event
    organisation = OrganisationSettings.for_default_site()
    email = organisation.contact_email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return replace(event, organiser_name=organisation.name, organiser_email=email)


def _with_organiser_all(events: list[CalendarEvent]) -> list[CalendarEvent]:
    """As _with_organiser, reading the organisation's settings once for them all."""
    default = _with_organiser(replace(events[0], organiser_name="", organiser_email=""))
    return [
        each
        if each.organiser_email
        else replace(
            each, organiser_name=default.organiser_name, organiser_email=default.organiser_email
        )
        for each in events
    ]


def _filename(event: CalendarEvent) -> str:
    return f"{slugify(event.summary)[:60].strip('-') or 'event'}.ics"


def _details(event: CalendarEvent) -> str:
    return "\n\n".join(part for part in (event.description, event.url) if part)


def _query(params: dict) -> str:
    return urlencode({key: value for key, value in params.items() if value})
