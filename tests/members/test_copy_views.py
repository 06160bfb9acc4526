"""Wagtail 8.0.1's generic "copy" views save over the original object (issue 11,
finding 1): none of them may be served, for users, snippets or sites."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from members import roles

# Copying a *page* is a different view (Page.copy makes a new page, and needs the page
# "add" permission on the parent); it does not share the generic view's fault.
PAGE_COPY = "wagtailadmin_pages:copy"


def _names(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from _names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield ":".join(filter(None, [namespace, pattern.name or ""])), str(pattern.pattern)


def test_no_generic_copy_view_is_served():
    served = [
        (name, route)
        for name, route in _names(get_resolver())
        if name != PAGE_COPY and ("copy" in name.lower() or "copy" in route.lower())
    ]
    assert served == []


@pytest.mark.django_db
def test_staff_cannot_make_themselves_admin_through_a_user_copy_url(client, staff, admin_login):
    admin_login(staff)
    response = client.post(
        f"/admin/users/copy/{staff.pk}/",
        {
            "email": "taken-over@example.org",
            "name": "Someone else",
            "is_superuser": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 404
    staff.refresh_from_db()
    assert not staff.is_superuser
    assert staff.email == "officer@example.org"
    assert staff.has_role(roles.INVOLVEMENT_STAFF)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/admin/snippets/members/topic/copy/{topic}/", "/admin/sites/copy/{site}/"]
)
def test_snippet_and_site_copy_urls_are_not_served(client, superuser, admin_login, url):
    from wagtail.models import Site

    from members.models import Topic

    admin_login(superuser)
    topic, site = Topic.objects.first(), Site.objects.get(is_default_site=True)
    response = client.post(
        url.format(topic=topic.pk, site=site.pk), {"name": "Overwritten", "hostname": "evil"}
    )
    assert response.status_code == 404
    topic.refresh_from_db()
    site.refresh_from_db()
    assert topic.name != "Overwritten"
    assert site.hostname != "evil"
