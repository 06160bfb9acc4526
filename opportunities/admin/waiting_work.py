"""What opportunities adds to the admin's "Waiting for you" panel (home.waiting_work):
researchers' requests for input waiting for staff, to those who triage them."""

from django.urls import reverse
from django.utils.translation import gettext as _

from home.permissions import may
from home.waiting_work import WaitingWork
from opportunities.admin.research_requests import TRIAGE_PERMISSION
from opportunities.models import ResearchRequest


def research_requests_waiting(request) -> WaitingWork | None:
    if not may(request.user, permission=TRIAGE_PERMISSION):
        return None
    return WaitingWork(
        label=_("Requests for input"),
        count=ResearchRequest.objects.waiting_for_staff().count(),
        url=reverse("opportunities_requests"),  # shows the ones waiting for staff
        order=30,
    )
