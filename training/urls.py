"""The training app's public and member pages (the listing and course pages are Wagtail
pages, served by views/listing.py and the course page's own template)."""

from django.urls import path

from training.views import bookings, certificates, completions, wishes

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
    # Completions and certificates (a self-paced course: the person says they finished).
    path(
        "training/courses/<int:course_id>/finished/",
        completions.course_finished,
        name="course_finished",
    ),
    path(
        "training/certificates/<int:completion_id>/",
        certificates.certificate,
        name="certificate",
    ),
    path(
        "training/certificates/<int:completion_id>/pdf/",
        certificates.certificate_pdf,
        name="certificate_pdf",
    ),
    path(
        "training/certificates/<int:completion_id>/checking/",
        certificates.certificate_verifiable,
        name="certificate_verifiable",
    ),
    # The public check: anyone, no sign-in.
    path("certificates/", certificates.certificate_check_start, name="certificate_check_start"),
    path("certificates/<str:code>/", certificates.certificate_check, name="certificate_check"),
    path("training/wishes/", wishes.training_wishes, name="wishes"),
]
