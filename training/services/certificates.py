"""Certificates: the person chooses whether people with the code may check theirs."""

from django.utils.translation import gettext as _

from home.page_cache import people_changed
from members.models import User
from training.models import Completion
from training.services import TrainingError


def certificate_verifiable_set(*, completion: Completion, person: User, verifiable: bool) -> bool:
    """`person` lets anyone with their certificate's code check it at /certificates/<code>/
    (True), or stops that (False). Only their own; a revoked completion keeps its choice
    (its check then says it was revoked). Returns whether anything changed."""
    if completion.person_id != person.pk:
        raise TrainingError(_("This is not your certificate."))
    if completion.status == Completion.Status.DECLARED:
        raise TrainingError(_("There is no certificate until the course is confirmed."))
    changed = (
        Completion.objects.filter(pk=completion.pk)
        .exclude(verifiable=verifiable)
        .update(verifiable=verifiable)
    )
    completion.verifiable = verifiable
    if changed:
        people_changed(person.pk)
    return bool(changed)
