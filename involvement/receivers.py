"""Receivers: members' own pages (home.page_cache.personal_fragment) show their
involvement and the difference it made, so a change to either makes them stale."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from home.page_cache import people_changed, public_pages_changed
from involvement.hooks import involvement_recorded
from involvement.models import ImpactEntry, Involvement


# A member's involvement is theirs alone; an impact entry reaches everyone who took part.
@receiver(post_save, sender=Involvement, dispatch_uid="involvement.person.involvement")
@receiver(post_delete, sender=Involvement, dispatch_uid="involvement.person.involvement_gone")
def on_members_own_record_changed(sender, instance, **kwargs):
    people_changed(instance.member_id)


@receiver(involvement_recorded, dispatch_uid="involvement.person.recorded")
def on_involvement_recorded(sender, involvements, **kwargs):
    # The bulk writer saves without post_save.
    people_changed(*(row.member_id for row in involvements))


@receiver(post_save, sender=ImpactEntry, dispatch_uid="involvement.impact_saved")
@receiver(post_delete, sender=ImpactEntry, dispatch_uid="involvement.impact_deleted")
def on_impact_changed(sender, **kwargs):
    public_pages_changed()
