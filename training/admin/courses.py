"""Admin → Training → Courses and Sessions: every course with its sessions and the
numbers booked, waiting and attended; and the sessions to come, soonest first. Each
links to the page editor and to the session screens (sessions.py, register.py)."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from home.permissions import requires
from training.admin.bookings import BOOK_FOR_OTHERS
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
