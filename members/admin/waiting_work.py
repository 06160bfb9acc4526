"""What members adds to the admin's "Waiting for you" panel (home.waiting_work):
requests to join a group, and requests for the Researcher role. Each is shown only to
staff who may decide it; one COUNT query each."""

from django.urls import reverse
from django.utils.translation import gettext as _

from home.permissions import may
from home.waiting_work import WaitingWork
from members.admin.accounts import ROLE_REQUEST_PERMISSION
from members.admin.memberships import PERMISSION as MEMBERSHIP_PERMISSION
from members.models import GroupMembership, User


def membership_requests_waiting(request) -> WaitingWork | None:
    if not may(request.user, permission=MEMBERSHIP_PERMISSION):
        return None
    return WaitingWork(
        label=_("Membership requests"),
        count=GroupMembership.objects.filter(status=GroupMembership.Status.APPLIED).count(),
        url=reverse("members_membership_requests"),
        order=10,
    )


def researcher_requests_waiting(request) -> WaitingWork | None:
    if not may(request.user, permission=ROLE_REQUEST_PERMISSION):
        return None
    return WaitingWork(
        label=_("Researcher requests"),
        count=User.objects.role_requests_pending().count(),
        url=reverse("members_researcher_requests"),
        order=20,
    )
