"""A project: opened from an accepted request, with its team; who sees it."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.factories import MemberFactory, ResearcherFactory, StaffFactory
from opportunities.factories import ApplicationFactory, ResearchRequestFactory, opportunity_create
from opportunities.models import Application, ResearchRequest
from projects.models import AgreementVersion, Project, TeamMember, TeamRole
from projects.selectors.access import project_access
from projects.services.projects import (
    ProjectError,
    project_open,
    project_team_sync,
    team_lead_set,
    team_member_add,
    team_member_remove,
)

pytestmark = pytest.mark.django_db


def url(project, name="projects:project"):
    return reverse(name, kwargs={"project_id": project.pk})


def queries(client, address) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(address).status_code == 200
    return len(context.captured_queries)


# Who sees what -------------------------------------------------------------------------


def test_team_members_see_the_project_and_its_team(client, world):
    for person in (world.researcher, world.ana, world.ben):
        client.force_login(person)
        response = client.get(url(world.project))
        assert response.status_code == 200
        assert "Ana Silva" in response.text
        assert "co-production lead" in response.text


def test_a_member_not_on_the_team_is_told_nothing(client, world):
    client.force_login(world.other_member)
    assert client.get(url(world.project)).status_code == 404


def test_a_researcher_not_on_the_team_is_told_nothing(client, world):
    client.force_login(world.other_researcher)
    assert client.get(url(world.project)).status_code == 404


def test_staff_see_every_project_only_with_the_second_factor(client, world, admin_login):
    client.force_login(world.other_staff)
    assert client.get(url(world.project)).status_code == 404
    admin_login(world.other_staff)
    assert client.get(url(world.project)).status_code == 200


def test_someone_who_left_the_team_no_longer_sees_it(client, world):
    row = TeamMember.objects.get(project=world.project, person=world.ben)
    team_member_remove(row=row, by=world.staff)
    client.force_login(world.ben)
    assert client.get(url(world.project)).status_code == 404
    assert client.get(reverse("projects:list")).text.count(world.project.title) == 0


def test_a_deactivated_account_sees_nothing(world):
    world.ana.is_active = False
    world.ana.save()
    assert not project_access(user=world.ana, project=world.project).sees_project


def test_access_says_who_steers(world):
    lead = project_access(user=world.ana, project=world.project)
    member = project_access(user=world.ben, project=world.project)
    researcher = project_access(user=world.researcher, project=world.project)
    assert lead.is_lead and lead.may_steer and not lead.may_moderate
    assert member.is_member and not member.may_steer
    assert researcher.is_researcher and researcher.may_steer


def test_your_projects_lists_only_your_own(client, world):
    mine = world.project
    theirs = Project.objects.exclude(pk=mine.pk)
    assert not theirs.exists()
    from projects.factories import project_create

    other = project_create(project_title="Someone else's project")
    client.force_login(world.ben)
    page = client.get(reverse("projects:list")).text
    assert mine.title in page
    assert other.title not in page


def test_your_projects_has_an_empty_state(client, world):
    client.force_login(world.other_member)
    assert (
        "You are not on the team for any project yet" in client.get(reverse("projects:list")).text
    )


def test_your_projects_takes_the_same_queries_for_one_or_many(client, world):
    from projects.factories import project_create

    client.force_login(world.ben)
    client.get(reverse("projects:list"))  # warm the session and caches
    few = queries(client, reverse("projects:list"))
    for number in range(12):
        project_create(members=[world.ben], project_title=f"Project number {number}")
    assert queries(client, reverse("projects:list")) == few
    assert client.get(reverse("projects:list")).text.count("Project number") == 12


def test_the_overview_takes_the_same_queries_for_a_small_or_large_team(client, world):
    client.force_login(world.ben)
    client.get(url(world.project))
    few = queries(client, url(world.project))
    TeamMember.objects.bulk_create(
        TeamMember(project=world.project, person=MemberFactory(), role=TeamRole.MEMBER)
        for _ in range(30)
    )
    assert queries(client, url(world.project)) == few


# Opening a project ---------------------------------------------------------------------


@pytest.fixture
def accepted(db):
    researcher = ResearcherFactory(email="lead.researcher@research.example.ac.uk")
    return ResearchRequestFactory(researcher=researcher, status=ResearchRequest.Status.ACCEPTED)


def test_opening_a_project_puts_the_researcher_staff_and_selected_members_on_the_team(
    accepted, django_capture_on_commit_callbacks
):
    staff = StaffFactory()
    chosen, waiting = MemberFactory(), MemberFactory()
    opportunity = opportunity_create(request=accepted)
    ApplicationFactory(member=chosen, opportunity=opportunity, status=Application.Status.SELECTED)
    ApplicationFactory(
        member=waiting, opportunity=opportunity, status=Application.Status.WAITLISTED
    )

    with django_capture_on_commit_callbacks(execute=True):
        project = project_open(research_request=accepted, by=staff)

    team = {row.person: row.role for row in project.team.all()}
    assert team == {
        accepted.researcher: TeamRole.RESEARCHER,
        staff: TeamRole.STAFF,
        chosen: TeamRole.MEMBER,
    }
    assert project.title == accepted.project_title
    assert project.stage == accepted.research_stage
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [accepted.researcher.email, staff.email, chosen.email]
    )
    assert AgreementVersion.objects.get(project=project).number == 1


def test_opening_twice_opens_one_project_and_emails_once(
    accepted, django_capture_on_commit_callbacks
):
    staff = StaffFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = project_open(research_request=accepted, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        second = project_open(research_request=accepted, by=staff)
    assert first == second
    assert Project.objects.count() == 1
    assert len(mail.outbox) == 2  # researcher and staff


@pytest.mark.parametrize("status", ["draft", "submitted", "in_review", "changes", "declined"])
def test_only_an_accepted_request_becomes_a_project(status):
    research_request = ResearchRequestFactory(status=status)
    with pytest.raises(ProjectError):
        project_open(research_request=research_request, by=StaffFactory())
    assert not Project.objects.exists()


def test_the_first_team_agreement_is_drafted_from_the_groups_ground_rules(accepted):
    from members.demo_content import demo_groups_create
    from members.services.groups import ground_rules_record_if_changed

    group = next(g for g in demo_groups_create() if g.slug == "living-with-diabetes")
    ground_rules_record_if_changed(group=group)
    accepted.group = group
    accepted.save()
    rules = [
        block["value"] for block in group.current_ground_rules().content if block["type"] == "rule"
    ]
    assert rules

    project = project_open(research_request=accepted, by=StaffFactory())

    assert AgreementVersion.objects.get(project=project).rules == rules


def test_without_group_rules_the_draft_starts_from_the_organisations(accepted):
    project = project_open(research_request=accepted, by=StaffFactory())
    version = AgreementVersion.objects.get(project=project)
    assert len(version.rules) >= 5
    assert "starting rules" in version.change_note


def test_syncing_adds_new_people_but_not_those_staff_removed(world):
    opportunity = opportunity_create(request=world.project.request)
    newcomer, removed = MemberFactory(), world.ben
    for person in (newcomer, removed):
        ApplicationFactory(
            member=person, opportunity=opportunity, status=Application.Status.SELECTED
        )
    team_member_remove(
        row=TeamMember.objects.get(project=world.project, person=removed), by=world.staff
    )

    added = project_team_sync(project=world.project, by=world.staff)

    assert [row.person for row in added] == [newcomer]
    assert TeamMember.objects.get(project=world.project, person=removed).left_at is not None


def test_a_project_has_at_most_two_leads(world):
    team_lead_set(
        row=TeamMember.objects.get(project=world.project, person=world.ben),
        is_lead=True,
        by=world.staff,
    )
    with pytest.raises(ProjectError):
        team_lead_set(
            row=TeamMember.objects.get(project=world.project, person=world.researcher),
            is_lead=True,
            by=world.staff,
        )


def test_adding_someone_already_on_the_team_says_so(world):
    with pytest.raises(ProjectError, match="already on the team"):
        team_member_add(
            project=world.project, person=world.ben, role=TeamRole.MEMBER, by=world.staff
        )


def test_someone_who_left_can_be_added_back(world):
    row = team_member_remove(
        row=TeamMember.objects.get(project=world.project, person=world.ben), by=world.staff
    )
    again = team_member_add(
        project=world.project, person=world.ben, role=TeamRole.MEMBER, by=world.staff
    )
    assert again.pk == row.pk and again.left_at is None


def test_a_member_who_takes_part_in_the_requests_opportunity_joins_the_team(world):
    import datetime

    from involvement.services import involvement_record
    from opportunities.services.involvement import opportunity_activity_sync

    opportunity = opportunity_create(request=world.project.request)
    activity = opportunity_activity_sync(opportunity=opportunity)
    newcomer = MemberFactory()
    involvement_record(
        member=newcomer,
        activity=activity,
        attended=True,
        started_on=datetime.date(2026, 11, 1),
        hours=2,
        by=world.staff,
    )
    row = TeamMember.objects.get(project=world.project, person=newcomer)
    assert row.role == TeamRole.MEMBER
    assert row.left_at is None


def test_involvement_elsewhere_changes_no_team(world):
    import datetime

    from involvement.services import involvement_record
    from opportunities.services.involvement import opportunity_activity_sync

    activity = opportunity_activity_sync(opportunity=opportunity_create())
    involvement_record(
        member=world.other_member,
        activity=activity,
        attended=True,
        started_on=datetime.date(2026, 11, 1),
        hours=2,
        by=world.staff,
    )
    assert not TeamMember.objects.filter(person=world.other_member).exists()
