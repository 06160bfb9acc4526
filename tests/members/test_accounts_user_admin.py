import pytest

from home.demo_content import demo_pages_create
from members.demo_content import demo_groups_create
from members.models import User
from members.services.assisted_registration import member_register_assisted


@pytest.fixture
def staff_client(client, staff, admin_login):
    admin_login(staff)
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
def test_an_administrator_can_make_an_administrator(client, superuser, member, admin_login):
    admin_login(superuser)
    client.post(
        f"/admin/users/edit/{member.pk}/",
        {"email": member.email, "name": member.name, "is_active": "on", "is_superuser": "on"},
    )
    member.refresh_from_db()
    assert member.is_superuser


@pytest.mark.django_db
def test_staff_may_only_give_the_member_role(staff_client, member):
    from django.contrib.auth.models import Group

    response = staff_client.get(f"/admin/users/edit/{member.pk}/")
    offered = set(response.context["form"].fields["groups"].queryset.values_list("name", flat=True))
    assert offered == {"Member"}
    staff_role = Group.objects.get(name="Involvement staff")
    staff_client.post(
        f"/admin/users/edit/{member.pk}/",
        {"name": member.name, "is_active": "on", "groups": [staff_role.pk]},
    )
    member.refresh_from_db()
    assert not member.is_involvement_staff


@pytest.mark.django_db
def test_staff_cannot_edit_their_own_account_in_the_user_admin(staff_client, staff):
    # Issue 11, finding 11: nobody edits their own record as staff; their account
    # page is where they change their own details.
    from django.contrib.auth.models import Group

    member_role = Group.objects.get(name="Member")
    for response in (
        staff_client.get(f"/admin/users/edit/{staff.pk}/"),
        staff_client.post(
            f"/admin/users/edit/{staff.pk}/", {"name": "Tomasz W.", "groups": [member_role.pk]}
        ),
    ):
        assert response.status_code == 302
        assert response["Location"] == "/admin/account/"
    staff.refresh_from_db()
    assert staff.name == "Tomasz Wiśniewski"
    assert set(staff.groups.values_list("name", flat=True)) == {"Involvement staff"}
    page = staff_client.get("/admin/account/", follow=True).content.decode()
    assert "This is your own record" in page


@pytest.mark.django_db
def test_nobody_changes_an_existing_email_in_the_user_admin(staff_client, member):
    staff_client.post(
        f"/admin/users/edit/{member.pk}/",
        {"email": "attacker@example.org", "name": member.name, "is_active": "on"},
    )
    member.refresh_from_db()
    assert member.email == "member@example.org"


@pytest.mark.django_db
def test_staff_cannot_switch_off_an_admin_in_bulk(staff_client, superuser):
    staff_client.post(
        f"/admin/bulk/members/user/set_active_state/?id={superuser.pk}",
        {"mark_as_active": "False"},
    )
    superuser.refresh_from_db()
    assert superuser.is_active


@pytest.mark.django_db
def test_staff_cannot_assign_roles_in_bulk(staff_client, member):
    from django.contrib.auth.models import Group

    staff_role = Group.objects.get(name="Involvement staff")
    staff_client.post(
        f"/admin/bulk/members/user/assign_role/?id={member.pk}",
        {"role": staff_role.pk},
    )
    assert not member.groups.filter(name="Involvement staff").exists()


@pytest.mark.django_db
def test_staff_can_still_deactivate_a_member_in_bulk(staff_client, member):
    response = staff_client.post(
        f"/admin/bulk/members/user/set_active_state/?id={member.pk}",
        {"mark_as_active": "False"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.is_active


@pytest.fixture
def groups(db):
    return {group.slug: group for group in demo_groups_create()}


@pytest.mark.django_db
def test_staff_can_edit_a_member_who_has_no_email(client, staff, admin_login, groups):
    demo_pages_create()
    person = member_register_assisted(
        by=staff, name="No Email", channel="paper", phone="0", privacy_notice_explained=True
    )
    admin_login(staff)
    response = client.post(f"/admin/users/edit/{person.pk}/", {"name": "No Email Jr"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == "No Email Jr"
    assert person.email is None
