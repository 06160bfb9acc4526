"""Staff screens in the Wagtail admin: book a place for someone who has no email address
(the assisted route, as registration): they asked by phone, by post or in person; and
cancel someone's booking for them (who may have no email and no sign-in to do it)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from home.permissions import requires
from members.services.own_record import is_own_record
from training.forms.bookings import AssistedBookingForm
from training.models import Booking, CourseSession
from training.services import TrainingError
from training.services.bookings import booking_cancel, booking_make, places_left

# Staff who may book for others (the staff role has it: migrations/0002).
BOOK_FOR_OTHERS = "training.add_booking"
# Staff who may cancel others' bookings (the staff role has it: migrations/0006).
CANCEL_FOR_OTHERS = "training.change_booking"
BOOKING_CANCELLED_BY_STAFF = "roundtable.training_booking_cancelled_by_staff"


@requires(permission=BOOK_FOR_OTHERS)
def booking_assisted(request, session_id: int):
    session = get_object_or_404(
        CourseSession.objects.bookable().select_related("course"), pk=session_id
    )
    course = session.course
    form = AssistedBookingForm(
        request.POST if request.method == "POST" else None, course=course, by=request.user
    )
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        try:
            booking = booking_make(
                session=session,
                person=person,
                access_needs=form.cleaned_data["access_needs"],
                by=request.user,
            )
        except TrainingError as error:
            form.add_error(None, str(error))
        else:
            if booking.status == Booking.Status.BOOKED:
                done = _("%(name)s is booked on %(when)s.")
            else:
                done = _("The session is full: %(name)s is on the waiting list for %(when)s.")
            done %= {"name": person.name, "when": session.when}
            if person.email:
                told = _("They have been emailed.")
            else:
                told = _("They have no email address: tell them by phone or post.")
            messages.success(request, f"{done} {told}")
            return redirect("training_booking_assisted", session_id=session.pk)
    return TemplateResponse(
        request,
        "training/admin/booking_assisted.html",
        {
            "form": form,
            "session": session,
            "course": course,
            "places_left": places_left(session),
        },
    )


@requires(permission=CANCEL_FOR_OTHERS)
def booking_cancel_staff(request, booking_id: int):
    """Cancel someone's place (or their place on the waiting list) for them: GET asks,
    POST cancels, gives a freed place to the longest waiting and goes back to the
    register. Nobody cancels their own booking here."""
    booking = get_object_or_404(
        Booking.objects.current().select_related("person", "session__course"), pk=booking_id
    )
    session = booking.session
    person = booking.person
    is_own = is_own_record(person=person.pk, by=request.user)
    error = None
    if request.method == "POST":
        held_place = booking.status == Booking.Status.BOOKED
        try:
            booking_cancel(booking=booking, by=request.user)
        except TrainingError as refusal:
            error = str(refusal)
        else:
            # Who cancelled whose booking of what; never the access needs (health data).
            log(
                instance=person,
                action=BOOKING_CANCELLED_BY_STAFF,
                user=request.user,
                data={
                    "session": session.pk,
                    "course": session.course.title,
                    "held_place": held_place,
                },
            )
            done = _("%(name)s's booking is cancelled.") % {"name": person.name}
            if person.email:
                told = _("They have been emailed.")
            else:
                told = _("They have no email address. Tell them by phone or post.")
            messages.success(request, f"{done} {told}")
            return redirect("training_register", session_id=session.pk)
    return TemplateResponse(
        request,
        "training/admin/booking_cancel.html",
        {
            "booking": booking,
            "person": person,
            "session": session,
            "course": session.course,
            "is_own": is_own,
            "error": error,
            "started": session.has_started(),
        },
    )
