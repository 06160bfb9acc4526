"""A form sent twice — a double click, a page resent after a slow answer, a second
tab — must make one record and one round of emails. The services that add something
lock the project's row (so two sends at once take turns) and treat the same words from
the same person within RESENT_WITHIN as the same record: the first is returned, and
nothing is written or emailed again. Saying the same thing again later is new."""

import datetime

from django.utils import timezone

from projects.models import Project

RESENT_WITHIN = datetime.timedelta(minutes=2)


def project_lock(project_id: int) -> None:
    """Take turns on the project's row until the transaction ends."""
    Project.objects.select_for_update().filter(pk=project_id).first()


def resent_since() -> datetime.datetime:
    """A record made after this, with the same words by the same person, is the one
    being sent again."""
    return timezone.now() - RESENT_WITHIN
