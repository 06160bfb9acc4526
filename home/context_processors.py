from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils.functional import SimpleLazyObject
from wagtail.images.shortcuts import get_rendition_or_not_found
from wagtail.models import Site

from home import hooks
from home.models import OrganisationSettings
from home.page_cache import personal_fragment, public_fragment

LOGO_FILTER = "height-80"


def _shell_values(request) -> dict:
    """What the header and footer show: the same for everyone on one host, so it is
    kept with the cached public pages (five queries fewer on every page)."""
    site = Site.find_for_request(request)
    if site is None:
        return {"name": "", "logo_url": "", "menu": [], "sections": [], "root_url": "/"}
    organisation = OrganisationSettings.for_request(request)
    root = site.root_page
    sections, menu = _sections_and_menu(site, root)
    return {
        "name": organisation.name,
        "logo_url": _logo_url(organisation),
        "footer_text": organisation.footer_text,
        "accessibility_url": _url(organisation.accessibility_page, request),
        "privacy_url": _url(organisation.privacy_page, request),
        "sections": sections,
        "menu": menu,
        "root_url": root.relative_url(site),
    }


def _sections_and_menu(site, root) -> tuple[list[dict], list[dict]]:
    """The start points (home.hooks.site_sections) and the main navigation: the
    sections first, under their short names, then the other pages staff put in menus.
    One query for both: the pages directly under the home page."""
    children = list(root.get_children().live().public())
    sections = hooks.sections()
    types = ContentType.objects.get_for_models(*(s.page_model for s in sections))
    found, first = [], []
    for section in sections:
        content_type = types[section.page_model]
        page = next((c for c in children if c.content_type_id == content_type.pk), None)
        if page is None:
            continue
        url = page.relative_url(site)
        found.append(
            {"url": url, "start_label": section.start_label, "description": section.description}
        )
        if page.show_in_menus:
            first.append({"title": section.nav_label, "url": url, "page_id": page.pk})
    taken = {item["page_id"] for item in first}
    rest = [
        {"title": page.title, "url": page.relative_url(site)}
        for page in children
        if page.show_in_menus and page.pk not in taken
    ]
    return found, first + rest


def _logo_url(organisation) -> str:
    # As the {% image %} tag would: a missing file gives a broken image, not an error.
    logo = organisation.logo
    return get_rendition_or_not_found(logo, LOGO_FILTER).url if logo is not None else ""


def _url(page, request) -> str:
    return (page.get_url(request) or "") if page is not None else ""


def _organisation(request):
    site = Site.find_for_request(request)
    return OrganisationSettings.for_request(request) if site is not None else None


def _shell(request) -> dict:
    values = public_fragment(f"shell:{request.get_host()}", lambda: _shell_values(request))
    # The full settings (contact details, policy pages) for the pages that need them.
    return {**values, "organisation": SimpleLazyObject(lambda: _organisation(request))}


def _admin_link_shown(request) -> bool:
    """Whether the header offers the staff admin: a query on every signed-in page, so
    kept per person with their own pages (home.page_cache.personal_fragment; roles and
    permissions changing make it stale). Only the link: the admin checks for itself."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return personal_fragment(user, "admin-link", lambda: user.has_admin_access)


def site_shell(request):
    """The header and footer's data, fetched only if a template asks for it."""
    return {
        "shell": SimpleLazyObject(lambda: _shell(request)),
        # A callable: templates call it only where they ask.
        "admin_link_shown": lambda: _admin_link_shown(request),
        "SOURCE_CODE_URL": settings.SOURCE_CODE_URL,
    }
