"""The staff's project screens (Wagtail admin, area "projects"): the list, opening a
project from an accepted request, and keeping its team."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from wagtail.models import ModelLogEntry

from members.factories import MemberFactory, ResearcherFactory, StaffFactory
from opportunities.factories import ApplicationFactory, ResearchRequestFactory, opportunity_create
from opportunities.models import Application, ResearchRequest
from projects.factories import project_create
from projects.models import Project, TeamMember, TeamRole
from projects.services import projects as project_services

pytestmark = pytest.mark.django_db


def queries(client, address) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(address).status_code == 200
    return len(context.captured_queries)


@pytest.fixture
def accepted(db):
    researcher = ResearcherFactory(
        email="lead.researcher@research.example.ac.uk", name="Dr Lowri Evans"
    )
    research_request = ResearchRequestFactory(
        researcher=researcher,
        status=ResearchRequest.Status.ACCEPTED,
        project_title="Living well with diabetes",
    )
    opportunity = opportunity_create(request=research_request)
    ApplicationFactory(
        member=MemberFactory(name="Dafydd Rhys", email="dafydd@example.org"),
        opportunity=opportunity,
        status=Application.Status.SELECTED,
    )
    return research_request


@pytest.fixture
def staff_client(client, world, admin_login):
    return admin_login(world.other_staff)


def _row(world, person) -> TeamMember:
    return TeamMember.objects.get(project=world.project, person=person)


def _addresses(world):
    """Every staff screen, for the refusal tests."""
    row = _row(world, world.ben)
    project = world.project.pk
    return [
        reverse("projects_index"),
        reverse("projects_project", args=[project]),
        reverse("projects_open", args=[world.project.request_id]),
        reverse("projects_team_add", args=[project]),
        reverse("projects_team_sync", args=[project]),
        reverse("projects_team_remove", args=[project, row.pk]),
        reverse("projects_team_lead", args=[project, row.pk]),
        reverse("projects_summary"),
    ]


# Who may use the screens ----------------------------------------------------------------


@pytest.mark.parametrize("who", ["ana", "researcher", "other_member", "other_researcher"])
def test_members_and_researchers_are_refused_even_on_the_team(client, world, who):
    client.force_login(getattr(world, who))
    for address in _addresses(world):
        assert client.get(address).status_code in (302, 403), address
        assert client.post(address).status_code in (302, 403), address
        response = client.get(address)
        if response.status_code == 302:
            assert not response["Location"].startswith(address)
    assert TeamMember.objects.filter(project=world.project, left_at=None).count() == 4


def test_staff_without_the_second_factor_are_sent_to_it(client, world):
    client.force_login(world.other_staff)
    for address in _addresses(world):
        response = client.get(address)
        assert response.status_code == 302, address
        assert "/accounts/" in response["Location"]
    client.post(reverse("projects_team_sync", args=[world.project.pk]))
    client.post(reverse("projects_team_remove", args=[world.project.pk, _row(world, world.ben).pk]))
    assert _row(world, world.ben).left_at is None


def test_staff_without_the_permission_are_refused(client, world, admin_login):
    from django.contrib.auth.models import Group

    plain = StaffFactory(email="no.projects@example.org")
    for group in plain.groups.all():
        group.permissions.remove(*group.permissions.filter(codename="manage_project"))
    admin_login(plain)
    assert client.get(reverse("projects_index")).status_code == 403
    assert Group.objects.exists()


def test_the_menu_shows_projects_to_staff_with_the_permission(staff_client, world):
    response = staff_client.get(reverse("wagtailadmin_home"))
    assert reverse("projects_index") in response.text


# The list ----------------------------------------------------------------------------------


def test_the_list_shows_projects_and_accepted_requests_without_one(staff_client, world, accepted):
    response = staff_client.get(reverse("projects_index"))
    assert response.status_code == 200
    assert world.project.title in response.text
    assert "Dr Rhiannon Jones" in response.text
    assert "Living well with diabetes" in response.text
    assert reverse("projects_open", args=[accepted.pk]) in response.text
    # The world's request has its project: no "Open a project" for it.
    assert reverse("projects_open", args=[world.project.request_id]) not in response.text


def test_the_list_has_an_empty_state(client, admin_login):
    admin_login(StaffFactory())
    response = client.get(reverse("projects_index"))
    assert "No projects yet" in response.text
    assert "Every accepted request has a project" in response.text


def test_the_list_takes_the_same_queries_for_few_or_many(staff_client, world, accepted):
    few = queries(staff_client, reverse("projects_index"))
    for _ in range(6):
        project_create()
        ResearchRequestFactory(status=ResearchRequest.Status.ACCEPTED)
    assert queries(staff_client, reverse("projects_index")) == few


def test_the_list_is_paginated(staff_client, world):
    for _ in range(26):
        Project.objects.create(
            request=ResearchRequestFactory(status=ResearchRequest.Status.ACCEPTED),
            title="Another project",
            stage="design",
        )
    response = staff_client.get(reverse("projects_index"))
    assert "Page 1 of 2" in response.text
    assert staff_client.get(reverse("projects_index") + "?p=2").status_code == 200


# Opening a project ----------------------------------------------------------------------


def test_the_check_page_names_the_team_to_be(staff_client, world, accepted):
    response = staff_client.get(reverse("projects_open", args=[accepted.pk]))
    assert response.status_code == 200
    assert "Open a project for Living well with diabetes?" in response.text
    for name in ("Dr Lowri Evans", "Dafydd Rhys", world.other_staff.name):
        assert name in response.text
    assert not Project.objects.filter(request=accepted).exists()


def test_opening_makes_the_project_and_goes_to_it(
    staff_client, world, accepted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("projects_open", args=[accepted.pk]), follow=True)
    project = Project.objects.get(request=accepted)
    assert response.redirect_chain[-1][0] == reverse("projects_project", args=[project.pk])
    assert "Project opened" in response.text
    assert {row.person.email for row in project.team.all()} == {
        "lead.researcher@research.example.ac.uk",
        "dafydd@example.org",
        world.other_staff.email,
    }
    assert len(mail.outbox) == 3
    assert ModelLogEntry.objects.filter(action=project_services.PROJECT_OPENED).count() == 1


@pytest.mark.parametrize("status", ["submitted", "in_review", "declined"])
def test_a_request_not_accepted_cannot_be_opened(staff_client, status):
    research_request = ResearchRequestFactory(status=status)
    address = reverse("projects_open", args=[research_request.pk])
    page = staff_client.get(address)
    assert "Only an accepted request can become a project." in page.text
    assert "Open the project" not in page.text
    response = staff_client.post(address)
    assert response.status_code == 400
    assert "Only an accepted request can become a project." in response.text
    assert response.text.count("<title>Error:") == 1 or "Error:" in response.text
    assert (
        not Project.objects.exists()
        or not Project.objects.filter(request=research_request).exists()
    )


def test_opening_a_request_with_a_project_goes_to_it(staff_client, world):
    response = staff_client.get(reverse("projects_open", args=[world.project.request_id]))
    assert response["Location"] == reverse("projects_project", args=[world.project.pk])


def test_a_draft_request_is_not_found(staff_client):
    draft = ResearchRequestFactory(status=ResearchRequest.Status.DRAFT)
    assert staff_client.get(reverse("projects_open", args=[draft.pk])).status_code == 404
    assert staff_client.post(reverse("projects_open", args=[draft.pk])).status_code == 404
    assert not Project.objects.filter(request=draft).exists()


def test_an_unknown_request_is_not_found(staff_client):
    assert staff_client.get(reverse("projects_open", args=[999999])).status_code == 404


def test_the_request_screen_offers_to_open_a_project_then_to_go_to_it(
    staff_client, world, accepted
):
    review = reverse("opportunities_request_review", args=[accepted.pk])
    assert reverse("projects_open", args=[accepted.pk]) in staff_client.get(review).text
    staff_client.post(reverse("projects_open", args=[accepted.pk]))
    project = Project.objects.get(request=accepted)
    page = staff_client.get(review).text
    assert "Go to the project" in page
    assert reverse("projects_project", args=[project.pk]) in page


def test_the_request_screen_offers_nothing_for_a_request_not_accepted(staff_client):
    research_request = ResearchRequestFactory(status=ResearchRequest.Status.IN_REVIEW)
    page = staff_client.get(reverse("opportunities_request_review", args=[research_request.pk]))
    assert "Open a project" not in page.text


# The project's screen and its team -----------------------------------------------------


def test_the_project_screen_shows_the_team_and_links_to_the_project_page(staff_client, world):
    response = staff_client.get(reverse("projects_project", args=[world.project.pk]))
    assert response.status_code == 200
    for person in (world.researcher, world.staff, world.ana, world.ben):
        assert escape(person.name) in response.text
    assert reverse("projects:project", args=[world.project.pk]) in response.text


def test_the_project_screen_takes_the_same_queries_for_a_small_or_large_team(staff_client, world):
    address = reverse("projects_project", args=[world.project.pk])
    few = queries(staff_client, address)
    TeamMember.objects.bulk_create(
        TeamMember(
            project=world.project,
            person=MemberFactory(),
            role=TeamRole.MEMBER,
            added_by=world.staff,
        )
        for _ in range(20)
    )
    assert queries(staff_client, address) == few


def test_adding_someone_by_email_puts_them_on_the_team_logs_and_emails(
    staff_client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("projects_team_add", args=[world.project.pk]),
            {"email": "CAT@example.org", "role": "member"},
        )
    assert response["Location"] == reverse("projects_project", args=[world.project.pk])
    row = _row(world, world.other_member)
    assert row.role == TeamRole.MEMBER and row.left_at is None
    assert [message.to for message in mail.outbox] == [["cat@example.org"]]
    assert ModelLogEntry.objects.filter(action=project_services.TEAM_MEMBER_ADDED).count() == 1


def test_an_unknown_email_is_refused_and_the_input_kept(staff_client, world):
    response = staff_client.post(
        reverse("projects_team_add", args=[world.project.pk]),
        {"email": "nobody@example.org", "role": "researcher"},
    )
    assert response.status_code == 200
    assert "Nobody has an account with this email address" in response.text
    assert 'value="nobody@example.org"' in response.text
    assert '<option value="researcher" selected>' in response.text
    assert response.text.count("Error:") >= 1
    assert TeamMember.objects.filter(project=world.project).count() == 4


def test_adding_someone_already_on_the_team_says_so(staff_client, world):
    response = staff_client.post(
        reverse("projects_team_add", args=[world.project.pk]),
        {"email": world.ben.email, "role": "member"},
    )
    assert "is already on the team" in response.text


def test_taking_someone_off_asks_first_then_logs(staff_client, world):
    row = _row(world, world.ben)
    address = reverse("projects_team_remove", args=[world.project.pk, row.pk])
    page = staff_client.get(address)
    assert "Take Ben O&#x27;Neill off the team?" in page.text
    row.refresh_from_db()
    assert row.left_at is None

    response = staff_client.post(address)
    assert response["Location"] == reverse("projects_project", args=[world.project.pk])
    row.refresh_from_db()
    assert row.left_at is not None
    assert ModelLogEntry.objects.filter(action=project_services.TEAM_MEMBER_REMOVED).count() == 1
    # Pressed twice: back to the project, saying so.
    again = staff_client.post(address, follow=True)
    assert "no longer on the team" in again.text


def test_a_row_of_another_project_is_not_found(staff_client, world):
    other = project_create()
    row = other.team.first()
    address = reverse("projects_team_remove", args=[world.project.pk, row.pk])
    assert staff_client.get(address).status_code == 404


def test_making_and_unmaking_a_lead(staff_client, world):
    row = _row(world, world.ben)
    address = reverse("projects_team_lead", args=[world.project.pk, row.pk])
    staff_client.post(address, {"is_lead": "1"})
    row.refresh_from_db()
    assert row.is_lead
    staff_client.post(address, {"is_lead": "0"})
    row.refresh_from_db()
    assert not row.is_lead
    assert ModelLogEntry.objects.filter(action=project_services.TEAM_LEAD_CHANGED).count() == 2


def test_a_third_lead_is_refused_with_the_reason(staff_client, world):
    _row(world, world.researcher).__class__.objects.filter(
        pk=_row(world, world.researcher).pk
    ).update(is_lead=True)
    row = _row(world, world.ben)
    response = staff_client.post(
        reverse("projects_team_lead", args=[world.project.pk, row.pk]),
        {"is_lead": "1"},
        follow=True,
    )
    assert "A project has at most two co-production leads." in response.text
    row.refresh_from_db()
    assert not row.is_lead


def test_the_lead_button_takes_only_post(staff_client, world):
    row = _row(world, world.ben)
    address = reverse("projects_team_lead", args=[world.project.pk, row.pk])
    assert staff_client.get(address).status_code == 405


def test_adding_people_who_took_part_since(staff_client, world, django_capture_on_commit_callbacks):
    newcomer = MemberFactory(name="Efa Morgan", email="efa@example.org")
    opportunity = opportunity_create(request=world.project.request)
    ApplicationFactory(member=newcomer, opportunity=opportunity, status=Application.Status.SELECTED)
    address = reverse("projects_team_sync", args=[world.project.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(address, follow=True)
    assert "1 person added to the team" in response.text
    assert _row(world, newcomer).source == "selected"
    assert [message.to for message in mail.outbox] == [["efa@example.org"]]
    assert ModelLogEntry.objects.filter(action=project_services.TEAM_MEMBER_ADDED).count() == 1
    again = staff_client.post(address, follow=True)
    assert "Nobody new has taken part since" in again.text
