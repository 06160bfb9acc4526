"""Nobody is invited twice, even when staff invite the same people at the same moment:
the constraint keeps one invitation per person, and only the member of staff whose row
was written emails them. Needs PostgreSQL (SQLite has one writer at a time)."""

import threading

import pytest
from django.db import connection

from home.models import OutboxEmail
from members.factories import MemberFactory, StaffFactory
from members.models import MemberProfile
from opportunities.factories import opportunity_create
from opportunities.models import Invitation
from opportunities.services.invitations import invitations_send

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_parallel_invitations_of_the_same_people_invite_and_email_each_once(baseline):
    opportunity = opportunity_create()
    people = [MemberFactory() for _ in range(5)]
    MemberProfile.objects.bulk_create([MemberProfile(user=p) for p in people])
    staff = [StaffFactory() for _ in range(4)]
    barrier = threading.Barrier(len(staff))
    invited = []

    def run(by):
        try:
            barrier.wait(timeout=10)
            result = invitations_send(
                opportunity=opportunity, member_ids=[p.pk for p in people], by=by
            )
            invited.extend(i.member_id for i in result.invited)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(by,)) for by in staff]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(invited) == sorted(p.pk for p in people)
    assert Invitation.objects.filter(opportunity=opportunity).count() == len(people)
    assert OutboxEmail.objects.filter(key__startswith=f"invite:{opportunity.pk}:").count() == len(
        people
    )
