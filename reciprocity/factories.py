"""Factories for tests, demo data and the benchmark."""

import datetime
from decimal import Decimal

from reciprocity.models import RateCard


def rate_card_example(valid_from: datetime.date = datetime.date(2020, 4, 6)) -> RateCard:
    """An example card, clearly labelled: replace it with your organisation's policy."""
    card, _created = RateCard.objects.get_or_create(
        valid_from=valid_from,
        defaults={
            "name": "Example rates (replace with your own policy)",
            "is_example": True,
            "hourly": Decimal("25.00"),
            "half_day": Decimal("75.00"),
            "full_day": Decimal("150.00"),
            "per_document_review": Decimal("25.00"),
            "per_meeting_from_home": Decimal("25.00"),
            "mileage_per_mile": Decimal("0.45"),
            "food_cap": Decimal("10.00"),
            "carer_cover_per_hour": Decimal("15.00"),
            "support_worker_per_hour": Decimal("20.00"),
            "notes": "Example only, in the style of NIHR payment guidance.",
        },
    )
    return card
