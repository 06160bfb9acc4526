import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.messages import get_messages
from django.core import mail
from wagtail.models import ModelLogEntry

from home.demo_content import demo_pages_create
from members.demo_content import demo_groups_create
from members.factories import MemberFactory
from members.models import ConsentRecord, GroupMembership, User
from members.services.assisted_registration import member_register_assisted
from members.services.memberships import MembershipError

URL = "/admin/assisted-registration/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff, admin_login):
    demo_pages_create()
    return admin_login(staff)


@pytest.fixture
def register(staff_client, django_capture_on_commit_callbacks):
    def post(**data):
        payload = {
            "name": "Mrs Gwen Ap-Rhys",
            "channel": "phone",
            "privacy_notice_explained": "on",
            **data,
        }
        with django_capture_on_commit_callbacks(execute=True):
            return staff_client.post(URL, payload)

    return post


def test_a_member_without_email_is_registered_for_phone_and_post(register, staff):
    response = register(
        phone="01632 960123",
        postal_address="1 High Street\nBangor",
        contact_methods=["contact_by_phone", "contact_by_post"],
    )
    assert response.status_code == 302
    person = User.objects.get(name="Mrs Gwen Ap-Rhys")
    assert person.email is None
    assert person.is_member
    assert not person.has_usable_password()
    assert person.registered_by == staff
    assert person.registered_channel == User.Channel.PHONE
    assert person.profile.contact_by_phone and person.profile.contact_by_post
    assert person.profile.postal_address == "1 High Street\nBangor"
    consent = ConsentRecord.objects.get(user=person, kind=ConsentRecord.Kind.PRIVACY_NOTICE)
    assert consent.method == ConsentRecord.Method.ASSISTED
    assert consent.recorded_by == staff
    assert ModelLogEntry.objects.get(action="roundtable.member_registered_assisted").user == staff
    assert mail.outbox == []


def test_two_people_without_email_can_both_be_registered(register):
    register(name="First Person", phone="1")
    register(name="Second Person", phone="2")
    assert User.objects.filter(email__isnull=True).count() == 2


def test_with_an_email_they_are_invited_to_set_a_password_and_can_then_sign_in(
    client, register, django_capture_on_commit_callbacks
):
    register(email="gwen@example.org", channel="event")
    invitation = mail.outbox[-1]
    assert invitation.to == ["gwen@example.org"]
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", invitation.body).group(
        1
    )
    client.logout()
    response = client.get(link)
    form_url = response["Location"] if response.status_code == 302 else link
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            form_url, {"password1": "a-new-long-passphrase", "password2": "a-new-long-passphrase"}
        )
    person = User.objects.get(email="gwen@example.org")
    assert person.check_password("a-new-long-passphrase")
    assert EmailAddress.objects.get(user=person).verified
    response = client.post(
        "/accounts/login/", {"login": "gwen@example.org", "password": "a-new-long-passphrase"}
    )
    assert response["Location"] == "/account/"


def test_they_can_join_a_group_with_the_ground_rules_read_to_them(register, staff):
    group = next(g for g in demo_groups_create() if g.slug == "carers-voice")
    response = register(phone="0", group=group.pk)
    assert "Read the ground rules to them" in response.content.decode()
    register(phone="0", group=group.pk, ground_rules_read="on")
    membership = GroupMembership.objects.get(group=group)
    assert membership.joined_via == GroupMembership.Method.ASSISTED
    assert membership.recorded_by == staff
    assert membership.status == GroupMembership.Status.ACTIVE


def test_some_way_to_contact_them_is_needed(register):
    response = register()
    html = response.content.decode()
    assert "Give at least one way to contact them" in html
    assert 'value="Mrs Gwen Ap-Rhys"' in html  # kept as typed
    assert not User.objects.filter(name="Mrs Gwen Ap-Rhys").exists()


def test_the_privacy_notice_must_be_explained(register):
    register(phone="0", privacy_notice_explained="")
    assert not User.objects.filter(name="Mrs Gwen Ap-Rhys").exists()


def test_an_address_already_in_use_is_refused(register, member):
    response = register(email="MEMBER@example.org")
    assert "Someone already has an account with this email address" in response.content.decode()


def test_members_cannot_register_people(client, member):
    client.force_login(member)
    assert client.get(URL).status_code == 403


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_staff_are_told_to_phone_or_write_to_someone_without_email(register):
    response = register(name="Siobhán O'Neill", phone="01632 960123")
    assert _messages(response) == [
        "Siobhán O'Neill is registered as a member. "
        "They have no email address: contact them by phone or post."
    ]
    assert mail.outbox == []


def test_staff_are_told_someone_with_email_was_sent_a_link(register):
    response = register(email="gwen@example.org")
    assert _messages(response) == [
        "Mrs Gwen Ap-Rhys is registered as a member. "
        "They have been emailed a link to set a password."
    ]
    assert mail.outbox[-1].to == ["gwen@example.org"]


def test_an_error_page_says_so_in_its_title_and_links_to_the_field(register):
    html = register(name="", phone="0").content.decode()
    assert "<title>Error: Register a member" in html
    assert '<a href="#id_name">Full name: Enter their full name</a>' in html


@pytest.fixture
def groups(db):
    return {group.slug: group for group in demo_groups_create()}


def test_an_address_held_as_a_secondary_address_is_in_use(staff, groups):
    demo_pages_create()
    owner = MemberFactory(email="owner@example.org")
    EmailAddress.objects.create(user=owner, email="second@example.org", verified=True)
    with pytest.raises(MembershipError):
        member_register_assisted(
            by=staff,
            name="X",
            channel="phone",
            email="second@example.org",
            privacy_notice_explained=True,
        )
