"""Admin → Training: only registers the app's staff screens (training/admin/) and the
log actions the services write."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from home.waiting_work import WAITING_WORK_HOOK
from training.admin import bookings, completions, wishes


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "training/sessions/<int:session_id>/book/",
            bookings.booking_assisted,
            name="training_booking_assisted",
        ),
    ]


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        "roundtable.training_booked_assisted",
        _("Book a training session for someone"),
        _("Booked on a training session on the person's behalf"),
    )


# Completions and certificates.
hooks.register("register_admin_urls", completions.admin_urls)
hooks.register("register_admin_menu_item", completions.menu_item)
hooks.register(WAITING_WORK_HOOK, completions.waiting)
hooks.register("register_log_actions", completions.log_actions)

# "Training people would like" (Reports).
wishes.register()
