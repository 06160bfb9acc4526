"""Booking a session: one page (what would help you take part, pre-filled from your
profile), check your answers, then the booking and its confirmation page; cancelling;
the booking's calendar file.

Access needs are health data: between the two pages they travel in the form itself (a
hidden field of the check page, sent back over the same connection), never in the
session or a server-side draft that would outlive the booking."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from home.calendar import google_calendar_url, ics_response, outlook_calendar_url
from home.journeys import form_rows
from home.permissions import refuse
from members.selectors.profiles import access_needs_of
from training.forms.bookings import BookingForm
from training.models import Booking, CourseSession
from training.services import TrainingError
from training.services.bookings import (
    booking_cancel,
    booking_make,
    course_is_for,
    course_url,
    places_left,
    waiting_position,
)


def course_viewable(request, course) -> bool:
    """May the person asking see `course`'s page? A course page may be kept private
    (Wagtail's privacy setting: a password, groups or sign-in); its sessions are then
    not bookable, nor the course declared finished, by anyone the page is kept from
    (as opportunities' calendars check: opportunities/views/sessions.py)."""
    return all(
        restriction.accept_request(request) for restriction in course.get_view_restrictions()
    )


def _profile_access_needs(user) -> str:
    """What the person's profile says would help them, as text to start from."""
    needs = access_needs_of([user.pk]).get(user.pk)
    if needs is None:
        return ""
    lines = [*needs.support, *needs.formats]
    if needs.anything_else:
        lines.append(needs.anything_else)
    return "\n".join(lines)


def _current_booking(request, session):
    return Booking.objects.current().filter(session=session, person=request.user).first()


def _already_booked(request, booking):
    messages.info(request, _("You have already booked this session."))
    return redirect("training:booking_detail", booking_id=booking.pk)


@login_required
def book(request, session_id: int):
    """GET: the question. POST: the answer checked (the check page), or, with
    `confirm`, the booking made."""
    session = get_object_or_404(
        CourseSession.objects.bookable().select_related("course"), pk=session_id
    )
    course = session.course
    if not course_viewable(request, course):
        raise Http404  # as the page itself: nothing says the course exists
    if not course_is_for(course=course, person=request.user):
        return refuse(request)
    if (booking := _current_booking(request, session)) is not None:
        return _already_booked(request, booking)
    full = places_left(session) <= 0
    context = {"session": session, "course": course, "full": full}
    if request.method != "POST":
        form = BookingForm(initial={"access_needs": _profile_access_needs(request.user)})
        return render(request, "training/book.html", context | {"form": form})
    form = BookingForm(request.POST)
    if not form.is_valid() or "change" in request.POST:
        return render(request, "training/book.html", context | {"form": form})
    if "confirm" not in request.POST:
        rows = form_rows(form, form.cleaned_data, BookingForm.Meta.fields)
        return render(request, "training/book_check.html", context | {"form": form, "rows": rows})
    try:
        booking = booking_make(
            session=session, person=request.user, access_needs=form.cleaned_data["access_needs"]
        )
    except TrainingError as problem:
        if (booking := _current_booking(request, session)) is not None:
            return _already_booked(request, booking)  # booked from another tab
        rows = form_rows(form, form.cleaned_data, BookingForm.Meta.fields)
        return render(
            request,
            "training/book_check.html",
            context | {"form": form, "rows": rows, "error": str(problem)},
        )
    return redirect("training:booking_detail", booking_id=booking.pk)


def _own_booking(request, booking_id: int) -> Booking:
    return get_object_or_404(
        Booking.objects.select_related("session__course"), pk=booking_id, person=request.user
    )


@login_required
def booking_detail(request, booking_id: int):
    """The confirmation: booked (with the calendar links) or on the waiting list."""
    booking = _own_booking(request, booking_id)
    session = booking.session
    context = {"booking": booking, "session": session, "course": session.course}
    if booking.status == Booking.Status.WAITING:
        context["position"] = waiting_position(booking)
    if booking.status == Booking.Status.BOOKED and session.is_upcoming():
        event = booking.calendar_event(url=course_url(session.course))
        context |= {
            "joining_link": session.joining_link
            if session.mode == CourseSession.Mode.ONLINE and not session.is_cancelled
            else "",
            "google_url": google_calendar_url(event),
            "outlook_url": outlook_calendar_url(event),
            "outlook_work_url": outlook_calendar_url(event, work_account=True),
        }
    return render(request, "training/booking_detail.html", context)


@login_required
def booking_cancel_view(request, booking_id: int):
    """Are you sure? Then, on POST, the booking is cancelled."""
    booking = _own_booking(request, booking_id)
    if booking.status == Booking.Status.CANCELLED:
        messages.info(request, _("This booking is already cancelled."))
        return redirect(booking.session.course.url)
    if request.method == "POST":
        try:
            booking_cancel(booking=booking)
        except TrainingError as error:
            messages.error(request, str(error))
            return redirect("training:booking_detail", booking_id=booking.pk)
        if booking.status == Booking.Status.BOOKED:
            message = _("Your booking is cancelled.")
        else:
            message = _("You have left the waiting list.")
        messages.success(request, message)
        return redirect(booking.session.course.url)
    return render(
        request,
        "training/booking_cancel.html",
        {"booking": booking, "session": booking.session, "course": booking.session.course},
    )


@login_required
def booking_calendar(request, booking_id: int):
    """The booked place as a calendar file, for the person only."""
    booking = _own_booking(request, booking_id)
    if booking.status != Booking.Status.BOOKED:
        raise Http404
    return ics_response(event=booking.calendar_event(url=course_url(booking.session.course)))
