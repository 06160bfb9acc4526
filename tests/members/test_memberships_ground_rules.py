import pytest
from django.core.exceptions import ValidationError

from members.demo_content import demo_groups_create
from members.factories import DEFAULT_PASSWORD
from members.models import ConsentRecord, GroupMembership
from members.selectors.memberships import memberships_with_new_ground_rules
from members.services.groups import ground_rules_record_if_changed
from members.services.memberships import membership_join

pytestmark = pytest.mark.django_db


@pytest.fixture
def joined(member):
    group = next(g for g in demo_groups_create() if g.slug == "living-with-diabetes")
    return membership_join(
        member=member, group=group, accepted_version=group.current_ground_rules()
    )


def publish_new_rules(group):
    group.ground_rules = [("rule", "Cameras on when you can.")]
    group.save_revision().publish()
    return group.current_ground_rules()


def test_nothing_to_accept_until_the_rules_change(member, joined):
    assert list(memberships_with_new_ground_rules(member=member)) == []
    publish_new_rules(joined.group)
    assert [m.pk for m in memberships_with_new_ground_rules(member=member)] == [joined.pk]


def test_at_next_sign_in_the_member_is_asked_to_accept(client, member, joined):
    publish_new_rules(joined.group)
    response = client.post(
        "/accounts/login/", {"login": member.email, "password": DEFAULT_PASSWORD}
    )
    assert response["Location"] == f"/groups/{joined.group_id}/rules/"
    page = client.get(response["Location"]).content.decode()
    assert "Cameras on when you can." in page
    assert "has new ground rules" in client.get("/account/").content.decode()


def test_accepting_records_the_new_version_and_consent(client, member, joined):
    new = publish_new_rules(joined.group)
    client.force_login(member)
    response = client.post(
        f"/groups/{joined.group_id}/rules/", {"version": new.number, "agree": "on"}
    )
    assert response["Location"] == "/account/"
    joined.refresh_from_db()
    assert joined.ground_rules_version == new
    assert ConsentRecord.objects.filter(user=member, ground_rules_version=new).count() == 1
    assert list(memberships_with_new_ground_rules(member=member)) == []
    signed_in_again = client.post("/accounts/logout/")
    assert signed_in_again.status_code == 302
    response = client.post(
        "/accounts/login/", {"login": member.email, "password": DEFAULT_PASSWORD}
    )
    assert response["Location"] == "/account/"


def test_not_agreeing_changes_nothing(client, member, joined):
    new = publish_new_rules(joined.group)
    client.force_login(member)
    response = client.post(f"/groups/{joined.group_id}/rules/", {"version": new.number})
    assert "Confirm that you agree to the ground rules" in response.content.decode()
    joined.refresh_from_db()
    assert joined.ground_rules_version.number == 1


def test_another_member_cannot_accept_for_someone(client, joined):
    from members.factories import MemberFactory

    new = publish_new_rules(joined.group)
    client.force_login(MemberFactory(email="x@example.org"))
    response = client.post(
        f"/groups/{joined.group_id}/rules/", {"version": new.number, "agree": "on"}
    )
    assert response.status_code == 404
    joined.refresh_from_db()
    assert joined.ground_rules_version.number == 1
    assert GroupMembership.objects.count() == 1


def test_a_joinable_group_needs_ground_rules_to_save(joined):
    group = joined.group
    group.ground_rules = []
    with pytest.raises(ValidationError) as error:
        group.save_revision().publish()
    assert "ground_rules" in error.value.message_dict
    group.join_policy = group.JoinPolicy.CLOSED
    group.save_revision().publish()  # a closed group may have none yet


def test_emptied_rules_make_no_version_to_agree_to(member, joined):
    group = joined.group
    before = group.current_ground_rules()
    group.ground_rules = []
    assert ground_rules_record_if_changed(group=group) == before
    assert group.current_ground_rules() == before
    assert list(memberships_with_new_ground_rules(member=member)) == []
