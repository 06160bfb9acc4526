"""'Phone and post': members without email are called or written to instead."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from home.demo_content import demo_pages_create
from members.demo_content import demo_groups_create
from members.factories import MemberFactory
from members.models import ConsentRecord, GroupMembership, User
from members.services.assisted_registration import member_register_assisted
from members.services.memberships import membership_join, memberships_invite_renewals

pytestmark = pytest.mark.django_db
URL = "/admin/phone-and-post/"


@pytest.fixture
def group(db):
    demo_pages_create()
    return next(g for g in demo_groups_create() if g.slug == "living-with-diabetes")


@pytest.fixture
def by_phone(group, staff):
    """Registered by staff with no email address, in the group."""
    return member_register_assisted(
        by=staff,
        name="Mary O'Brien",
        channel=User.Channel.PHONE,
        phone="0113 496 0002",
        postal_address="1 Example Street\nLeeds",
        contact_methods=["contact_by_phone"],
        privacy_notice_explained=True,
        group=group,
    )


def _ends_in(member, days):
    membership = GroupMembership.objects.get(member=member)
    membership.term_ends_on = timezone.localdate() + datetime.timedelta(days=days)
    membership.save()
    return membership


def publish_new_rules(group):
    group.ground_rules = [("rule", "Phones on silent, please.")]
    group.save_revision().publish()
    return group.current_ground_rules()


def test_renewals_for_members_without_email_are_listed_with_their_phone(
    admin_login, staff, group, by_phone
):
    emailed = MemberFactory(email="has.email@example.org", name="Has Email")
    membership_join(member=emailed, group=group, accepted_version=group.current_ground_rules())
    _ends_in(by_phone, 20)
    _ends_in(emailed, 20)
    memberships_invite_renewals()

    page = admin_login(staff).get(URL).content.decode()
    assert "Mary O&#x27;Brien" in page
    assert "0113 496 0002" in page and "1 Example Street<br>Leeds" in page
    assert "Has Email" not in page  # they were emailed


def test_staff_record_a_renewal_made_by_phone(admin_login, staff, group, by_phone):
    membership = _ends_in(by_phone, 20)
    memberships_invite_renewals()
    client = admin_login(staff)
    response = client.post(f"{URL}{membership.pk}/renewed/")
    assert response["Location"] == URL
    membership.refresh_from_db()
    assert membership.term_ends_on > timezone.localdate() + datetime.timedelta(days=365)
    assert membership.renewal_invited_at is None
    entry = ModelLogEntry.objects.for_instance(membership).get(
        action="roundtable.membership_renewed"
    )
    assert entry.user == staff and entry.data == {"on_their_behalf": True}
    assert "No one to ask." in client.get(URL).content.decode()


def test_a_membership_not_invited_yet_cannot_be_renewed_here(admin_login, staff, by_phone):
    membership = _ends_in(by_phone, 300)
    response = admin_login(staff).post(f"{URL}{membership.pk}/renewed/")
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.term_ends_on == timezone.localdate() + datetime.timedelta(days=300)


def test_staff_record_agreement_to_new_rules_read_by_phone(admin_login, staff, group, by_phone):
    new = publish_new_rules(group)
    client = admin_login(staff)
    page = client.get(URL).content.decode()
    assert "Read them their group's new ground rules" in page
    assert f'name="version" value="{new.number}"' in page

    membership = GroupMembership.objects.get(member=by_phone)
    response = client.post(f"{URL}{membership.pk}/rules-agreed/", {"version": new.number})
    assert response["Location"] == URL
    membership.refresh_from_db()
    assert membership.ground_rules_version == new
    consent = ConsentRecord.objects.get(user=by_phone, ground_rules_version=new)
    assert consent.method == ConsentRecord.Method.ASSISTED and consent.recorded_by == staff
    assert "No one to call." in client.get(URL).content.decode()


def test_rules_that_changed_again_since_the_call_are_not_recorded(
    admin_login, staff, group, by_phone
):
    read_out = publish_new_rules(group)
    group.ground_rules = [("rule", "And one more rule.")]
    group.save_revision().publish()
    membership = GroupMembership.objects.get(member=by_phone)
    client = admin_login(staff)
    for version in [read_out.number, "not-a-number"]:
        response = client.post(
            f"{URL}{membership.pk}/rules-agreed/", {"version": version}, follow=True
        )
        assert "The ground rules changed" in response.content.decode()
    membership.refresh_from_db()
    assert membership.ground_rules_version.number < read_out.number


@pytest.mark.parametrize("who", ["member", "researcher"])
def test_only_staff_use_the_list(client, request, who, by_phone):
    membership = _ends_in(by_phone, 20)
    memberships_invite_renewals()
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code in (302, 403)
    client.post(f"{URL}{membership.pk}/renewed/")
    membership.refresh_from_db()
    assert membership.renewal_invited_at is not None  # not renewed


def test_the_list_query_count_does_not_grow(
    admin_login, staff, group, django_assert_max_num_queries
):
    def add(n):
        for i in range(n):
            person = member_register_assisted(
                by=staff,
                name=f"Person {i}",
                channel=User.Channel.PAPER,
                privacy_notice_explained=True,
                group=group,
            )
            _ends_in(person, 10)
        memberships_invite_renewals()

    client = admin_login(staff)
    add(2)
    with django_assert_max_num_queries(40) as few:
        client.get(URL)
    add(20)
    with django_assert_max_num_queries(40) as many:
        client.get(URL)
    assert len(many.captured_queries) == len(few.captured_queries)
