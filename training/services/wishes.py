"""What training members would like: their answer, kept one per person."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from home.page_cache import people_changed
from members import roles
from members.models import Skill, User
from training.models import TrainingWish
from training.services import TrainingError


@transaction.atomic
def training_wish_save(*, person: User, skills, other: str) -> TrainingWish | None:
    """Save the skills `person` would like training in, and anything else (300
    characters). Members only. Saying nothing removes the answer they gave before."""
    if not person.has_role(roles.MEMBER):
        raise TrainingError(_("Only members of our reference groups can say this."))
    other = other.strip()
    if len(other) > 300:
        raise TrainingError(_("Keep “anything else” to 300 characters or fewer."))
    skills = list(Skill.objects.filter(pk__in=[getattr(s, "pk", s) for s in skills]))
    if not skills and not other:
        TrainingWish.objects.filter(person=person).delete()
        people_changed(person.pk)
        return None
    wish, _created = TrainingWish.objects.update_or_create(
        person=person, defaults={"other": other, "updated_at": timezone.now()}
    )
    wish.skills.set(skills)
    # The account page (kept per person) shows what they chose.
    people_changed(person.pk)
    return wish
