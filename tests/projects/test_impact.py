"""A project's impact record (projects:impact), recording what changed from it, and the
once-only reminder when members have heard no "you said, we did" in time."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from involvement.models import Activity, ImpactEntry, Involvement
from involvement.services import impact_add
from members.demo_content import demo_groups_create
from members.factories import MemberFactory
from opportunities.factories import ResearchRequestFactory, comment_round_create
from projects.models import ImpactReminder
from projects.services.impact import impact_reminders_send

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def group(db):
    return demo_groups_create()[0]


def activity_of(research_request, group, *, members, days_ago=60, title="Leaflet comments"):
    """A comment round of `research_request` with its activity, attended by `members`
    `days_ago` days ago."""
    activity = Activity.objects.create(kind=Activity.Kind.COMMENT_ROUND, title=title)
    comment_round_create(group=group, request=research_request, activity=activity, title=title)
    started_on = TODAY - datetime.timedelta(days=days_ago)
    Involvement.objects.bulk_create(
        [
            Involvement(member=m, activity=activity, attended=True, started_on=started_on, hours=1)
            for m in members
        ]
    )
    return activity


def url(project, name="impact"):
    return f"/projects/{project.pk}/{name}/"


# --- Who sees the impact record ------------------------------------------------------


def test_the_team_sees_the_impact_record_by_stage(client, world, group):
    activity = activity_of(world.project.request, group, members=[world.ben])
    impact_add(
        activity=activity,
        what_changed="We rewrote the leaflet's first page.",
        by=world.researcher,
        kind="research",
        research_stage="design",
    )
    client.force_login(world.ben)
    page = client.get(url(world.project)).content.decode()
    assert "We rewrote the leaflet&#x27;s first page." in page
    assert "Designing the research" in page and "On the research" in page
    assert "added by Dr Rhiannon Jones" in page
    assert "Record what changed" not in page  # members read; they do not record
    assert client.post(url(world.project), {"what_changed": "x"}).status_code == 403


def test_people_not_on_the_team_get_not_found(client, world, admin_login):
    for outsider in [world.other_member, world.other_researcher]:
        client.force_login(outsider)
        assert client.get(url(world.project)).status_code == 404
    # Staff without the second factor do not hold the staff permission.
    client.force_login(world.other_staff)
    assert client.get(url(world.project)).status_code == 404
    assert admin_login(world.other_staff).get(url(world.project)).status_code == 200


def test_another_projects_entries_and_other_slots_answers_are_not_shown(client, world, group):
    other_request = ResearchRequestFactory(status="accepted")
    other = activity_of(other_request, group, members=[world.ben], title="Other study")
    impact_add(activity=other, what_changed="Not this project's change.", by=world.staff)
    client.force_login(world.researcher)
    assert "Not this project" not in client.get(url(world.project)).content.decode()


# --- Recording what changed ----------------------------------------------------------


def test_the_researcher_records_what_changed_and_the_members_are_told(
    client, world, group, django_capture_on_commit_callbacks
):
    activity = activity_of(world.project.request, group, members=[world.ana, world.ben])
    client.force_login(world.researcher)
    page = client.get(url(world.project)).content.decode()
    assert "Record what changed" in page
    assert '<option value="design" selected>' in page  # the project's stage first
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(world.project),
            {
                "activity": activity.pk,
                "what_changed": "We added evening sessions.",
                "kind": "people",
                "research_stage": "delivery",
            },
        )
    assert response.status_code == 302
    entry = ImpactEntry.objects.get()
    assert (entry.activity, entry.kind, entry.research_stage) == (activity, "people", "delivery")
    assert entry.added_by == world.researcher
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "ben@example.org"]


def test_a_lead_may_record_but_not_on_another_projects_activity(client, world, group):
    other = activity_of(ResearchRequestFactory(status="accepted"), group, members=[world.ben])
    client.force_login(world.ana)  # a co-production lead
    response = client.post(
        url(world.project), {"activity": other.pk, "what_changed": "Sneaky", "kind": ""}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.startswith("<!DOCTYPE") and "<title>Error:" in page
    assert "Choose one of this project&#x27;s activities" in page and "Sneaky" in page
    assert not ImpactEntry.objects.exists()


def test_the_impact_page_reads_a_fixed_number_of_queries(client, world, group):
    def page_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(world.project)).status_code == 200
        return len(queries)

    client.force_login(world.researcher)
    activity_of(world.project.request, group, members=[world.ben], title="First")
    page_queries()  # the site's settings, cached from the first page on
    few = page_queries()
    for n in range(6):
        extra = activity_of(world.project.request, group, members=[world.ana], title=f"R{n}")
        impact_add(activity=extra, what_changed=f"Change {n}", by=world.staff, kind="research")
    assert page_queries() == few


# --- The overdue reminder ------------------------------------------------------------


def test_the_overdue_reminder_goes_once_to_the_researcher_and_project_staff(
    world, group, settings, django_capture_on_commit_callbacks
):
    settings.IMPACT_FEEDBACK_OVERDUE_WEEKS = 6
    activity = activity_of(world.project.request, group, members=[world.ben], days_ago=43)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert impact_reminders_send() == 2
    assert sorted(m.to[0] for m in mail.outbox) == [
        "officer@example.org",
        "rhiannon@research.example.ac.uk",
    ]
    assert "Tell the members what changed: Leaflet comments" in mail.outbox[0].subject
    assert f"/projects/{world.project.pk}/impact/" in mail.outbox[0].body
    assert ImpactReminder.objects.get().activity == activity
    with django_capture_on_commit_callbacks(execute=True):
        assert impact_reminders_send() == 0  # once only
    assert len(mail.outbox) == 2
    # A second activity that becomes overdue later gets its own reminder.
    activity_of(world.project.request, group, members=[world.ana], days_ago=50, title="Second")
    with django_capture_on_commit_callbacks(execute=True):
        assert impact_reminders_send() == 2
    assert len(mail.outbox) == 4 and ImpactReminder.objects.count() == 2


def test_no_reminder_before_the_set_time(world, group, settings):
    settings.IMPACT_FEEDBACK_OVERDUE_WEEKS = 6
    activity_of(world.project.request, group, members=[world.ben], days_ago=41)
    assert impact_reminders_send() == 0
    assert impact_reminders_send(today=TODAY + datetime.timedelta(days=2)) == 2


def test_no_reminder_when_the_members_heard_or_nobody_attended(world, group):
    heard = activity_of(world.project.request, group, members=[world.ben], title="Heard")
    impact_add(activity=heard, what_changed="We changed it.", by=world.staff)
    missed = activity_of(world.project.request, group, members=[], title="Nobody came")
    Involvement.objects.create(
        member=world.ana,
        activity=missed,
        attended=False,
        started_on=TODAY - datetime.timedelta(days=90),
    )
    assert impact_reminders_send() == 0
    assert not ImpactReminder.objects.exists()


def test_a_request_without_a_project_reminds_only_its_researcher(
    group, researcher, django_capture_on_commit_callbacks
):
    research_request = ResearchRequestFactory(researcher=researcher, status="accepted")
    activity_of(research_request, group, members=[MemberFactory()])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert impact_reminders_send() == 1
    assert [m.to for m in mail.outbox] == [[researcher.email]]
    assert f"/requests/{research_request.pk}/" in mail.outbox[0].body


def test_the_reminder_reads_the_same_queries_for_2_or_20_activities(world, group, monkeypatch):
    """Set-based: only the emails themselves (one outbox row each) grow with the number
    of activities, so they are counted apart."""
    emailed = []
    monkeypatch.setattr(
        "projects.services.impact.email_person",
        lambda **kwargs: emailed.append(kwargs["key"]) or True,
    )

    def run_queries(n):
        for i in range(n):
            activity_of(world.project.request, group, members=[world.ben], title=f"A{n}-{i}")
        with CaptureQueriesContext(connection) as queries:
            impact_reminders_send()
        return len(queries)

    two = run_queries(2)
    twenty = run_queries(20)
    assert two == twenty
    assert len(emailed) == 2 * 22  # researcher and staff for each activity


def test_the_impact_page_says_when_members_are_still_waiting(client, world, group, admin_login):
    activity_of(world.project.request, group, members=[world.ben], days_ago=60)
    client.force_login(world.researcher)
    page = client.get(url(world.project)).content.decode()
    assert "Members are waiting to hear what changed" in page and "Leaflet comments" in page
    client.force_login(world.ben)
    assert "Members are waiting" not in client.get(url(world.project)).content.decode()
