from django.conf import settings
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from home.models import OrganisationSettings


def _shell(request) -> dict:
    site = Site.find_for_request(request)
    if site is None:
        return {"organisation": None, "menu": [], "root_url": "/"}
    organisation = OrganisationSettings.for_site(site)
    root = site.root_page
    menu = [
        {"title": page.title, "url": page.relative_url(site)}
        for page in root.get_children().live().in_menu().public()
    ]
    return {"organisation": organisation, "menu": menu, "root_url": root.relative_url(site)}


def site_shell(request):
    """The header and footer's data, fetched only if a template asks for it."""
    return {
        "shell": SimpleLazyObject(lambda: _shell(request)),
        "SOURCE_CODE_URL": settings.SOURCE_CODE_URL,
    }
