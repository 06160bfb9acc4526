"""A session's register: everyone with a place, marked attended or did not attend, all
at once; and its CSV download. Access needs are shown here to staff running the
session (each opening is logged in each person's history), never in the download."""

import csv
import io

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log

from home.permissions import requires
from home.spreadsheets import spreadsheet_safe
from members.services.member_record import access_needs_log_read
from training.forms.register import RegisterForm
from training.models import CourseSession
from training.selectors.sessions import register_bookings_and_waiting, register_download_bookings
from training.services import TrainingError
from training.services.attendance import attendance_record

REGISTER_PERMISSION = "training.run_register"
REGISTER_DOWNLOADED = "roundtable.training_register_downloaded"


def _session(session_id: int) -> CourseSession:
    return get_object_or_404(CourseSession.objects.select_related("course"), pk=session_id)


@requires(permission=REGISTER_PERMISSION)
def register_view(request, session_id: int):
    session = _session(session_id)
    bookings, waiting = register_bookings_and_waiting(session)
    form = RegisterForm(
        request.POST if request.method == "POST" else None, bookings=bookings, by=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = attendance_record(session=session, marks=form.marks(), by=request.user)
        except TrainingError as error:
            form.add_error(None, str(error))
        else:
            message = ngettext(
                "Register saved: %(count)s change.",
                "Register saved: %(count)s changes.",
                result.changed,
            ) % {"count": result.changed}
            if result.completed:
                message += " " + _("Completed the course: %(names)s.") % {
                    "names": ", ".join(str(person) for person in result.completed)
                }
            messages.success(request, message)
            return redirect("training_register", session_id=session.pk)
    with_needs = [booking.person_id for booking in bookings if booking.access_needs]
    if with_needs:
        access_needs_log_read(
            people=with_needs,
            by=request.user,
            what=f"Register: {session.course.title}, {session.when}",
        )
    started = session.starts_at <= timezone.now()
    return TemplateResponse(
        request,
        "training/admin/register.html",
        {
            "session": session,
            "course": session.course,
            "form": form,
            "rows": form.rows(),
            "waiting": waiting,
            "started": started,
            # Staff cancel bookings for people until the session starts (the service
            # refuses after), never their own.
            "can_cancel": not started and not session.is_cancelled,
        },
    )


@requires(permission=REGISTER_PERMISSION)
def register_csv(request, session_id: int):
    """Name, email, status and attendance of everyone with a place, then the waiting
    list: no access needs (health data stays on the screen), and each download is
    logged on the session."""
    session = _session(session_id)
    bookings = register_download_bookings(session)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Name"), _("Email"), _("Status"), _("Attendance")])
    for booking in bookings:
        writer.writerow(
            [
                spreadsheet_safe(value)
                for value in (
                    booking.person.name,
                    booking.person.email or "",
                    booking.get_status_display(),
                    booking.get_attendance_display(),
                )
            ]
        )
    log(
        instance=session,
        action=REGISTER_DOWNLOADED,
        user=request.user,
        data={"rows": len(bookings)},
    )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="register-{session.course.slug}-{session.starts_at:%Y-%m-%d}.csv"'
    )
    return response
