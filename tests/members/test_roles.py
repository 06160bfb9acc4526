import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from members import roles


@pytest.mark.django_db
def test_the_three_roles_exist_after_migrating():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_ROLES)


@pytest.mark.django_db
def test_involvement_staff_can_run_the_admin():
    staff = Group.objects.get(name=roles.INVOLVEMENT_STAFF)
    codenames = set(staff.permissions.values_list("codename", flat=True))
    assert {"access_admin", "decide_researcher_request", "change_user"} <= codenames
    page_perms = set(
        GroupPagePermission.objects.filter(group=staff).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_page", "change_page", "publish_page"} <= page_perms


@pytest.mark.django_db
@pytest.mark.parametrize("role", [roles.MEMBER, roles.RESEARCHER])
def test_members_and_researchers_hold_no_admin_permissions(role):
    group = Group.objects.get(name=role)
    assert group.permissions.count() == 0
    assert not GroupPagePermission.objects.filter(group=group).exists()


@pytest.mark.django_db
def test_one_person_may_hold_several_roles(member):
    member.groups.add(Group.objects.get(name=roles.RESEARCHER))
    assert member.is_member and member.is_researcher
