import datetime

import pytest
from django.core import mail
from wagtail.models import Site

from home.demo_content import demo_pages_create
from members.demo_content import demo_groups_create
from members.models import (
    ConsentRecord,
    GroundRulesVersion,
    GroupMembership,
    ReferenceGroupIndexPage,
    ReferenceGroupPage,
)
from members.services.memberships import MembershipError, membership_join


@pytest.fixture
def groups(db):
    return {group.slug: group for group in demo_groups_create()}


@pytest.fixture
def open_group(groups):
    return groups["living-with-diabetes"]


@pytest.fixture
def approval_group(groups):
    return groups["mental-health-lived-experience-panel"]


@pytest.fixture
def closed_group(groups):
    return groups["stroke-recovery-group"]


@pytest.fixture
def join(client, django_capture_on_commit_callbacks):
    def post(group, **data):
        payload = {"version": group.current_ground_rules().number, "agree": "on", **data}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"/groups/{group.pk}/join/", payload)

    return post


def test_publishing_a_group_records_its_ground_rules_once(open_group):
    assert open_group.current_ground_rules().number == 1
    open_group.save_revision().publish()  # nothing changed
    assert GroundRulesVersion.objects.filter(group=open_group).count() == 1
    open_group.ground_rules = [
        *((block.block_type, block.value) for block in open_group.ground_rules),
        ("rule", "Phones on silent."),
    ]
    open_group.save_revision().publish()
    latest = open_group.current_ground_rules()
    assert latest.number == 2
    assert latest.rules[-1] == "Phones on silent."


def test_joining_an_open_group_makes_an_active_member_for_the_term(
    client, member, open_group, join
):
    client.force_login(member)
    response = join(open_group)
    assert response.status_code == 302
    assert response["Location"] == f"/groups/{open_group.pk}/joined/"
    membership = GroupMembership.objects.get(member=member, group=open_group)
    assert membership.status == GroupMembership.Status.ACTIVE
    assert membership.started_on == datetime.date.today()
    assert (membership.term_ends_on - membership.started_on).days in range(729, 733)
    assert membership.ground_rules_version == open_group.current_ground_rules()
    consent = ConsentRecord.objects.get(user=member, kind=ConsentRecord.Kind.GROUND_RULES)
    assert consent.version == "Living with diabetes: ground rules version 1"
    assert consent.method == ConsentRecord.Method.ONLINE
    assert mail.outbox[-1].subject == "Welcome to Living with diabetes"
    assert mail.outbox[-1].reply_to == ["involvement@example.org"]
    page = client.get(response["Location"]).content.decode()
    assert "You have joined Living with diabetes" in page


def test_a_group_needing_approval_records_an_application(client, member, approval_group, join):
    client.force_login(member)
    join(approval_group)
    membership = GroupMembership.objects.get(member=member, group=approval_group)
    assert membership.status == GroupMembership.Status.APPLIED
    assert membership.term_ends_on is None
    assert mail.outbox[-1].subject.startswith("We have your request to join")
    page = client.get(f"/groups/{approval_group.pk}/joined/").content.decode()
    assert "has been sent" in page


def test_a_closed_group_cannot_be_joined(client, member, closed_group, join):
    client.force_login(member)
    assert client.get(f"/groups/{closed_group.pk}/join/").status_code == 409
    assert join(closed_group).status_code == 409
    assert not GroupMembership.objects.filter(group=closed_group).exists()


def test_agreeing_to_the_ground_rules_is_required(client, member, open_group, join):
    client.force_login(member)
    response = join(open_group, agree="")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "Confirm that you agree to the ground rules to join" in html
    assert 'href="#id_agree"' in html
    assert not GroupMembership.objects.exists()


def test_rules_that_changed_while_reading_must_be_read_again(client, member, open_group, join):
    client.force_login(member)
    seen = open_group.current_ground_rules().number
    open_group.ground_rules = [("rule", "A new rule.")]
    open_group.save_revision().publish()
    response = join(open_group, version=seen)
    assert "The ground rules changed while you were reading them" in response.content.decode()
    assert not GroupMembership.objects.exists()


def test_joining_twice_keeps_one_membership(client, member, open_group, join):
    client.force_login(member)
    join(open_group)
    second = join(open_group)
    assert second["Location"] == f"/groups/{open_group.pk}/joined/"
    assert GroupMembership.objects.filter(member=member, group=open_group).count() == 1


def test_visitors_are_asked_to_sign_in_first(client, open_group):
    response = client.get(f"/groups/{open_group.pk}/join/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_researcher_without_a_member_account_cannot_join(client, researcher, open_group, join):
    client.force_login(researcher)
    assert join(open_group).status_code == 403
    assert not GroupMembership.objects.exists()


def test_nobody_sees_another_persons_confirmation(client, member, open_group, join):
    from members.factories import MemberFactory

    client.force_login(member)
    join(open_group)
    client.force_login(MemberFactory(email="other@example.org"))
    assert client.get(f"/groups/{open_group.pk}/joined/").status_code == 404


def test_unpublished_groups_cannot_be_joined(client, member, open_group):
    open_group.unpublish()
    client.force_login(member)
    assert client.get(f"/groups/{open_group.pk}/join/").status_code == 404


def test_the_group_page_tells_a_member_they_belong(client, member, open_group, join):
    client.force_login(member)
    assert "Join this group" in client.get(open_group.url).content.decode()
    join(open_group)
    html = client.get(open_group.url).content.decode()
    assert "You are a member of this group." in html
    assert "Join this group" not in html


def test_the_account_page_lists_the_persons_groups(client, member, open_group, join):
    client.force_login(member)
    assert "You have not joined a reference group yet." in client.get("/account/").content.decode()
    join(open_group)
    html = client.get("/account/").content.decode()
    assert "Living with diabetes" in html
    assert "Active" in html


def test_the_groups_list_uses_a_fixed_number_of_queries(
    client, groups, django_assert_max_num_queries
):
    index = ReferenceGroupIndexPage.objects.child_of(
        Site.objects.get(is_default_site=True).root_page
    ).get()
    client.get(index.url)  # warm caches
    with django_assert_max_num_queries(14):
        client.get(index.url)
    for n in range(20):
        index.add_child(
            instance=ReferenceGroupPage(
                title=f"Group {n}",
                slug=f"group-{n}",
                purpose="p",
                who_for="w",
                how_it_meets="h",
                ground_rules=[("rule", "Be kind.")],
            )
        )
    with django_assert_max_num_queries(14):
        html = client.get(index.url).content.decode()
    assert "Group 19" in html


def test_an_empty_join_form_gets_an_error_not_silence(client, member, open_group):
    client.force_login(member)
    response = client.post(f"/groups/{open_group.pk}/join/", {})
    assert "Confirm that you agree to the ground rules to join" in response.content.decode()
    assert not GroupMembership.objects.exists()


def test_the_groups_list_says_what_to_do_when_there_are_none(client, db):
    from wagtail.models import Site

    home = Site.objects.get(is_default_site=True).root_page
    index = ReferenceGroupIndexPage(title="Our reference groups", slug="reference-groups")
    home.add_child(instance=index)
    html = client.get(index.url).content.decode()
    assert "There are no reference groups to join yet" in html


def _join_directly(member, group):
    return membership_join(
        member=member, group=group, accepted_version=group.current_ground_rules()
    )


@pytest.mark.django_db
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


@pytest.mark.django_db
def test_email_subjects_are_not_html_escaped(
    client, member, groups, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _join_directly(member, groups["carers-voice"])
    assert mail.outbox[-1].subject == "Welcome to Carers' voice"


@pytest.mark.django_db
def test_a_join_that_loses_a_race_gets_a_message_not_a_crash(member, monkeypatch):
    """On SQLite there are no row locks: two joins can both pass the 'already a member'
    check. The constraint stops the second; the person sees the plain message."""
    group = next(g for g in demo_groups_create() if g.slug == "living-with-diabetes")
    rules = group.current_ground_rules()
    membership_join(member=member, group=group, accepted_version=rules)
    # The second join's check ran before the first join committed: it saw nothing.
    monkeypatch.setattr(
        "members.models.memberships.MembershipQuerySet.live",
        lambda self: self.none(),
    )
    with pytest.raises(MembershipError, match="already a member"):
        membership_join(member=member, group=group, accepted_version=rules)
    monkeypatch.undo()
    assert GroupMembership.objects.filter(member=member).count() == 1
