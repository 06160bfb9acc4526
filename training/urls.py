"""The training app's public and member pages (the listing and course pages are Wagtail
pages, served by views/listing.py and the course page's own template)."""

from django.urls import path

from training.views import bookings

app_name = "training"

urlpatterns: list = [
    path("training/sessions/<int:session_id>/book/", bookings.book, name="book"),
    path("training/bookings/<int:booking_id>/", bookings.booking_detail, name="booking_detail"),
    path(
        "training/bookings/<int:booking_id>/cancel/",
        bookings.booking_cancel_view,
        name="booking_cancel",
    ),
    path(
        "training/bookings/<int:booking_id>/calendar.ics",
        bookings.booking_calendar,
        name="booking_calendar",
    ),
]
