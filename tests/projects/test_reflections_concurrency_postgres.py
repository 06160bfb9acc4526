"""Two stage changes sent at the same moment (a double click, or the researcher and a
lead at once): the project's row is the lock, so the second waits, finds the stage
already changed and is refused; the team is invited once. Needs PostgreSQL."""

import threading

import pytest
from django.db import connection

from projects.factories import project_create
from projects.models import ReflectionInvitation, StageChange
from projects.services.projects import ProjectError
from projects.services.reflections import project_stage_change

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_the_same_stage_change_sent_twice_at_once_invites_the_team_once(baseline):
    project = project_create()
    researcher = project.team.get(role="researcher").person
    barrier = threading.Barrier(2)
    refused, errors = [], []

    def change():
        try:
            barrier.wait(timeout=10)
            project_stage_change(project=project, stage="funding", by=researcher)
        except ProjectError as error:
            refused.append(error)
        except Exception as error:  # noqa: BLE001 (any other failure is reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=change) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(refused) == 1
    assert StageChange.objects.filter(project=project).count() == 1
    team = project.team.filter(left_at=None).count()
    assert ReflectionInvitation.objects.filter(stage_change__project=project).count() == team
