"""A person says they have finished a self-paced course (or reading)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from home.permissions import refuse
from training.models import Completion, CoursePage
from training.services import TrainingError
from training.services.bookings import course_is_for
from training.services.completions import completion_declare
from training.views.bookings import course_viewable


@login_required
def course_finished(request, course_id: int):
    """ "I have finished this course": a page that asks, and a button (POST). Once they
    have said so, the same address says where it stands (waiting for staff, or done)."""
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    if not course.is_self_directed:
        raise Http404  # a course with sessions is completed by attending them
    if not course_viewable(request, course):
        raise Http404  # a private page: nothing says the course exists
    if not course_is_for(course=course, person=request.user):
        return refuse(request)
    existing = (
        Completion.objects.filter(person=request.user, course=course)
        .exclude(status=Completion.Status.REVOKED)
        .first()
    )
    error = ""
    if request.method == "POST" and existing is None:
        try:
            completion_declare(person=request.user, course=course)
        except TrainingError as problem:
            error = str(problem)
        else:
            messages.success(
                request, _("Thank you. We will check and confirm it, and email you when we have.")
            )
            return redirect("training:course_finished", course_id=course.pk)
    return render(
        request,
        "training/course_finished.html",
        {"course": course, "completion": existing, "error": error},
    )
