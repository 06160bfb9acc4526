import pytest

from members.models import User


@pytest.fixture
def staff_client(client, staff, with_totp):
    client.force_login(with_totp(staff))
    return client


@pytest.mark.django_db
def test_staff_add_a_person_with_one_name_field_and_no_password(staff_client):
    form = staff_client.get("/admin/users/new/").content.decode()
    assert 'name="name"' in form
    assert 'name="first_name"' not in form
    assert 'name="password1"' not in form
    response = staff_client.post(
        "/admin/users/new/", {"email": "added@example.org", "name": "Ana María Núñez"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = User.objects.get(email="added@example.org")
    assert person.name == "Ana María Núñez"
    assert not person.has_usable_password()  # they set their own through password reset


@pytest.mark.django_db
def test_the_user_list_works_with_our_user_model(staff_client, member):
    response = staff_client.get("/admin/users/")
    assert response.status_code == 200
    assert member.email in response.content.decode()


@pytest.mark.django_db
def test_staff_cannot_make_anyone_an_administrator(staff_client, member):
    staff_client.post(
        f"/admin/users/edit/{member.pk}/",
        {"email": member.email, "name": member.name, "is_active": "on", "is_superuser": "on"},
    )
    member.refresh_from_db()
    assert not member.is_superuser


@pytest.mark.django_db
def test_staff_cannot_create_an_administrator(staff_client):
    staff_client.post(
        "/admin/users/new/", {"email": "sneaky@example.org", "name": "S", "is_superuser": "on"}
    )
    assert not User.objects.get(email="sneaky@example.org").is_superuser


@pytest.mark.django_db
def test_staff_cannot_edit_an_administrators_account(staff_client, superuser):
    response = staff_client.post(
        f"/admin/users/edit/{superuser.pk}/",
        {"email": "taken-over@example.org", "name": "x", "is_active": "on"},
    )
    assert response.status_code in (302, 403)
    superuser.refresh_from_db()
    assert superuser.email == "admin@example.org"


@pytest.mark.django_db
def test_an_administrator_can_make_an_administrator(client, superuser, member, with_totp):
    client.force_login(with_totp(superuser))
    client.post(
        f"/admin/users/edit/{member.pk}/",
        {"email": member.email, "name": member.name, "is_active": "on", "is_superuser": "on"},
    )
    member.refresh_from_db()
    assert member.is_superuser
