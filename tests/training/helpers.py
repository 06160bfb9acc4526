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


def staff_without_permissions():
    """An account that may open the admin (and has a second factor, through
    `admin_login`) but holds none of training's permissions: the refusal it meets is
    the site's 403, as opposed to a member whom the admin turns away."""
    from django.contrib.auth.models import Group, Permission

    from members.factories import UserFactory

    bare, _ = Group.objects.get_or_create(name="Admin only")
    bare.permissions.add(Permission.objects.get(codename="access_admin"))
    user = UserFactory()
    user.groups.add(bare)
    return user
