"""'Your account': tasks, memberships, profile completeness and links to what they own."""

import datetime

import pytest
from django.utils import timezone

from home.demo_content import demo_pages_create
from members.demo_content import demo_groups_create
from members.factories import MemberFactory
from members.models import MemberProfile, Skill, Topic
from members.services.memberships import membership_join
from members.services.profiles import privacy_notice_accept
from opportunities.factories import opportunity_index_get_or_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(db):
    demo_pages_create()
    return {group.slug: group for group in demo_groups_create()}


def _join(member, group, *, ends_in_days=None):
    membership = membership_join(
        member=member, group=group, accepted_version=group.current_ground_rules()
    )
    if ends_in_days is not None:
        membership.term_ends_on = timezone.localdate() + datetime.timedelta(days=ends_in_days)
        membership.save()
    return membership


def test_a_new_member_is_asked_to_tell_us_about_themselves(client, member, groups):
    client.force_login(member)
    page = client.get("/account/").content.decode()
    assert "Things to do" in page
    assert 'href="/profile/about/"' in page
    assert "You have not joined a reference group yet." in page
    assert "See all our reference groups" in page
    assert 'href="/account/your-data/"' in page


def test_profile_completeness_counts_the_sections_answered(client, member, groups):
    profile = MemberProfile.objects.create(
        user=member, preferred_name="Jo", onboarding_completed_at=timezone.now()
    )
    privacy_notice_accept(user=member)
    client.force_login(member)
    page = client.get("/account/").content.decode()
    assert "You have answered 3 of 8 sections." in page
    # The task links to the first question page with no answer.
    assert 'href="/profile/experience/?change=1">Answer the rest of your profile questions' in page

    profile.format_online = True
    profile.payment_preference = MemberProfile.Payment.VOUCHER
    profile.save()
    page = client.get("/account/").content.decode()
    assert "You have answered 5 of 8 sections." in page


def test_a_membership_near_its_end_shows_a_renewal_task(client, member, groups):
    _join(member, groups["living-with-diabetes"], ends_in_days=20)
    _join(member, groups["carers-voice"], ends_in_days=300)
    client.force_login(member)
    page = client.get("/account/").content.decode()
    assert "Renew your membership of Living with diabetes" in page
    assert "Renew your membership of Carers" not in page
    assert page.count("Renew, pause or leave") == 2


def test_nothing_to_do_is_said_plainly(client, member, groups):
    MemberProfile.objects.create(
        user=member,
        preferred_name="Jo",
        format_online=True,
        payment_preference="paid",
        access_needs="None",
        onboarding_completed_at=timezone.now(),
    )
    member.profile.topics.set([])
    privacy_notice_accept(user=member)
    client.force_login(member)
    # Experience and skills are unanswered, so there is still one task.
    assert "Answer the rest of your profile questions" in client.get("/account/").content.decode()
    member.profile.topics.add(Topic.objects.first())
    member.profile.skills.add(Skill.objects.first())
    page = client.get("/account/").content.decode()
    assert "You have answered 8 of 8 sections." in page
    assert "You have nothing to do right now." in page


def test_the_account_page_query_count_does_not_grow_with_memberships(
    client, groups, django_assert_max_num_queries
):
    few = MemberFactory()
    many = MemberFactory()
    for group in list(groups.values())[:1]:
        _join(few, group, ends_in_days=10)
    for group in groups.values():
        if group.is_joinable:
            _join(many, group, ends_in_days=10)
    client.force_login(few)
    # 24 before issue 15; training's section adds four with the page cache off, as
    # here: bookings, completions and the training listing's address (two, kept with
    # the public pages in production). Issue 16's "Recommended for you" adds one: the
    # profile it matches on (with a profile, a fixed number more, whatever the number
    # of opportunities: tests/opportunities/test_matching_members.py). Issue 17's "Your
    # group meetings" adds one: the meetings to come of the person's groups; and
    # "Comments wanted from you" one: the open comment rounds of their groups. Issue
    # 18's "Your projects" adds one: the person's projects ("What happened next", one
    # more, only for people on a team: tests/projects/test_conversation_digest.py).
    with django_assert_max_num_queries(32) as few_queries:
        client.get("/account/")
    client.force_login(many)
    with django_assert_max_num_queries(32) as many_queries:
        client.get("/account/")
    assert len(many_queries.captured_queries) == len(few_queries.captured_queries)


def test_the_account_page_takes_what_every_page_shows_from_the_cache(
    client, groups, settings, django_assert_max_num_queries
):
    """As in production, with the cache of public pages on: the header, footer and
    links to the index pages are kept there (issue 12: it made 26 queries)."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    opportunity_index_get_or_create()
    member = MemberFactory()
    _join(member, next(g for g in groups.values() if g.is_joinable), ends_in_days=10)
    client.force_login(member)
    client.get("/account/")
    with django_assert_max_num_queries(14):
        page = client.get("/account/").content.decode()
    assert "See all our reference groups" in page and "Find opportunities to take part" in page
    assert 'href="/contact/"' in page  # the footer, from the cache
