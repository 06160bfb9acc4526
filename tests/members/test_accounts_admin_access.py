import pytest
from django.contrib.auth.models import Permission

from members.factories import UserFactory


@pytest.mark.django_db
def test_visitors_are_sent_to_the_allauth_sign_in_page(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_wagtails_own_login_form_is_not_reachable(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/pages/"


@pytest.mark.django_db
def test_a_member_cannot_open_the_wagtail_admin(client, member):
    client.force_login(member)
    response = client.get("/admin/")
    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()
    assert client.get("/admin/pages/").status_code == 403


@pytest.mark.django_db
def test_a_researcher_cannot_open_the_wagtail_admin(client, researcher):
    client.force_login(researcher)
    assert client.get("/admin/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_staff_without_an_authenticator_are_sent_to_set_one_up(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_staff_who_used_their_authenticator_reach_the_admin(client, request, who, admin_login):
    admin_login(request.getfixturevalue(who))
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_a_session_that_never_used_the_authenticator_is_asked_for_a_code(client, staff, with_totp):
    # e.g. signed in with the password alone, then added the app in another session
    client.force_login(with_totp(staff))
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/reauthenticate/?next=/admin/pages/"


@pytest.mark.django_db
def test_wagtails_account_page_cannot_change_email_or_password(client, staff, admin_login):
    admin_login(staff)
    html = client.get("/admin/account/").content.decode()
    assert 'name="name_email-name"' in html
    assert "first_name" not in html
    assert 'name="name_email-email"' not in html
    assert "old_password" not in html
    assert "new_password1" not in html


@pytest.mark.django_db
def test_the_header_offers_the_admin_only_to_staff(client, member, staff):
    client.force_login(member)
    assert "Staff admin" not in client.get("/account/").content.decode()
    client.force_login(staff)
    assert "Staff admin" in client.get("/account/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/admin/member-directory/",
        "/admin/membership-requests/",
        "/admin/assisted-registration/",
        "/admin/snippets/members/topic/",
    ],
)
def test_admin_users_without_the_specific_permission_are_refused(client, admin_login, url):
    # Past the admin's own door (access_admin and a second factor), each screen
    # still checks its own permission.
    editor = UserFactory(email="editor@example.org")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    admin_login(editor)
    response = client.get(url)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] == "/admin/"
