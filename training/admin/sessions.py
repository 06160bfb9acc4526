"""Adding, changing and cancelling a course's sessions. The services tell the people
booked (training.services.sessions); these screens list who could not be emailed."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from home.permissions import requires
from training.forms.sessions import SessionCancelForm, SessionForm
from training.models import Booking, CoursePage, CourseSession
from training.services import TrainingError
from training.services.sessions import (
    EDITABLE,
    SessionCapacityError,
    session_cancel,
    session_create,
    session_update,
)

CHANGE_PERMISSION = "training.change_coursesession"
ADD_PERMISSION = "training.add_coursesession"


@requires(permission=ADD_PERMISSION)
@requires(permission=CHANGE_PERMISSION)
def session_add(request, course_id: int):
    course = get_object_or_404(CoursePage, pk=course_id)
    form = SessionForm(request.POST if request.method == "POST" else None, course=course)
    if request.method == "POST" and form.is_valid():
        try:
            session = session_create(
                course=course,
                by=request.user,
                **{name: form.cleaned_data[name] for name in EDITABLE},
            )
        except TrainingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Session added: %(when)s. It shows on the course's page once the "
                    "course is published."
                )
                % {"when": session.when},
            )
            return redirect("training_courses")
    return TemplateResponse(
        request,
        "training/admin/session_form.html",
        {"course": course, "form": form, "session": None},
    )


@requires(permission=CHANGE_PERMISSION)
def session_edit(request, session_id: int):
    session = get_object_or_404(CourseSession.objects.select_related("course"), pk=session_id)
    if session.is_cancelled:
        messages.warning(request, _("That session has been cancelled, so it cannot be changed."))
        return redirect("training_courses")
    form = SessionForm(
        request.POST if request.method == "POST" else None, instance=session, course=session.course
    )
    if request.method == "POST" and form.is_valid():
        try:
            news = session_update(
                session=session,
                by=request.user,
                **{name: form.cleaned_data[name] for name in EDITABLE},
            )
        except SessionCapacityError as error:
            form.add_error("capacity", str(error))
        except TrainingError as error:
            form.add_error(None, str(error))
        else:
            if news.changes:
                return TemplateResponse(
                    request,
                    "training/admin/session_told.html",
                    {"news": news, "cancelled": False},
                )
            messages.success(request, _("Session saved. Nothing people are told about changed."))
            return redirect("training_courses")
    return TemplateResponse(
        request,
        "training/admin/session_form.html",
        {
            "course": session.course,
            "form": form,
            "session": session,
            "booked": session.bookings.filter(status=Booking.Status.BOOKED).count(),
        },
    )


@requires(permission=CHANGE_PERMISSION)
def session_cancel_view(request, session_id: int):
    session = get_object_or_404(CourseSession.objects.select_related("course"), pk=session_id)
    if session.is_cancelled:
        messages.warning(request, _("That session has already been cancelled."))
        return redirect("training_courses")
    form = SessionCancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            news = session_cancel(
                session=session, by=request.user, reason=form.cleaned_data["reason"]
            )
        except TrainingError as error:
            form.add_error("reason", str(error))
        else:
            return TemplateResponse(
                request, "training/admin/session_told.html", {"news": news, "cancelled": True}
            )
    counts = {
        "booked": session.bookings.filter(status=Booking.Status.BOOKED).count(),
        "waiting": session.bookings.filter(status=Booking.Status.WAITING).count(),
    }
    return TemplateResponse(
        request,
        "training/admin/session_cancel.html",
        {"session": session, "course": session.course, "form": form, **counts},
    )
