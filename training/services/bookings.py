"""Bookings of course sessions: a place, a place on the waiting list, cancelling, and a
freed place given to the longest-waiting person.

Every change to who holds a place queues on the session's row (`session_lock`, a
PostgreSQL row lock, as opportunities' places): two people booking the last place at
the same moment cannot both get it, and waiting-list numbers are given one at a time,
so they are unique and in commit order.

Emails go through the outbox once the transaction commits (home.outbox), each with a
key so an action that runs twice sends once. A place comes with its calendar entry
(an .ics, METHOD:REQUEST; one UID per booking, Booking.calendar_event); a cancelled
place takes it away (METHOD:CANCEL, same UID, a higher SEQUENCE). A place on the
waiting list has no calendar entry. Access needs are health data: they are never put
in an email.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from home.calendar import Method, ics_attach
from home.models import OrganisationSettings
from home.outbox import email_enqueue
from home.page_cache import people_changed, public_pages_changed
from members import roles
from members.models import User
from members.services.own_record import own_record_refuse
from training.models import Booking, CoursePage, CourseSession
from training.services import TrainingError

ALREADY_BOOKED = gettext_lazy("You have already booked this session.")


def course_is_for(*, course: CoursePage, person) -> bool:
    """May `person` book `course`? Members book courses for members, researchers those
    for researchers, involvement staff those for staff."""
    if person is None or not getattr(person, "is_authenticated", False):
        return False
    return bool(
        (course.for_members and person.has_role(roles.MEMBER))
        or (course.for_researchers and person.has_role(roles.RESEARCHER))
        or (course.for_staff and person.has_role(roles.INVOLVEMENT_STAFF))
    )


def session_lock(session_id: int) -> CourseSession:
    """The session, its row locked until the transaction ends: every change to who holds
    its places queues here."""
    return CourseSession.objects.select_for_update().get(pk=session_id)


def places_left(session: CourseSession) -> int:
    booked = Booking.objects.filter(session=session, status=Booking.Status.BOOKED).count()
    return max(session.capacity - booked, 0)


def waiting_position(booking: Booking) -> int:
    """Where `booking` stands on its session's waiting list: 1 for the next to be given
    a place (the number people are told, not the stored queue_number)."""
    return Booking.objects.filter(
        session_id=booking.session_id,
        status=Booking.Status.WAITING,
        queue_number__lte=booking.queue_number,
    ).count()


def _refusal(session: CourseSession, course: CoursePage, now) -> str | None:
    if session.is_cancelled:
        return _("This session has been cancelled.")
    if not course.live:
        return _("This course is not taking bookings.")
    if session.starts_at <= now:
        return _("This session has already started.")
    if session.booking_deadline and session.booking_deadline < now:
        return _("Booking for this session has closed.")
    return None


@transaction.atomic
def booking_make(
    *, session: CourseSession, person: User, access_needs: str = "", by: User | None = None
) -> Booking:
    """Book `person` on `session`: a place while there is one, else a place on the
    waiting list (one more than the session's highest number so far). `by` is the member
    of staff booking for them (the assisted route); nobody books themselves that way.

    Refused when the session is cancelled, started or past its booking deadline, the
    course is not published or not for them, or they already hold a booking of it."""
    if by is not None:
        own_record_refuse(person=person, by=by, error=TrainingError)
    session = session_lock(session.pk)
    course = CoursePage.objects.get(pk=session.course_id)
    session.course = course
    # Taken once the lock is held, which is kept until the commit: bookings' times are
    # in the order they committed, as their waiting-list numbers are.
    now = timezone.now()
    refusal = _refusal(session, course, now)
    if refusal:
        raise TrainingError(refusal)
    if not course_is_for(course=course, person=person):
        raise TrainingError(
            _("This course is for %(audiences)s.")
            % {"audiences": ", ".join(str(a).lower() for a in course.audiences)}
        )
    if Booking.objects.current().filter(session=session, person=person).exists():
        raise TrainingError(ALREADY_BOOKED)
    # A place freed while nobody was waiting, or added by staff, goes to those already
    # waiting before anyone new.
    given = _places_give(session)
    booked = Booking.objects.filter(session=session, status=Booking.Status.BOOKED).count()
    booking = Booking(
        session=session,
        person=person,
        access_needs=access_needs.strip(),
        booked_by=by,
        booked_at=now,
    )
    if booked < session.capacity:
        booking.status = Booking.Status.BOOKED
    else:
        booking.status = Booking.Status.WAITING
        highest = Booking.objects.filter(session=session).aggregate(n=Max("queue_number"))["n"]
        booking.queue_number = (highest or 0) + 1
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError:
        raise TrainingError(ALREADY_BOOKED) from None
    if by is not None:
        # Who booked and for what; never the access needs (health data).
        log(
            instance=person,
            action="roundtable.training_booked_assisted",
            user=by,
            data={"session": session.pk, "course": course.title},
        )
    if booking.status == Booking.Status.BOOKED or given:
        public_pages_changed()  # places left
    if booking.status == Booking.Status.BOOKED:
        booking_email(booking, "training/email/booking_confirmed", ics=Method.REQUEST)
    else:
        booking_email(
            booking,
            "training/email/booking_waiting",
            extra={"position": waiting_position(booking)},
        )
    people_changed(person.pk, *(b.person_id for b in given))
    return booking


@transaction.atomic
def booking_cancel(*, booking: Booking, by: User | None = None) -> Booking:
    """Cancel `booking`: by the person (`by` None), or by staff for them. A place they
    held goes at once to the longest-waiting person, who is emailed."""
    if by is not None:
        own_record_refuse(person=booking.person_id, by=by, error=TrainingError)
    session = session_lock(booking.session_id)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status == Booking.Status.CANCELLED:
        raise TrainingError(_("This booking is already cancelled."))
    if session.has_started():
        raise TrainingError(_("This session has started: it can no longer be cancelled here."))
    session.course = CoursePage.objects.get(pk=session.course_id)
    booking.session = session
    held_place = booking.status == Booking.Status.BOOKED
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.sequence += 1
    booking.save(update_fields=["status", "cancelled_at", "sequence"])
    booking_email(
        booking,
        "training/email/booking_cancelled",
        ics=Method.CANCEL if held_place else None,
        extra={"held_place": held_place, "by_staff": by is not None},
    )
    changed = [booking.person_id]
    if held_place:
        changed += [b.person_id for b in _places_give(session)]
        public_pages_changed()  # every cached page, and so everyone's number too
    else:
        # Those behind them move up: the number their own pages show changes.
        changed += _waiting_behind(session, booking.queue_number)
    people_changed(*changed)
    return booking


def _waiting_behind(session: CourseSession | int, queue_number: int | None) -> list[int]:
    """The people waiting after `queue_number` on `session` (whose place in the queue
    changes when it leaves)."""
    if queue_number is None:
        return []
    return list(
        Booking.objects.filter(
            session=session, status=Booking.Status.WAITING, queue_number__gt=queue_number
        ).values_list("person_id", flat=True)
    )


@transaction.atomic
def bookings_erase(*, person: User) -> None:
    """The person's account is being erased: their bookings go, and each place they
    held on a session still to come goes to the longest-waiting person, as a
    cancellation would (without emailing the person who is leaving)."""
    now = timezone.now()
    # Every session they are booked or waiting on, locked (in id order, as everywhere)
    # before reading which places they hold: a place given to them meanwhile is seen.
    theirs = Booking.objects.current().filter(person=person, session__starts_at__gt=now)
    for session_id in sorted(set(theirs.values_list("session_id", flat=True))):
        session_lock(session_id)
    held = set(theirs.filter(status=Booking.Status.BOOKED).values_list("session_id", flat=True))
    sessions = [CourseSession.objects.get(pk=session_id) for session_id in sorted(held)]
    # Those waiting behind them move up (their pages show their number).
    behind = []
    for waiting in Booking.objects.filter(person=person, status=Booking.Status.WAITING):
        behind += _waiting_behind(waiting.session_id, waiting.queue_number)
    Booking.objects.filter(person=person).delete()
    given = []
    for session in sessions:
        session.course = CoursePage.objects.get(pk=session.course_id)
        given += _places_give(session)
    if given or behind:
        people_changed(*(b.person_id for b in given), *behind)
    if sessions:
        public_pages_changed()


@transaction.atomic
def booking_places_give(*, session: CourseSession) -> list[Booking]:
    """Give the session's free places (say, after staff added places) to those waiting,
    longest-waiting first, each emailed. Returns the bookings given a place."""
    session = session_lock(session.pk)
    session.course = CoursePage.objects.get(pk=session.course_id)
    given = _places_give(session)
    if given:
        people_changed(*(b.person_id for b in given))
        public_pages_changed()
    return given


def _places_give(session: CourseSession) -> list[Booking]:
    """Under the session's lock: each free place to the lowest waiting number still
    waiting, with an email ("you have a place") and the calendar entry."""
    if session.is_cancelled or session.has_started():
        return []
    free = places_left(session)
    if free <= 0:
        return []
    waiting = list(
        Booking.objects.select_for_update()
        .filter(session=session, status=Booking.Status.WAITING)
        .select_related("person")
        .order_by("queue_number", "pk")[:free]
    )
    now = timezone.now()
    for booking in waiting:
        booking.status = Booking.Status.BOOKED
        booking.place_given_at = now
        booking.save(update_fields=["status", "place_given_at"])
        booking.session = session
        booking_email(booking, "training/email/place_given", ics=Method.REQUEST)
    return waiting


def course_url(course: CoursePage) -> str:
    """The course page's address, in full, for emails and calendars."""
    return course.get_full_url() or settings.SITE_URL


def booking_email(
    booking: Booking, template: str, *, ics: Method | None = None, extra: dict | None = None
) -> bool:
    """Queue `template` (…_subject.txt and ….txt) to the booked person, with the
    booking's calendar entry attached when `ics` is given. Nothing for people without
    an email address (staff contact them by phone or post). Once per booking, template
    and SEQUENCE."""
    person = booking.person
    if not person.email:
        return False
    session = booking.session
    course = session.course
    organisation = OrganisationSettings.for_default_site()
    url = course_url(course)
    context = {
        "user": person,
        "site_url": settings.SITE_URL,
        "organisation": organisation,
        "booking": booking,
        "session": session,
        "course": course,
        "course_url": url,
        "booking_url": settings.SITE_URL + reverse("training:booking_detail", args=[booking.pk]),
        "cancel_url": settings.SITE_URL + reverse("training:booking_cancel", args=[booking.pk]),
        **(extra or {}),
    }
    message = EmailMultiAlternatives(
        subject=" ".join(render_to_string(f"{template}_subject.txt", context).split()),
        body=render_to_string(f"{template}.txt", context),
        to=[person.email],
        reply_to=[organisation.contact_email] if organisation.contact_email else None,
    )
    if ics is not None:
        ics_attach(message=message, event=booking.calendar_event(url=url), method=ics)
    name = template.rsplit("/", 1)[-1]
    key = f"training-booking:{booking.pk}:{name}:{session.sequence + booking.sequence}"
    return email_enqueue(message=message, key=key) is not None
