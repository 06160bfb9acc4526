"""What a person sees of their training on their account page, and staff on the
member record: a fixed number of queries however much there is."""

from django.utils import timezone

from home.page_cache import public_fragment
from training.models import Booking, Completion, TrainingIndexPage


def training_index_url() -> str:
    """Where "Find a course" links go ("" before there is a listing), kept with the
    public pages (home.page_cache)."""
    return public_fragment("training-index-url", _training_index_url)


def _training_index_url() -> str:
    index = TrainingIndexPage.objects.live().public().first()
    return index.url if index else ""


def training_of(person, *, upcoming_only: bool = True) -> dict:
    """`person`'s bookings (places and waiting-list places, upcoming unless told
    otherwise, in date order) and their completions (confirmed, waiting for staff,
    revoked), with courses. Two queries, and the listing's address (kept with the
    public pages)."""
    bookings = (
        Booking.objects.filter(person=person)
        .select_related("session__course")
        .with_waiting_position()
        .order_by("session__starts_at", "pk")
    )
    if upcoming_only:
        bookings = bookings.current().filter(
            session__ends_at__gte=timezone.now(), session__cancelled_at__isnull=True
        )
    bookings = list(bookings)
    completions = list(
        Completion.objects.filter(person=person)
        .select_related("course")
        .order_by("-completed_on", "-declared_at", "pk")
    )
    return {
        "booked": [b for b in bookings if b.status == Booking.Status.BOOKED],
        "waiting": [b for b in bookings if b.status == Booking.Status.WAITING],
        "bookings": bookings,
        "completed": [c for c in completions if c.status == Completion.Status.COMPLETED],
        "declared": [c for c in completions if c.status == Completion.Status.DECLARED],
        "revoked": [c for c in completions if c.status == Completion.Status.REVOKED],
        "training_url": training_index_url(),
    }
