"""Registers the home app's admin screens (home/admin.py) and page-serving hooks."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from home.admin import OutboxViewSet, SitesMenuItem, SiteViewSet, SuperuserOnlyPermissionPolicy
from home.models import OutboxEmail
from home.page_cache import page_allows_caching
from home.waiting_work import waiting_work_panel_add

# Registered before the viewset first asks for a policy (Wagtail 8 requires the order).
register_permission_policy(OutboxEmail, SuperuserOnlyPermissionPolicy(OutboxEmail))


@hooks.register("register_admin_viewset")
def register_outbox():
    return OutboxViewSet()


@hooks.register("register_admin_viewset")
def register_sites():
    return SiteViewSet("wagtailsites", url_prefix="sites")


@hooks.register("register_settings_menu_item")
def register_sites_menu_item():
    return SitesMenuItem(
        _("Sites"), reverse("wagtailsites:index"), name="sites", icon_name="site", order=602
    )


# Only pages that anyone may see go into the cache of public pages (home.page_cache).
hooks.register("before_serve_page", page_allows_caching)

# "Waiting for you" on the admin's home page; the apps add its rows (home.waiting_work).
hooks.register("construct_homepage_panels", waiting_work_panel_add)
