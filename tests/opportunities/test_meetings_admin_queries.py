"""Group meetings, the staff screens: the same number of queries however many meetings,
agenda items, papers and replies there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.factories import MemberFactory
from opportunities.factories import (
    AgendaItemFactory,
    ResearchRequestFactory,
    meeting_create,
    paper_create,
)
from opportunities.models import MeetingReply, Route
from tests.opportunities.meeting_admin_helpers import group_get

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    client.get(url)  # warm caches (site, settings, content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    # The looks at access needs are logged in one statement; SQLite alone splits a bulk
    # insert into batches of its parameter limit (999): count it as one.
    sql = [query["sql"] for query in captured.captured_queries]
    logged = [q for q in sql if q.startswith('INSERT INTO "wagtailcore_modellogentry"')]
    return len(sql) - len(logged) + (1 if logged else 0), response


def _meeting_with(group, *, items: int, replies: int):
    meeting = meeting_create(group=group, days=10 + items)
    for n in range(items):
        item = AgendaItemFactory(
            meeting=meeting, request=ResearchRequestFactory() if n % 2 else None
        )
        if n % 4 == 0:
            standard = paper_create(agenda_item=item)
            paper_create(agenda_item=item, version="easy_read", version_of=standard)
    paper_create(meeting=meeting)
    members = MemberFactory.create_batch(replies)
    MeetingReply.objects.bulk_create(
        MeetingReply(
            meeting=meeting,
            member=member,
            answer="coming" if n % 3 else "not_coming",
            access_needs=f"Needs {n}" if n % 2 else "",
        )
        for n, member in enumerate(members)
    )
    return meeting


def test_the_meeting_screen_costs_the_same_with_40_items_and_200_replies(admin_login, staff):
    group = group_get()
    ResearchRequestFactory(route=Route.MEETING_SLOT, group=group)
    ResearchRequestFactory(route=Route.MEETING_SLOT)
    client = admin_login(staff)
    small = _meeting_with(group, items=2, replies=2)
    large = _meeting_with(group, items=40, replies=200)
    few, _response = _queries(client, reverse("opportunities_meeting_admin", args=[small.pk]))
    many, response = _queries(client, reverse("opportunities_meeting_admin", args=[large.pk]))
    assert response.text.count("<h3>") >= 40
    assert many == few, (few, many)
    print(f"meeting screen: {many} queries")  # noqa: T201 (the figure for the report)


def test_a_groups_meetings_cost_the_same_with_50_as_with_2(admin_login, staff):
    from members.models import ReferenceGroupPage

    group = group_get()
    other = ReferenceGroupPage.objects.exclude(pk=group.pk).first()
    client = admin_login(staff)
    for days in (5, -5):
        meeting = meeting_create(group=group, days=days)
        AgendaItemFactory(meeting=meeting)
    few, _response = _queries(client, reverse("opportunities_group_meetings", args=[group.pk]))
    for n in range(50):
        meeting = meeting_create(group=other, days=n - 20)
        AgendaItemFactory(meeting=meeting)
        MeetingReply.objects.create(meeting=meeting, member=MemberFactory(), answer="coming")
    many, response = _queries(client, reverse("opportunities_group_meetings", args=[other.pk]))
    assert len(response.context["page_obj"].object_list) == 25
    assert many == few, (few, many)
    print(f"group's meetings: {many} queries")  # noqa: T201 (the figure for the report)


def test_the_groups_index_costs_the_same_whatever_the_meetings(admin_login, staff):
    group = group_get()
    client = admin_login(staff)
    meeting_create(group=group, days=3)
    few, _response = _queries(client, reverse("opportunities_meetings"))
    for n in range(50):
        meeting_create(group=group, days=n + 4)
    many, response = _queries(client, reverse("opportunities_meetings"))
    assert many == few, (few, many)
    assert group.title in response.text
