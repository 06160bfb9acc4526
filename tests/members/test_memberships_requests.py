import pytest
from django.contrib.messages import get_messages
from django.core import mail
from wagtail.models import ModelLogEntry

from members.demo_content import demo_groups_create
from members.factories import MemberFactory
from members.models import GroupMembership
from members.services.accounts import AlreadyDecided
from members.services.memberships import membership_decline, membership_join

URL = "/admin/membership-requests/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_to_join(db, member):
    groups = {group.slug: group for group in demo_groups_create()}
    group = groups["mental-health-lived-experience-panel"]
    return membership_join(
        member=member, group=group, accepted_version=group.current_ground_rules()
    )


@pytest.fixture
def staff_client(client, staff, admin_login):
    return admin_login(staff)


def test_staff_see_requests_waiting(staff_client, request_to_join):
    html = staff_client.get(URL).content.decode()
    assert "Siobhán O&#x27;Connor" in html or "Siobhán O'Connor" in html
    assert "Mental health lived experience panel" in html


def test_approving_makes_the_member_active_emails_and_logs(
    staff_client, staff, request_to_join, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            f"{URL}{request_to_join.pk}/decide/",
            {"decision": "approve", "note": "We meet next on 4 March."},
        )
    assert response.status_code == 302
    request_to_join.refresh_from_db()
    assert request_to_join.status == GroupMembership.Status.ACTIVE
    assert request_to_join.term_ends_on is not None
    assert request_to_join.decided_by == staff
    assert mail.outbox[-1].subject == "Welcome to Mental health lived experience panel"
    assert "We meet next on 4 March." in mail.outbox[-1].body
    entry = ModelLogEntry.objects.get(action="roundtable.membership_approved")
    assert entry.user == staff
    assert entry.data["note"] == "We meet next on 4 March."


def test_declining_needs_a_message_which_is_sent(
    staff_client, request_to_join, django_capture_on_commit_callbacks
):
    staff_client.post(f"{URL}{request_to_join.pk}/decide/", {"decision": "decline"})
    request_to_join.refresh_from_db()
    assert request_to_join.status == GroupMembership.Status.APPLIED
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            f"{URL}{request_to_join.pk}/decide/",
            {"decision": "decline", "note": "The panel is full until the summer."},
        )
    request_to_join.refresh_from_db()
    assert request_to_join.status == GroupMembership.Status.DECLINED
    assert "The panel is full until the summer." in mail.outbox[-1].body


def test_a_decided_request_cannot_be_decided_again(staff, request_to_join):
    membership_decline(membership=request_to_join, by=staff, note="No.")
    with pytest.raises(AlreadyDecided):
        membership_decline(membership=request_to_join, by=staff, note="Again.")


def test_a_declined_person_may_ask_again_later(member, staff, request_to_join):
    membership_decline(membership=request_to_join, by=staff, note="Full for now.")
    group = request_to_join.group
    again = membership_join(
        member=member, group=group, accepted_version=group.current_ground_rules()
    )
    assert again.status == GroupMembership.Status.APPLIED


def test_members_and_researchers_cannot_decide(client, member, researcher, request_to_join):
    for person in (member, researcher):
        client.force_login(person)
        response = client.post(f"{URL}{request_to_join.pk}/decide/", {"decision": "approve"})
        assert response.status_code == 403
    request_to_join.refresh_from_db()
    assert request_to_join.status == GroupMembership.Status.APPLIED


def test_the_list_uses_a_fixed_number_of_queries(
    staff_client, request_to_join, django_assert_max_num_queries
):
    group = request_to_join.group
    for n in range(25):
        membership_join(
            member=MemberFactory(email=f"m{n}@example.org"),
            group=group,
            accepted_version=group.current_ground_rules(),
        )
    with django_assert_max_num_queries(25):
        response = staff_client.get(URL)
    assert response.content.decode().count("/decide/") == 26


def test_an_empty_list_says_nobody_is_waiting(client, staff, admin_login):
    admin_login(staff)
    html = client.get(URL).content.decode()
    assert "No one is waiting." in html


def test_a_decline_without_a_message_says_what_is_missing(staff_client, request_to_join):
    response = staff_client.post(
        f"{URL}{request_to_join.pk}/decide/", {"decision": "decline"}, follow=True
    )
    assert "Write a short message to the person saying why" in response.content.decode()


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_approving_says_the_person_was_emailed(staff_client, request_to_join):
    response = staff_client.post(f"{URL}{request_to_join.pk}/decide/", {"decision": "approve"})
    assert _messages(response) == [
        "Siobhán O'Connor is now a member of Mental health lived experience panel. "
        "They have been emailed the decision."
    ]


@pytest.mark.parametrize(
    ("decision", "told"),
    [
        ("approve", "Nia Ní Bhriain is now a member of Mental health lived experience panel."),
        ("decline", "The request from Nia Ní Bhriain was declined."),
    ],
)
def test_a_person_without_email_is_not_said_to_be_emailed(
    staff_client, request_to_join, decision, told, django_capture_on_commit_callbacks
):
    # Registered by staff with a phone number only: email_person sends nothing.
    person = MemberFactory(email=None, name="Nia Ní Bhriain", verified=False)
    group = request_to_join.group
    waiting = membership_join(
        member=person, group=group, accepted_version=group.current_ground_rules()
    )
    assert "No email address: phone or write to them" in staff_client.get(URL).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            f"{URL}{waiting.pk}/decide/", {"decision": decision, "note": "Sorry, we are full."}
        )
    assert _messages(response) == [
        f"{told} They have no email address: tell them by phone or post."
    ]
    assert mail.outbox == []
