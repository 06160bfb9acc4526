import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from home.demo_content import demo_pages_create
from members.demo_content import demo_groups_create
from members.factories import MemberFactory
from members.models import GroupMembership
from members.services.assisted_registration import member_register_assisted
from members.services.memberships import (
    MembershipError,
    _add_months,
    membership_join,
    membership_pause,
    membership_renew,
    memberships_end_lapsed,
    memberships_invite_renewals,
)
from members.tasks import membership_terms_daily

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def group(db):
    return next(g for g in demo_groups_create() if g.slug == "living-with-diabetes")


@pytest.fixture
def make_membership(group):
    def make(email, ends_in_days, status=GroupMembership.Status.ACTIVE):
        membership = membership_join(
            member=MemberFactory(email=email),
            group=group,
            accepted_version=group.current_ground_rules(),
        )
        membership.term_ends_on = TODAY + datetime.timedelta(days=ends_in_days)
        membership.status = status
        membership.save()
        return membership

    return make


def test_members_whose_term_ends_soon_are_invited_once(
    make_membership, django_capture_on_commit_callbacks
):
    soon = make_membership("soon@example.org", ends_in_days=30)
    make_membership("later@example.org", ends_in_days=200)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert memberships_invite_renewals() == 1
        assert memberships_invite_renewals() == 0  # run again: nothing more is sent
    assert [m.to for m in mail.outbox] == [["soon@example.org"]]
    assert mail.outbox[0].subject == "Would you like to stay in Living with diabetes?"
    soon.refresh_from_db()
    assert soon.renewal_invited_at is not None


def test_lapsed_memberships_end_and_finished_pauses_resume(make_membership):
    lapsed = make_membership("lapsed@example.org", ends_in_days=-1)
    current = make_membership("current@example.org", ends_in_days=100)
    paused = make_membership("paused@example.org", ends_in_days=100)
    GroupMembership.objects.filter(pk=paused.pk).update(
        status=GroupMembership.Status.PAUSED, paused_until=TODAY - datetime.timedelta(days=1)
    )
    assert memberships_end_lapsed() == 1
    for membership in (lapsed, current, paused):
        membership.refresh_from_db()
    assert lapsed.status == GroupMembership.Status.ENDED
    assert lapsed.end_reason == GroupMembership.EndReason.LAPSED
    assert current.status == GroupMembership.Status.ACTIVE
    assert paused.status == GroupMembership.Status.ACTIVE
    assert memberships_end_lapsed() == 0


def test_the_daily_job_is_on_the_beat_schedule_and_runs(make_membership):
    entry = settings.CELERY_BEAT_SCHEDULE["membership-terms"]
    assert entry["task"] == "members.membership_terms_daily"
    make_membership("lapsed@example.org", ends_in_days=-3)
    assert membership_terms_daily.delay().get() == {"invited": 0, "ended": 1}


def test_the_job_uses_a_fixed_number_of_queries(make_membership, django_assert_max_num_queries):
    for n in range(20):
        make_membership(f"l{n}@example.org", ends_in_days=-2)
    with django_assert_max_num_queries(4):
        assert memberships_end_lapsed() == 20


def test_a_member_renews_from_the_end_of_their_term(client, make_membership):
    membership = make_membership("renew@example.org", ends_in_days=20)
    membership.renewal_invited_at = timezone.now()
    membership.save()
    client.force_login(membership.member)
    response = client.post(f"/groups/{membership.group_id}/membership/", {"action": "renew"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.term_ends_on.year == (TODAY + datetime.timedelta(days=20)).year + 2
    assert membership.renewal_invited_at is None


def test_a_member_pauses_until_a_future_date(client, make_membership):
    membership = make_membership("pause@example.org", ends_in_days=300)
    client.force_login(membership.member)
    url = f"/groups/{membership.group_id}/membership/"
    past = client.post(url, {"action": "pause", "until": "1/1/2020"})
    assert "The date to pause until must be in the future." in past.content.decode()
    nonsense = client.post(url, {"action": "pause", "until": "31/2/2031"})
    html = nonsense.content.decode()
    assert "Enter a real date, for example 31/3/2027" in html
    assert 'value="31/2/2031"' in html  # kept as typed
    future = (TODAY + datetime.timedelta(days=60)).strftime("%d/%m/%Y")
    client.post(url, {"action": "pause", "until": future})
    membership.refresh_from_db()
    assert membership.status == GroupMembership.Status.PAUSED
    assert membership.paused_until == TODAY + datetime.timedelta(days=60)


def test_a_member_leaves_after_checking(client, make_membership):
    membership = make_membership("leave@example.org", ends_in_days=300)
    client.force_login(membership.member)
    url = f"/groups/{membership.group_id}/membership/leave/"
    assert "Are you sure you want to leave" in client.get(url).content.decode()
    assert client.post(url)["Location"] == "/account/"
    membership.refresh_from_db()
    assert membership.status == GroupMembership.Status.ENDED
    assert membership.end_reason == GroupMembership.EndReason.LEFT


def test_nobody_else_can_manage_a_membership(client, make_membership):
    membership = make_membership("owner@example.org", ends_in_days=300)
    client.force_login(MemberFactory(email="someone-else@example.org"))
    base = f"/groups/{membership.group_id}/membership/"
    assert client.get(base).status_code == 404
    assert client.post(base, {"action": "renew"}).status_code == 404
    assert client.post(base + "leave/").status_code == 404
    client.logout()
    assert client.get(base)["Location"].startswith("/accounts/login/")
    membership.refresh_from_db()
    assert membership.status == GroupMembership.Status.ACTIVE


def test_pausing_in_the_past_is_refused_by_the_service(make_membership):
    membership = make_membership("p@example.org", ends_in_days=300)
    with pytest.raises(MembershipError):
        membership_pause(membership=membership, until=TODAY)


@pytest.fixture
def groups(db):
    return {group.slug: group for group in demo_groups_create()}


def _join(member, group):
    return membership_join(
        member=member, group=group, accepted_version=group.current_ground_rules()
    )


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
    membership = _join(MemberFactory(email="paused@example.org"), groups["living-with-diabetes"])
    GroupMembership.objects.filter(pk=membership.pk).update(
        status="paused",
        paused_until=TODAY + datetime.timedelta(days=60),
        term_ends_on=TODAY + datetime.timedelta(days=10),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert memberships_invite_renewals() == 1


def test_renewing_adds_one_term_to_the_end_and_only_once_the_window_opens(groups):
    membership = _join(MemberFactory(email="r@example.org"), groups["living-with-diabetes"])
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
