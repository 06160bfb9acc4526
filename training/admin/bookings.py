"""Staff screen in the Wagtail admin: book a place for someone who has no email address
(the assisted route, as registration): they asked by phone, by post or in person."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from home.permissions import requires
from training.forms.bookings import AssistedBookingForm
from training.models import Booking, CourseSession
from training.services import TrainingError
from training.services.bookings import booking_make, places_left

# Staff who may book for others (the staff role has it: migrations/0002).
BOOK_FOR_OTHERS = "training.add_booking"


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
