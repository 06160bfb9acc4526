"""Shared set-up for the training tests of inductions and wishes."""

from django.utils import timezone
from wagtail.models import Site

from training.models import Completion, TrainingSettings


def training_settings_set(**fields) -> TrainingSettings:
    """Save the default site's training settings with these values."""
    settings = TrainingSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.save()
    return settings


def completed(person, course, status=Completion.Status.COMPLETED) -> Completion:
    return Completion.objects.create(
        person=person,
        course=course,
        status=status,
        how=Completion.How.STAFF,
        completed_on=timezone.localdate(),
    )
