"""What the reciprocity tests share: receipts kept in a temporary private folder, and a
member who took part in an activity under the example rate card."""

from decimal import Decimal

import pytest
from django.utils import timezone


@pytest.fixture
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


@pytest.fixture
def took_part(member):
    from involvement.models import Involvement
    from opportunities.factories import opportunity_create
    from opportunities.services.involvement import opportunity_activity_sync
    from reciprocity.factories import rate_card_example

    rate_card_example()
    opportunity = opportunity_create(title="Diabetes panel")
    return Involvement.objects.create(
        member=member,
        activity=opportunity_activity_sync(opportunity=opportunity),
        started_on=timezone.localdate(),
        hours=Decimal("2"),
    )


@pytest.fixture
def started(client, member, took_part):
    """A member signed in, with a claim for that activity started."""
    from tests.reciprocity.expense_journey import claim_start

    client.force_login(member)
    claim_start(client, took_part)
    return client
