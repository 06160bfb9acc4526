"""The member record in the admin: what staff see about one person, every read logged."""

import pytest
from django.core import mail
from wagtail.models import ModelLogEntry

from home.demo_content import demo_pages_create
from members.factories import MemberFactory, StaffFactory
from members.models import AccountErasure, GroupMembership, MemberProfile, User
from members.services.assisted_registration import member_register_assisted
from members.services.member_record import VIEWED
from members.services.memberships import membership_join

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db):
    demo_pages_create()
    from members.demo_content import demo_groups_create

    group = next(g for g in demo_groups_create() if g.slug == "living-with-diabetes")
    person = MemberFactory(email="ama@example.org", name="Ama Mensah")
    MemberProfile.objects.create(
        user=person, phone="0113 496 0000", access_needs="Step-free access, please"
    )
    membership_join(member=person, group=group, accepted_version=group.current_ground_rules())
    return person


def _reads(person):
    return ModelLogEntry.objects.for_instance(person).filter(action=VIEWED)


def test_staff_read_a_members_record_and_the_read_is_logged(admin_login, staff, person):
    client = admin_login(staff)
    page = client.get(f"/admin/members/{person.pk}/").content.decode()
    assert "Ama Mensah" in page and "0113 496 0000" in page
    assert "Step-free access, please" in page
    assert "Living with diabetes" in page
    read = _reads(person).get()
    assert read.user == staff
    # The page shows who has looked, including this read.
    assert "Tomasz Wiśniewski" in page.split("Who has looked at this record")[1]


def test_opening_the_user_edit_form_is_logged_as_a_read_too(admin_login, staff, person):
    client = admin_login(staff)
    assert client.get(f"/admin/users/edit/{person.pk}/").status_code == 200
    assert _reads(person).filter(user=staff).count() == 1
    client.post(f"/admin/users/edit/{person.pk}/", {"name": "Ama Mensah", "groups": []})
    assert _reads(person).count() == 1  # saving is logged by Wagtail as an edit, not a read


def test_the_directory_links_each_row_to_the_record(admin_login, staff, person):
    client = admin_login(staff)
    page = client.get("/admin/member-directory/").content.decode()
    assert f'href="/admin/members/{person.pk}/"' in page
    assert not _reads(person).exists()  # listing is not reading a record


@pytest.mark.parametrize("who", ["member", "researcher"])
def test_members_and_researchers_cannot_open_a_record(client, request, who, person):
    client.force_login(request.getfixturevalue(who))
    response = client.get(f"/admin/members/{person.pk}/")
    assert response.status_code in (302, 403)
    assert not _reads(person).exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, person):
    response = client.get(f"/admin/members/{person.pk}/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_staff_cannot_open_an_administrators_record(admin_login, staff, superuser):
    client = admin_login(staff)
    assert client.get(f"/admin/members/{superuser.pk}/").status_code in (302, 403)
    assert not _reads(superuser).exists()


def test_an_unknown_record_is_not_found(admin_login, staff, person):
    assert admin_login(staff).get("/admin/members/999999/").status_code == 404


def test_an_admin_erases_an_account_at_the_persons_request(
    admin_login, superuser, staff, django_capture_on_commit_callbacks
):
    demo_pages_create()
    by_phone = member_register_assisted(
        by=staff,
        name="Jan Kowalski",
        channel=User.Channel.PHONE,
        phone="0113 496 0001",
        contact_methods=["contact_by_phone"],
        privacy_notice_explained=True,
    )
    client = admin_login(superuser)
    page = client.get(f"/admin/members/{by_phone.pk}/").content.decode()
    assert "Erase this account" in page

    response = client.post(f"/admin/members/{by_phone.pk}/erase/", {})
    assert response.status_code == 200
    assert "Confirm that the person asked for this" in response.content.decode()
    assert User.objects.filter(pk=by_phone.pk).exists()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/members/{by_phone.pk}/erase/", {"asked": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=by_phone.pk).exists()
    erasure = AccountErasure.objects.get()
    assert erasure.method == AccountErasure.Method.STAFF and erasure.erased_by == superuser
    assert mail.outbox == []  # no address to tell


def test_staff_without_the_delete_permission_cannot_erase(admin_login, staff, person):
    client = admin_login(staff)
    assert "Erase this account" not in client.get(f"/admin/members/{person.pk}/").content.decode()
    response = client.post(f"/admin/members/{person.pk}/erase/", {"asked": "on"})
    assert (
        response.status_code in (302, 403)
        and response.get("Location") != "/admin/member-directory/"
    )
    assert User.objects.filter(pk=person.pk).exists()


def test_wagtails_delete_user_sends_members_through_erasure(admin_login, superuser, person):
    client = admin_login(superuser)
    response = client.post(f"/admin/users/delete/{person.pk}/")
    assert response["Location"] == f"/admin/members/{person.pk}/erase/"
    assert User.objects.filter(pk=person.pk).exists()
    assert GroupMembership.objects.filter(member=person).exists()


def test_staff_accounts_are_deleted_the_wagtail_way_by_admins_only(admin_login, superuser):
    other_staff = StaffFactory(email="another.officer@example.org")
    client = admin_login(superuser)
    assert client.get(f"/admin/members/{other_staff.pk}/erase/").status_code in (302, 403)
    assert not client.get(f"/admin/members/{other_staff.pk}/").context["can_erase"]
    response = client.post(f"/admin/users/delete/{other_staff.pk}/")
    assert response.status_code == 302
    assert not User.objects.filter(pk=other_staff.pk).exists()
