"""The equality benchmark snippet chooser needs the equality permission (issue 11,
finding 12): Wagtail's choosers otherwise answer anyone with admin access."""

import pytest
from django.contrib.auth.models import Permission

from members.models import EqualityBenchmark

pytestmark = pytest.mark.django_db

CHOOSER = "/admin/snippets/choose/members/equalitybenchmark/"


def chooser_urls():
    pk = EqualityBenchmark.objects.first().pk
    return [CHOOSER, f"{CHOOSER}results/", f"{CHOOSER}chosen/{pk}/", f"{CHOOSER}chosen-multiple/"]


def denied(response) -> bool:
    # Wagtail's admin turns a refusal into a redirect to the dashboard with a message.
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def test_staff_without_the_equality_permission_cannot_use_the_chooser(client, staff, admin_login):
    admin_login(staff)
    for url in chooser_urls():
        assert denied(client.get(url)), url
    assert denied(client.post(f"{CHOOSER}create/", {}))


def test_staff_with_the_equality_permission_can(client, staff, admin_login):
    staff.user_permissions.add(Permission.objects.get(codename="view_equality_dashboard"))
    admin_login(staff)
    for url in chooser_urls():
        assert client.get(url).status_code == 200, url
