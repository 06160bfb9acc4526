"""Shared set-up for the staff screens of group meetings (tests/opportunities/
test_meetings_admin*.py)."""

import datetime

from django.contrib.auth.models import Group, Permission
from django.core import mail

from members.factories import MemberFactory, UserFactory
from members.models import GroupMembership, ReferenceGroupPage


def group_get() -> ReferenceGroupPage:
    from members.demo_content import demo_groups_create

    return next(g for g in demo_groups_create() if g.slug == "living-with-diabetes")


def active_member(group, **fields):
    member = MemberFactory(**fields)
    GroupMembership.objects.create(
        member=member,
        group=group,
        status=GroupMembership.Status.ACTIVE,
        started_on=datetime.date(2025, 1, 1),
        term_ends_on=datetime.date(2030, 1, 1),
    )
    return member


def staff_without_permission():
    """May open the admin, holds none of the meetings' permissions."""
    bare, _ = Group.objects.get_or_create(name="Admin only")
    bare.permissions.add(Permission.objects.get(codename="access_admin"))
    user = UserFactory()
    user.groups.add(bare)
    return user


def by_address() -> dict:
    return {message.to[0]: message for message in mail.outbox}


def calendar(message) -> tuple[str, dict]:
    """The method and the properties of the .ics attached to `message`."""
    (attachment,) = [a for a in message.attachments if a[2].startswith("text/calendar")]
    _name, text, mimetype = attachment
    unfolded = text.replace("\r\n ", "")
    props = {}
    for line in unfolded.split("\r\n"):
        if ":" in line:
            key, value = line.split(":", 1)
            props.setdefault(key.split(";")[0], value)
    return mimetype.split("method=")[1], props
