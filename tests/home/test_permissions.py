"""One staff permission guard with one way of refusing (home/permissions.py): the
site's 403 page, in the admin as outside it."""

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from wagtail.admin.auth import require_admin_access

from home.permissions import guard, may, refuse, requires
from members import roles
from members.factories import MemberFactory, ResearcherFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

PERMISSION = "reciprocity.view_payment"


def asking(user, path="/somewhere/"):
    request = RequestFactory().get(path)
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def ok(request, *args, **kwargs):
    return HttpResponse("the page")


def staff_with(permission: str | None):
    person = StaffFactory()
    person.user_permissions.clear()
    for group in person.groups.all():
        group.permissions.remove(*Permission.objects.filter(codename="view_payment"))
    if permission:
        app_label, codename = permission.split(".")
        person.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return type(person).objects.get(pk=person.pk)  # no cached permissions


def test_the_refusal_is_the_sites_403_page():
    response = refuse(asking(MemberFactory()))
    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()


def test_a_permission_lets_in_only_who_holds_it():
    assert may(staff_with(PERMISSION), permission=PERMISSION)
    assert not may(staff_with(None), permission=PERMISSION)
    assert not may(MemberFactory(), permission=PERMISSION)
    assert not may(AnonymousUser(), permission=PERMISSION)


def test_a_role_lets_in_only_who_holds_it():
    assert may(MemberFactory(), role=roles.MEMBER)
    assert not may(ResearcherFactory(), role=roles.MEMBER)
    assert may(ResearcherFactory(), role=roles.RESEARCHER)
    assert not may(AnonymousUser(), role=roles.MEMBER)  # no roles at all


def test_superuser_powers_need_a_session_that_used_the_second_factor():
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert may(admin, superuser=True)
    assert not may(StaffFactory(), superuser=True)
    admin.privileges_suspend()  # signed in with the password alone
    assert not may(admin, superuser=True)


def test_a_session_without_the_second_factor_has_no_staff_permission():
    person = staff_with(PERMISSION)
    person.privileges_suspend()
    assert not may(person, permission=PERMISSION)
    assert guard(asking(person), permission=PERMISSION).status_code == 403


def test_every_requirement_given_must_hold():
    member = MemberFactory()
    assert not may(member, role=roles.MEMBER, permission=PERMISSION)
    with pytest.raises(TypeError):
        may(member)
    with pytest.raises(TypeError):
        requires()


def test_guard_says_nothing_to_who_may_go_on():
    assert guard(asking(MemberFactory()), role=roles.MEMBER) is None
    assert guard(asking(ResearcherFactory()), role=roles.MEMBER).status_code == 403


def test_the_decorator_runs_the_view_only_for_who_may():
    view = requires(permission=PERMISSION)(ok)
    assert view(asking(staff_with(PERMISSION))).content == b"the page"
    refused = view(asking(staff_with(None)))
    assert refused.status_code == 403
    assert b"the page" not in refused.content
    assert view.__name__ == "ok"  # wraps the view (URL names, admin breadcrumbs)


def test_in_the_admin_the_refusal_is_the_same_403_not_wagtails_redirect():
    """Wagtail turns a PermissionDenied raised in an admin view into a redirect to the
    dashboard; the guard's refusal goes through as the 403 page."""
    person = staff_with(None)

    def raises(request):
        raise PermissionDenied

    assert require_admin_access(raises)(asking(person, "/admin/x/")).status_code == 302
    guarded = require_admin_access(requires(permission=PERMISSION)(ok))
    response = guarded(asking(person, "/admin/x/"))
    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()
