"""What makes cached public pages stale (home.page_cache): pages published, unpublished,
moved or deleted, who may see them, the site and its settings, and the images and
documents pages show or link to. The apps above add their own (taxonomy, opportunities
closing and filling)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from home.models import OrganisationSettings
from home.page_cache import public_pages_changed


@receiver(page_published, dispatch_uid="home.page_cache.published")
@receiver(page_unpublished, dispatch_uid="home.page_cache.unpublished")
@receiver(post_page_move, dispatch_uid="home.page_cache.moved")
# Wagtail unpublishes a live page it deletes; this also catches deletions made any
# other way (a queryset's delete). Every kind of page has a base Page row.
@receiver(post_delete, sender=Page, dispatch_uid="home.page_cache.deleted")
def on_page_changed(sender, **kwargs):
    public_pages_changed()


# A page made private must leave the cache at once, not when its entry expires.
@receiver(post_save, sender=PageViewRestriction, dispatch_uid="home.page_cache.restricted")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="home.page_cache.unrestricted")
@receiver(
    m2m_changed,
    sender=PageViewRestriction.groups.through,
    dispatch_uid="home.page_cache.restriction_groups",
)
@receiver(post_save, sender=Site, dispatch_uid="home.page_cache.site_saved")
@receiver(post_delete, sender=Site, dispatch_uid="home.page_cache.site_deleted")
@receiver(post_save, sender=OrganisationSettings, dispatch_uid="home.page_cache.organisation")
@receiver(post_save, sender=get_image_model(), dispatch_uid="home.page_cache.image_saved")
@receiver(post_delete, sender=get_image_model(), dispatch_uid="home.page_cache.image_deleted")
@receiver(post_save, sender=get_document_model(), dispatch_uid="home.page_cache.document_saved")
@receiver(post_delete, sender=get_document_model(), dispatch_uid="home.page_cache.document_deleted")
def on_shown_data_changed(sender, **kwargs):
    public_pages_changed()
