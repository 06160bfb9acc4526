"""Where members find their group's meetings: the group page's "Upcoming meetings",
the full list, and "Your group meetings" on the account page; each in a fixed number
of queries (issue 17: the group page with 50 meetings to come)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.factories import MemberFactory, ResearcherFactory
from members.models import GroupMembership
from opportunities.factories import AgendaItemFactory, meeting_create
from opportunities.models import MeetingReply
from opportunities.services.meetings import meeting_audience_changed, meeting_reply_save
from tests.opportunities.meetings_member_helpers import groups, join, move_to_past

pytestmark = pytest.mark.django_db


@pytest.fixture
def group_pair():
    return groups()


@pytest.fixture
def group(group_pair):
    return group_pair[0]


@pytest.fixture
def active(group):
    return join(group, email="active@example.org")


def meetings_of(group, count, first_day=3):
    return [
        meeting_create(group=group, title=f"Meeting number {n + 1}", days=first_day + n)
        for n in range(count)
    ]


def queries(client, url) -> int:
    """The queries of one view of `url`, after a first view (which fills the caches
    every page fills once: the site, the person's permissions)."""
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


# --- The group page -----------------------------------------------------------------


def test_active_members_see_the_next_meetings_with_their_reply(client, group, active):
    first, second, *_rest = meetings_of(group, 3)
    meeting_reply_save(meeting=first, member=active, answer="coming")
    meeting_reply_save(meeting=second, member=active, answer="not_coming")
    cancelled = meeting_create(group=group, title="Called off", cancelled_at=timezone.now())
    past = move_to_past(meeting_create(group=group, title="Last month"))
    client.force_login(active)
    body = client.get(group.url).content.decode()
    assert "Upcoming meetings" in body
    assert reverse("opportunities:meeting", args=[first.pk]) in body
    assert first.when in body
    assert "You said you will come" in body
    assert "You said you cannot come" in body
    assert "You have not replied yet" in body
    assert cancelled.title not in body and past.title not in body


def test_the_group_page_shows_ten_and_links_to_the_full_list(client, group, active):
    meetings = meetings_of(group, 12)
    client.force_login(active)
    body = client.get(group.url).content.decode()
    assert "Meeting number 10<" in body and "Meeting number 11<" not in body
    list_url = reverse("opportunities:group_meetings", args=[group.pk])
    assert list_url in body
    listing = client.get(list_url).content.decode()
    assert "Meeting number 11<" in listing and "Meeting number 12<" in listing
    assert meetings[0].when in listing


@pytest.mark.parametrize(
    "who",
    ["visitor", "applied", "paused", "ended", "other group", "member of no group", "researcher"],
)
def test_nobody_else_sees_anything_of_the_meetings(client, group, group_pair, who):
    meetings_of(group, 2)
    people = {
        "applied": lambda: join(group, status=GroupMembership.Status.APPLIED),
        "paused": lambda: join(group, status=GroupMembership.Status.PAUSED),
        "ended": lambda: join(group, status=GroupMembership.Status.ENDED),
        "other group": lambda: join(group_pair[1]),
        "member of no group": MemberFactory,
        "researcher": ResearcherFactory,
    }
    if who != "visitor":
        client.force_login(people[who]())
    body = client.get(group.url).content.decode()
    assert "Upcoming meetings" not in body and "Meeting number" not in body
    response = client.get(reverse("opportunities:group_meetings", args=[group.pk]))
    assert response.status_code == (302 if who == "visitor" else 404)


def test_staff_who_run_meetings_see_the_group_s_meetings(client, group, staff, admin_login):
    meetings_of(group, 1)
    admin_login(staff)
    body = client.get(group.url).content.decode()
    assert "Meeting number 1<" in body
    assert "replied" not in body  # staff run meetings; they do not reply
    assert client.get(reverse("opportunities:group_meetings", args=[group.pk])).status_code == 200


def test_the_members_view_never_reaches_the_public_page_cache(client, settings, group, active):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    meetings_of(group, 1)
    visitor = client.__class__()
    first = visitor.get(group.url)
    assert first["X-Page-Cache"] == "miss"
    client.force_login(active)
    assert "Meeting number 1<" in client.get(group.url).content.decode()
    again = visitor.get(group.url)
    assert again["X-Page-Cache"] == "hit"
    assert "Meeting number" not in again.content.decode()
    # And the other way round: a member's visit first leaves nothing for visitors.
    cache.clear()
    assert "Meeting number 1<" in client.get(group.url).content.decode()
    fresh = visitor.get(group.url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Meeting number" not in fresh.content.decode()


def _replies_to_some(meetings, member):
    for meeting in meetings[::2]:
        MeetingReply.objects.create(meeting=meeting, member=member, answer="coming")


def test_the_group_page_asks_as_many_queries_for_50_meetings_as_for_2(client, group, group_pair):
    few_member = join(group_pair[1])
    _replies_to_some(meetings_of(group_pair[1], 2), few_member)
    many_member = join(group)
    _replies_to_some(meetings_of(group, 50), many_member)
    client.force_login(few_member)
    few = queries(client, group_pair[1].url)
    client.force_login(many_member)
    many = queries(client, group.url)
    assert few == many, (few, many)


def test_the_full_list_asks_as_many_queries_for_50_meetings_as_for_2(client, group, group_pair):
    few_member = join(group_pair[1])
    _replies_to_some(meetings_of(group_pair[1], 2), few_member)
    many_member = join(group)
    _replies_to_some(meetings_of(group, 50), many_member)
    client.force_login(few_member)
    few = queries(client, reverse("opportunities:group_meetings", args=[group_pair[1].pk]))
    client.force_login(many_member)
    many_url = reverse("opportunities:group_meetings", args=[group.pk])
    many = queries(client, many_url)
    assert few == many, (few, many)
    assert queries(client, many_url + "?page=3") == many


# --- The account page ---------------------------------------------------------------


def test_the_account_page_lists_the_meetings_of_the_member_s_groups(client, group, active):
    mine = meeting_create(group=group, title="Our meeting")
    meeting_reply_save(meeting=mine, member=active, answer="coming")
    other = meeting_create(group=groups()[1], title="Their meeting")
    client.force_login(active)
    body = client.get(reverse("members:account")).content.decode()
    assert "Your group meetings" in body
    assert reverse("opportunities:meeting", args=[mine.pk]) in body
    assert "You said you will come" in body
    assert other.title not in body


def test_each_meeting_link_says_when_as_many_share_a_title(client, group, active):
    """Link text makes sense out of context (a screen reader's list of links)."""
    meeting = meeting_create(group=group, title="Our meeting")
    client.force_login(active)
    body = client.get(reverse("members:account")).content.decode()
    assert f'Our meeting<span class="nhsuk-u-visually-hidden">, {meeting.when}</span></a>' in body


def test_no_section_without_meetings_to_come(client, group, active):
    move_to_past(meeting_create(group=group))
    client.force_login(active)
    assert "Your group meetings" not in client.get(reverse("members:account")).content.decode()
    paused = join(group, status=GroupMembership.Status.PAUSED)
    meeting_create(group=group)
    client.force_login(paused)
    assert "Your group meetings" not in client.get(reverse("members:account")).content.decode()


def test_the_account_page_asks_as_many_queries_for_many_meetings_as_for_few(
    client, group, group_pair
):
    few_member = join(group_pair[1])
    _replies_to_some(meetings_of(group_pair[1], 2), few_member)
    many_member = join(group)
    # Active in both groups: their meetings come from either.
    GroupMembership.objects.create(
        member=many_member, group=group_pair[1], status=GroupMembership.Status.ACTIVE
    )
    _replies_to_some(meetings_of(group, 30), many_member)
    client.force_login(few_member)
    few = queries(client, reverse("members:account"))
    client.force_login(many_member)
    many = queries(client, reverse("members:account"))
    assert few == many, (few, many)


def test_a_reply_and_a_changed_meeting_make_the_account_page_stale(
    group, active, monkeypatch, django_capture_on_commit_callbacks
):
    told = []
    monkeypatch.setattr("home.page_cache._bump_people", lambda ids: told.append(sorted(ids)))
    meeting = meeting_create(group=group)
    other = join(group)
    join(group, status=GroupMembership.Status.PAUSED)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_reply_save(meeting=meeting, member=active, answer="coming")
    assert [active.pk] in told
    told.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_audience_changed(meeting)
    assert told == [sorted([active.pk, other.pk])]


def test_the_agenda_does_not_change_the_list_s_queries(client, group, active):
    meeting = meeting_create(group=group, days=2)
    client.force_login(active)
    url = reverse("opportunities:group_meetings", args=[group.pk])
    before = queries(client, url)
    AgendaItemFactory.create_batch(5, meeting=meeting)
    assert queries(client, url) == before
