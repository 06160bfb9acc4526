"""Admin → Training → Courses and Sessions: every course with its sessions and the
numbers booked, waiting and attended; and the sessions to come, soonest first. Each
links to the page editor and to the session screens (sessions.py, register.py)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page

from home.permissions import requires
from training.admin.bookings import BOOK_FOR_OTHERS
from training.models import Booking, Completion
from training.selectors.sessions import courses_with_sessions, sessions_to_come

VIEW_PERMISSION = "training.view_coursesession"
PER_PAGE = 50
# Each course shows all its sessions (a course may have ten or more): fewer per page.
COURSES_PER_PAGE = 20


def _may(request, page) -> dict:
    """What the rows offer this person: changing sessions, booking for someone."""
    return {
        "page_obj": page,
        "may_change": request.user.has_perm("training.change_coursesession"),
        "may_book": request.user.has_perm(BOOK_FOR_OTHERS),
    }


@requires(permission=VIEW_PERMISSION)
def courses_index(request):
    page = Paginator(courses_with_sessions(), COURSES_PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "training/admin/courses_index.html",
        _may(request, page),
    )


@requires(permission=VIEW_PERMISSION)
def sessions_index(request):
    page = Paginator(sessions_to_come(), PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "training/admin/sessions_index.html",
        _may(request, page),
    )


# A completed course's certificates point at its page (Completion.course is PROTECT):
# deleting it would fail half-way, so the delete screens say why instead. Unpublishing
# it takes it off the site and keeps the certificates.
KEPT_FOR_CERTIFICATES = _(
    "%(title)s cannot be deleted: people have completed it, and their certificates "
    "need it. Unpublish it instead, so nobody new finds it."
)
# Deleting would take bookings with it, and nobody would be told: cancelling the
# sessions tells everyone and removes the entries from their calendars.
KEPT_FOR_BOOKINGS = _(
    "%(title)s cannot be deleted: people are booked on its sessions to come. Cancel "
    "those sessions first (Admin, Training, Courses), so everyone is told."
)


def _deletion_problem(page) -> str | None:
    """Why `page` (or a course beneath it) must not be deleted, or None."""
    beneath = {"course__path__startswith": page.path}
    title = page.get_admin_display_title()
    if Completion.objects.filter(**beneath).exists():
        return KEPT_FOR_CERTIFICATES % {"title": title}
    if (
        Booking.objects.current()
        .filter(session__starts_at__gt=timezone.now(), session__cancelled_at__isnull=True)
        .filter(**{f"session__{key}": value for key, value in beneath.items()})
        .exists()
    ):
        return KEPT_FOR_BOOKINGS % {"title": title}
    return None


def course_delete_refuse(request, page):
    """before_delete_page: refuse, with the reason, a page whose course was completed or
    has people booked on sessions to come."""
    problem = _deletion_problem(page)
    if problem:
        messages.error(request, problem)
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


def course_bulk_delete_refuse(request, action_type, objects, action_class_instance):
    """before_bulk_action: the same for the page explorer's bulk delete."""
    if action_type != "delete":
        return None
    problems = [_deletion_problem(obj) for obj in objects if isinstance(obj, Page)]
    problems = [problem for problem in problems if problem]
    if not problems:
        return None
    for problem in problems:
        messages.error(request, problem)
    # Wagtail's own check of where "next" may send people (never off the site).
    return redirect(
        get_valid_next_url_from_request(request) or reverse("wagtailadmin_explore_root")
    )
