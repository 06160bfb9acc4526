"""Fixtures shared by the opportunities tests."""

import pytest
from django.contrib.auth.models import Permission


@pytest.fixture
def viewer(staff):
    """Staff who also hold the equality permission."""
    staff.user_permissions.add(Permission.objects.get(codename="view_equality_dashboard"))
    return staff


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Papers (meetings, comment rounds) go to a temporary private folder, never the
    project's own."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path


@pytest.fixture
def group_with_members(db):
    """A reference group with two active members and one whose membership ended."""
    from members.demo_content import demo_groups_create
    from members.factories import MemberFactory
    from members.models import GroupMembership

    group = next(g for g in demo_groups_create() if g.slug == "living-with-diabetes")
    people = {}
    for name, status in [("ana", "active"), ("ben", "active"), ("cat", "ended")]:
        person = MemberFactory(email=f"{name}@example.org", name=name.title())
        GroupMembership.objects.create(member=person, group=group, status=status)
        people[name] = person
    return group, people
