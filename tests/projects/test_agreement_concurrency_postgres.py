"""The team agreement when two people accept at the same moment: the last two
acceptances, at once, bring the version into force once (each waits for the other on
the project's row; without the lock neither would see the other's acceptance and the
version would never come into force). Needs PostgreSQL (SQLite has one writer at a
time)."""

import threading
import time

import pytest
from django.db import connection

from projects.models import AgreementAcceptance, AgreementVersion
from projects.services import agreement as agreement_services
from projects.services.agreement import agreement_accept

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _at_once(count: int, action) -> list:
    """Run action(n) in `count` threads released together; what each raised, or None."""
    barrier = threading.Barrier(count)
    outcomes = [None] * count

    def run(n):
        try:
            barrier.wait(timeout=10)
            action(n)
        except Exception as error:  # noqa: BLE001 (the test looks at what was raised)
            outcomes[n] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.fixture
def slow_team_read(monkeypatch):
    """Widen the window between recording an acceptance and counting the team's, so
    the two acceptances overlap every time (without the lock, neither would see the
    other's and the version would stay proposed: checked by hand)."""
    read = agreement_services._current_team_ids

    def slow(project):
        team = read(project)
        time.sleep(0.3)
        return team

    monkeypatch.setattr(agreement_services, "_current_team_ids", slow)


def test_the_last_two_acceptances_at_once_bring_the_version_into_force_once(
    baseline, world, slow_team_read
):
    version = AgreementVersion.objects.get(project=world.project, number=1)
    for person in (world.researcher, world.staff):
        agreement_accept(version=version, person=person)
    last = [world.ana, world.ben]
    outcomes = _at_once(2, lambda n: agreement_accept(version=version, person=last[n]))
    assert outcomes == [None, None]
    version.refresh_from_db()
    assert version.status == AgreementVersion.Status.IN_FORCE
    assert AgreementAcceptance.objects.filter(version=version).count() == 4


def test_an_acceptance_twice_at_once_is_recorded_once(baseline, world):
    version = AgreementVersion.objects.get(project=world.project, number=1)
    outcomes = _at_once(3, lambda n: agreement_accept(version=version, person=world.ben))
    assert outcomes == [None] * 3
    assert AgreementAcceptance.objects.filter(version=version, person=world.ben).count() == 1
