"""Shared set-up for the tests of the member's side of group meetings."""

import datetime
from decimal import Decimal

from django.utils import timezone

from involvement.models import Involvement
from members.demo_content import demo_groups_create
from members.factories import MemberFactory
from members.models import GroupMembership
from opportunities.factories import AgendaItemFactory, ResearchRequestFactory
from opportunities.services.meetings import meeting_activity_sync


def groups():
    """Two groups: the meeting's, and another."""
    made = demo_groups_create()
    return made[0], made[1]


def join(group, status=GroupMembership.Status.ACTIVE, **fields):
    """A new member of `group` (active unless told otherwise)."""
    person = MemberFactory(**fields)
    GroupMembership.objects.create(
        member=person,
        group=group,
        status=status,
        started_on=timezone.localdate(),
        ground_rules_version=group.current_ground_rules(),
    )
    return person


def on_agenda(meeting, researcher, **fields):
    """An item for `researcher`'s request on `meeting`'s agenda."""
    request = ResearchRequestFactory(researcher=researcher, status="submitted")
    return AgendaItemFactory(meeting=meeting, request=request, **fields)


def attended(meeting, person):
    """Record that `person` came to `meeting`."""
    activity = meeting_activity_sync(meeting=meeting)
    return Involvement.objects.create(
        member=person,
        activity=activity,
        attended=True,
        started_on=timezone.localdate(meeting.starts_at),
        hours=Decimal("2"),
    )


def move_to_past(meeting, days=2):
    meeting.starts_at = timezone.now() - datetime.timedelta(days=days)
    meeting.ends_at = meeting.starts_at + datetime.timedelta(hours=2)
    meeting.papers_due_on = None
    meeting.save()
    return meeting
