"""Admin → Training: registers the staff screens (training/admin/) and the log actions
their services write. Other screens of the app join the menu group here."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from home.admin import PermissionMenuItem
from home.waiting_work import WAITING_WORK_HOOK
from training.admin import bookings, completions, courses, register, sessions, wishes
from training.services.attendance import ATTENDANCE_RECORDED
from training.services.sessions import SESSION_CANCELLED, SESSION_CHANGED


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("training/courses/", courses.courses_index, name="training_courses"),
        path(
            "training/sessions/<int:session_id>/book/",
            bookings.booking_assisted,
            name="training_booking_assisted",
        ),
        path(
            "training/bookings/<int:booking_id>/cancel/",
            bookings.booking_cancel_staff,
            name="training_booking_cancel_staff",
        ),
        path("training/sessions/", courses.sessions_index, name="training_sessions"),
        path(
            "training/courses/<int:course_id>/sessions/add/",
            sessions.session_add,
            name="training_session_add",
        ),
        path(
            "training/sessions/<int:session_id>/",
            sessions.session_edit,
            name="training_session_edit",
        ),
        path(
            "training/sessions/<int:session_id>/cancel/",
            sessions.session_cancel_view,
            name="training_session_cancel",
        ),
        path(
            "training/sessions/<int:session_id>/register/",
            register.register_view,
            name="training_register",
        ),
        path(
            "training/sessions/<int:session_id>/register.csv",
            register.register_csv,
            name="training_register_csv",
        ),
    ]


# The items of Admin → Training; other screens of the app add theirs to this list.
def training_menu_items() -> list:
    return [
        PermissionMenuItem(
            _("Courses"),
            reverse("training_courses"),
            name="training-courses",
            icon_name="doc-full",
            order=10,
            permission=courses.VIEW_PERMISSION,
        ),
        PermissionMenuItem(
            _("Sessions"),
            reverse("training_sessions"),
            name="training-sessions",
            icon_name="date",
            order=20,
            permission=courses.VIEW_PERMISSION,
        ),
        completions.menu_item(order=30),
    ]


@hooks.register("register_admin_menu_item")
def register_training_menu():
    # Shown when any item in it is (the submenu hides itself when empty).
    return SubmenuMenuItem(
        _("Training"),
        Menu(items=training_menu_items()),
        name="training",
        icon_name="doc-full",
        order=265,
    )


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(SESSION_CHANGED, _("Change session"), _("Session changed"))
    actions.register_action(SESSION_CANCELLED, _("Cancel session"), _("Session cancelled"))
    actions.register_action(ATTENDANCE_RECORDED, _("Take register"), _("Attendance recorded"))
    actions.register_action(
        register.REGISTER_DOWNLOADED, _("Download register"), _("Register downloaded")
    )
    actions.register_action(
        "roundtable.training_booked_assisted",
        _("Book a training session for someone"),
        _("Booked on a training session on the person's behalf"),
    )
    actions.register_action(
        bookings.BOOKING_CANCELLED_BY_STAFF,
        _("Cancel someone's training booking"),
        _("Training booking cancelled on the person's behalf"),
    )


# Completions and certificates: their screens and the count waiting on the dashboard.
hooks.register("register_admin_urls", completions.admin_urls)
hooks.register(WAITING_WORK_HOOK, completions.waiting)
hooks.register("register_log_actions", completions.log_actions)

# A course people completed is kept for their certificates (unpublish it instead).
hooks.register("before_delete_page", courses.course_delete_refuse)
hooks.register("before_bulk_action", courses.course_bulk_delete_refuse)

# "Training people would like" (Reports).
wishes.register()
