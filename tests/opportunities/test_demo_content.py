"""The demo data (`manage.py load_demo_data`) has opportunities, requests and
applications, and is safe to load twice."""

import pytest
from django.core.management import call_command

from involvement.models import Involvement
from opportunities.models import Application, OpportunityPage, ResearchRequest

pytestmark = pytest.mark.django_db


def test_the_demo_data_has_opportunities_requests_and_applications(db):
    call_command("load_demo_data")
    call_command("load_demo_data")  # safe to run again: nothing doubled
    assert OpportunityPage.objects.live().count() == 5
    assert OpportunityPage.objects.open().count() == 4
    assert ResearchRequest.objects.waiting_for_staff().count() == 1
    assert Application.objects.filter(status="submitted").count() == 3
    assert Involvement.objects.count() == 1
