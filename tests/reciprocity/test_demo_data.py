"""Demo data for payments."""

import pytest
from django.core.management import call_command

from reciprocity.models import Payment, RateCard


@pytest.mark.django_db
def test_the_demo_data_has_an_example_rate_card_and_a_payment():
    call_command("load_demo_data")
    call_command("load_demo_data")  # safe to run again
    assert RateCard.objects.get().is_example
    assert Payment.objects.count() == 1
