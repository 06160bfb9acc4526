"""'Your account' kept per person (home.page_cache.personal_fragment): only its owner
ever sees it, and whatever it shows changes at once when that changes.

The test settings turn the cache off; these tests turn it on, as in production. They
run against the memory cache, and against Redis when CACHE_URL points at one (CI).
"""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.utils import timezone

from home import page_cache
from home.demo_content import demo_pages_create
from involvement.services import impact_add
from members import roles
from members.demo_content import demo_groups_create
from members.factories import MemberFactory, StaffFactory
from members.models import MemberProfile, Topic
from members.services.memberships import membership_join, memberships_end_lapsed
from members.services.profiles import profile_complete_onboarding
from opportunities.factories import ApplicationFactory, opportunity_create
from opportunities.services.involvement import (
    application_involvement_record,
    opportunity_activity_sync,
)
from opportunities.services.selection import application_decide

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    yield
    page_cache._paused_until = 0.0
    page_cache._bump_pending = False


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what waits for the transaction to commit (tests run inside one)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def groups(db):
    demo_pages_create()
    return [group for group in demo_groups_create() if group.is_joinable]


def join(member, group):
    return membership_join(
        member=member, group=group, accepted_version=group.current_ground_rules()
    )


def account(client) -> str:
    response = client.get("/account/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_second_visit_reads_only_the_session_and_the_person(
    client, groups, django_assert_max_num_queries
):
    member = MemberFactory(name="Ada Lovelace")
    join(member, groups[0])
    client.force_login(member)
    first = account(client)
    # The session, the person and whether to offer the staff admin (the header).
    with django_assert_max_num_queries(3):
        second = account(client)
    # The same, down to the sign-out form's token (made afresh each time, outside).
    assert second.split("<main", 1)[1] == first.split("<main", 1)[1]
    assert groups[0].title in second
    assert "&lt;" not in second.split("<main", 1)[1]  # kept as HTML, not escaped text


def test_nobody_is_shown_another_persons_account(client, groups):
    ada = MemberFactory(name="Ada Lovelace")
    join(ada, groups[0])
    grace = MemberFactory(name="Grace Hopper")
    client.force_login(ada)
    account(client)
    client.force_login(grace)
    page = account(client)
    assert "Grace Hopper" in page
    assert "Ada Lovelace" not in page and groups[0].title not in page


def test_an_application_shows_at_once_and_so_does_its_decision(client, groups, commit):
    member = MemberFactory()
    opportunity = opportunity_create(title="Shape a leaflet")
    client.force_login(member)
    assert "Shape a leaflet" not in account(client)
    with commit():
        application = ApplicationFactory(member=member, opportunity=opportunity)
    assert "Shape a leaflet</a>: received" in account(client)
    with commit():
        application_decide(
            application=application, status="selected", message="", by=StaffFactory()
        )
    assert "Shape a leaflet</a>: selected" in account(client)


def test_involvement_and_impact_show_at_once(client, groups, commit):
    member = MemberFactory()
    staff = StaffFactory()
    opportunity = opportunity_create(title="Shape a leaflet")
    application = ApplicationFactory(member=member, opportunity=opportunity)
    client.force_login(member)
    account(client)
    with commit():
        application_decide(application=application, status="selected", message="", by=staff)
        application_involvement_record(
            application=application,
            attended=True,
            started_on=timezone.localdate(),
            hours=2,
            by=staff,
        )
    account(client)
    with commit():
        impact_add(
            activity=opportunity_activity_sync(opportunity=opportunity),
            what_changed="We rewrote the leaflet.",
            by=staff,
        )
    assert "We rewrote the leaflet." in account(client)


def test_joining_a_group_and_its_end_show_at_once(client, groups, commit):
    member = MemberFactory()
    client.force_login(member)
    assert "You have not joined a reference group yet." in account(client)
    with commit():
        membership = join(member, groups[0])
    assert "You have not joined a reference group yet." not in account(client)
    membership.status = membership.Status.ACTIVE
    membership.term_ends_on = timezone.localdate() - datetime.timedelta(days=1)
    membership.save()
    account(client)
    # The daily job ends lapsed memberships with one UPDATE (no post_save).
    with commit():
        assert memberships_end_lapsed() == 1
    assert "Membership ends" not in account(client)


def test_profile_answers_and_finishing_the_questions_show_at_once(client, groups, commit):
    member = MemberFactory()
    profile = MemberProfile.objects.create(user=member)
    client.force_login(member)
    assert "Tell us about yourself" in account(client)
    with commit():
        profile_complete_onboarding(profile=profile)  # an UPDATE (no post_save)
    page = account(client)
    assert "Tell us about yourself" not in page
    answered = page.split("You have answered ", 1)[1].split(" of", 1)[0]
    with commit():
        profile.topics.add(Topic.objects.get(name="Diabetes"))  # seeded (members 0024)
    assert account(client).split("You have answered ", 1)[1].split(" of", 1)[0] == str(
        int(answered) + 1
    )


def test_a_role_given_from_the_groups_side_shows_at_once(client, groups, commit):
    member = MemberFactory()
    client.force_login(member)
    assert "Your requests for public input" not in account(client)
    with commit():
        Group.objects.get(name=roles.RESEARCHER).user_set.add(member)
    assert "Your requests for public input" in account(client)


def test_access_to_the_admin_given_to_a_group_shows_at_once(client, groups, commit):
    member = MemberFactory()
    group = Group.objects.create(name="Helpers")
    group.user_set.add(member)
    client.force_login(member)
    page = account(client)
    assert "Go to the staff admin" not in page and ">Staff admin<" not in page
    with commit():
        group.permissions.add(Permission.objects.get(codename="access_admin"))
    page = account(client)
    assert "Go to the staff admin" in page
    assert ">Staff admin<" in page  # the header's link, kept per person too


def test_a_name_change_shows_at_once(client, groups, commit):
    member = MemberFactory(name="Ada Lovelace")
    client.force_login(member)
    assert "Ada Lovelace" in account(client)
    with commit():
        member.name = "Ada King"
        member.save()
    assert "Ada King" in account(client)


def test_a_change_the_cache_cannot_be_told_of_makes_everything_stale(
    client, groups, commit, monkeypatch, caplog
):
    member = MemberFactory(name="Ada Lovelace")
    client.force_login(member)
    account(client)
    real_incr = cache.incr

    def failing_incr(key, *args, **kwargs):
        if key.startswith("page-cache:person:"):
            raise ConnectionError("Redis went away")
        return real_incr(key, *args, **kwargs)

    monkeypatch.setattr(cache, "incr", failing_incr)
    with commit():
        member.name = "Ada King"
        member.save()
    monkeypatch.undo()
    assert "Ada King" in account(client)
    assert "marking all stale" in caplog.text


def test_a_failing_cache_still_serves_the_page(client, groups, monkeypatch):
    member = MemberFactory(name="Ada Lovelace")
    client.force_login(member)

    def broken(*args, **kwargs):
        raise ConnectionError("Redis went away")

    monkeypatch.setattr(cache, "get_many", broken)
    assert "Ada Lovelace" in account(client)


def applications(client, query="") -> str:
    response = client.get("/applications/" + query)
    assert response.status_code == 200
    return response.content.decode()


def test_your_applications_is_kept_and_a_withdrawal_shows_at_once(
    client, groups, commit, django_assert_max_num_queries
):
    member = MemberFactory()
    application = ApplicationFactory(
        member=member, opportunity=opportunity_create(title="Shape a leaflet")
    )
    client.force_login(member)
    first = applications(client)
    assert "Shape a leaflet" in first and "Received" in first
    # The session, the person, and their roles (the page is for members).
    with django_assert_max_num_queries(3):
        assert applications(client).split("<main", 1)[1] == first.split("<main", 1)[1]
    with commit():
        client.post(f"/applications/{application.pk}/withdraw/")
    assert "Withdrawn" in applications(client)


def test_nobody_is_shown_another_persons_applications(client, groups):
    ada = MemberFactory()
    ApplicationFactory(member=ada, opportunity=opportunity_create(title="Shape a leaflet"))
    client.force_login(ada)
    assert "Shape a leaflet" in applications(client)
    client.force_login(MemberFactory())
    assert "Shape a leaflet" not in applications(client)


def test_a_page_number_no_link_gives_is_not_kept(client, groups, monkeypatch):
    member = MemberFactory()
    client.force_login(member)
    kept = []
    real = page_cache.cache.set
    monkeypatch.setattr(
        page_cache.cache,
        "set",
        lambda key, *a, **k: (
            (key.startswith("page-cache:personal:") and kept.append(key)) or real(key, *a, **k)
        ),
    )
    applications(client)  # the header's link, kept once
    kept.clear()
    for made_up in ["not-a-number", "99999999", "0", "01", "0001", "9999", "١", "²"]:
        applications(client, f"?page={made_up}")
    assert kept == []
    applications(client, "?page=2")
    assert len(kept) == 1


def test_a_role_renamed_or_deleted_shows_at_once(client, groups, commit):
    member = MemberFactory()
    group = Group.objects.create(name="Helpers")
    group.user_set.add(member)
    client.force_login(member)
    assert "Helpers" in account(client)
    with commit():
        group.name = "Advisers"
        group.save()
    assert "Advisers" in account(client)
    with commit():
        group.delete()
    assert "Advisers" not in account(client)


def test_claim_expenses_is_offered_at_once_when_involvement_is_recorded(client, groups, commit):
    from reciprocity.factories import rate_card_example

    rate_card_example()  # claims are offered only where a rate card covers the activity
    member = MemberFactory()
    staff = StaffFactory()
    application = ApplicationFactory(
        member=member, opportunity=opportunity_create(title="Shape a leaflet")
    )
    application_decide(application=application, status="selected", message="", by=staff)
    client.force_login(member)
    assert "/expenses/new/" not in account(client)
    with commit():
        application_involvement_record(
            application=application,
            attended=True,
            started_on=timezone.localdate(),
            hours=2,
            by=staff,
        )
    assert "/expenses/new/" in account(client)


def test_claim_expenses_is_offered_at_once_when_a_rate_card_comes_to_cover_it(
    client, groups, commit
):
    from involvement.models import Involvement
    from opportunities.services.involvement import opportunity_activity_sync
    from reciprocity.factories import rate_card_example

    member = MemberFactory()
    Involvement.objects.create(
        member=member,
        activity=opportunity_activity_sync(opportunity=opportunity_create(title="Shape a leaflet")),
        started_on=timezone.localdate(),
        hours=2,
    )
    client.force_login(member)
    # No rate card covers the activity: a claim could only be refused, so none is offered.
    assert "/expenses/new/" not in account(client)
    assert "/expenses/new/" not in client.get("/expenses/").content.decode()
    with commit():
        rate_card_example()
    assert "/expenses/new/" in account(client)


def test_a_claim_sent_shows_at_once(client, groups, commit):
    from reciprocity.factories import rate_card_example
    from reciprocity.services.expenses import expense_claim_submit

    rate_card_example().__class__.objects.update(receipt_over_parking=None)  # none needed
    member = MemberFactory()
    staff = StaffFactory()
    application = ApplicationFactory(
        member=member, opportunity=opportunity_create(title="Shape a leaflet")
    )
    application_decide(application=application, status="selected", message="", by=staff)
    involvement = application_involvement_record(
        application=application, attended=True, started_on=timezone.localdate(), hours=2, by=staff
    )
    client.force_login(member)
    assert "See your expense claims" not in account(client)
    with commit():
        expense_claim_submit(
            member=member,
            involvement=involvement,
            items=[{"kind": "parking", "description": "Car park", "amount": "3.50"}],
        )
    assert "See your expense claims" in account(client)


def test_a_request_to_join_cancelled_shows_at_once(client, groups, commit):
    from members.services.memberships import membership_leave

    member = MemberFactory()
    group = next(g for g in groups if g.join_policy == "approval")
    client.force_login(member)
    with commit():
        membership = join(member, group)
    assert "Cancel your request" in account(client)
    with commit():
        membership_leave(membership=membership)
    assert "Cancel your request" not in account(client)
