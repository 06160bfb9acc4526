"""The daily membership job through the real Redis broker and a real worker.

Run twice, as a beat restart or a second scheduler might: each invitation goes once.
"""

import datetime
import time

import pytest
from django.core import mail
from django.utils import timezone

from members.factories import MemberFactory
from members.models import GroupMembership
from members.tasks import membership_terms_daily
from tests.helpers import wait_for

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_renewal_invitations_go_once_when_the_job_runs_twice(baseline, redis_worker, settings):
    from members.demo_content import demo_groups_create

    settings.CELERY_TASK_ALWAYS_EAGER = False  # emails go through the broker too
    group = demo_groups_create()[0]
    for n in range(3):
        GroupMembership.objects.create(
            member=MemberFactory(email=f"due{n}@example.org"),
            group=group,
            status=GroupMembership.Status.ACTIVE,
            started_on=timezone.localdate() - datetime.timedelta(days=700),
            term_ends_on=timezone.localdate() + datetime.timedelta(days=10),
        )
    mail.outbox.clear()
    membership_terms_daily.delay()
    membership_terms_daily.delay()

    def invitations():
        return [m for m in mail.outbox if m.subject.startswith("Would you like to stay")]

    assert wait_for(lambda: len(invitations()) >= 3), "the worker sent no invitations"
    time.sleep(2)  # give a duplicate, if the job were not idempotent, time to arrive
    assert sorted(m.to[0] for m in invitations()) == [
        "due0@example.org",
        "due1@example.org",
        "due2@example.org",
    ]
