"""Demo rate card and payments for `make run` (development only)."""

from involvement.models import Involvement
from members.models import User
from reciprocity.factories import rate_card_example
from reciprocity.services.payments import payments_generate


def demo_extend() -> None:
    """An example rate card (labelled as one) and the payment for the demo involvement.
    Safe to run again: payments are made once per involvement."""
    rate_card_example()
    staff = User.objects.get(email="officer@example.org")
    payments_generate(involvements=Involvement.objects.all(), by=staff)
