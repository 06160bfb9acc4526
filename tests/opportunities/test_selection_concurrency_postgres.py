"""Places are never over-filled, even when staff select at the same moment.

N staff select N different applicants for K < N places, all at once. The row lock on
the opportunity makes them queue; exactly K succeed. Needs PostgreSQL (SQLite has one
writer at a time, so there is no race to lose).
"""

import threading

import pytest
from django.db import connection

from members.factories import MemberFactory, StaffFactory
from opportunities.factories import opportunity_create
from opportunities.models import Application
from opportunities.services.applications import (
    ApplicationError,
    application_submit,
    application_withdraw,
)
from opportunities.services.selection import application_decide

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run_at_once(actions):
    barrier = threading.Barrier(len(actions))
    outcomes = []

    def run(action):
        try:
            barrier.wait(timeout=10)
            action()
            outcomes.append("done")
        except ApplicationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_parallel_selections_fill_exactly_the_places(baseline):
    places, applicants = 3, 8
    opportunity = opportunity_create(places=places)
    staff = StaffFactory()
    applications = [
        application_submit(member=MemberFactory(), opportunity=opportunity, statement="Keen")
        for _ in range(applicants)
    ]
    outcomes = _run_at_once(
        [
            lambda a=application: application_decide(
                application=a, status="selected", message="", by=staff
            )
            for application in applications
        ]
    )
    assert sorted(outcomes) == ["done"] * places + ["refused"] * (applicants - places)
    assert Application.objects.filter(opportunity=opportunity, status="selected").count() == places


def test_a_withdrawal_and_a_selection_at_once_never_overfill(baseline):
    opportunity = opportunity_create(places=1)
    staff = StaffFactory()
    holder, waiting, newcomer = (
        application_submit(member=MemberFactory(), opportunity=opportunity, statement="Keen")
        for _ in range(3)
    )
    application_decide(application=holder, status="selected", message="", by=staff)
    application_decide(application=waiting, status="waitlisted", message="", by=staff)
    _run_at_once(
        [
            lambda: application_withdraw(application=holder),
            lambda: application_decide(
                application=newcomer, status="selected", message="", by=staff
            ),
        ]
    )
    assert Application.objects.filter(opportunity=opportunity, status="selected").count() == 1
