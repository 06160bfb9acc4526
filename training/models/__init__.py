"""The app's models, one module per area; import them from here."""

from training.models.bookings import Booking
from training.models.completions import Completion, certificate_code_new
from training.models.courses import (
    SELF_DIRECTED_FORMATS,
    Audience,
    CourseFormat,
    CoursePage,
    TrainingIndexPage,
)
from training.models.sessions import CourseSession
from training.models.settings import TrainingSettings
from training.models.wishes import TrainingWish

__all__ = [
    "SELF_DIRECTED_FORMATS",
    "Audience",
    "Booking",
    "Completion",
    "CourseFormat",
    "CoursePage",
    "CourseSession",
    "TrainingIndexPage",
    "TrainingSettings",
    "TrainingWish",
    "certificate_code_new",
]
