"""The team agreement: accepted by everyone on the team (researchers too), changes
proposed and agreed, each acceptance recorded; who sees and does what."""

import pytest
from django.core import mail
from django.urls import reverse

from members.factories import MemberFactory
from projects.models import AgreementAcceptance, AgreementVersion, TeamMember, TeamRole
from projects.services.agreement import (
    AgreementError,
    agreement_accept,
    agreement_check_in_force,
    agreement_propose,
)
from projects.services.projects import team_member_add, team_member_remove

pytestmark = pytest.mark.django_db


def url(project, name="projects:agreement"):
    return reverse(name, kwargs={"project_id": project.pk})


def first(world) -> AgreementVersion:
    return AgreementVersion.objects.get(project=world.project, number=1)


def team(world):
    return [world.researcher, world.staff, world.ana, world.ben]


def everyone_accepts(world, version=None):
    version = version or first(world)
    for person in team(world):
        agreement_accept(version=version, person=person)
    version.refresh_from_db()
    return version


# Accepting -----------------------------------------------------------------------------


def test_the_first_draft_comes_into_force_when_everyone_has_accepted_researchers_too(world):
    version = first(world)
    for person in (world.staff, world.ana, world.ben):
        agreement_accept(version=version, person=person)
    version.refresh_from_db()
    assert version.status == AgreementVersion.Status.PROPOSED  # the researcher has not
    agreement_accept(version=version, person=world.researcher)
    version.refresh_from_db()
    assert version.status == AgreementVersion.Status.IN_FORCE
    assert version.in_force_at is not None


def test_accepting_twice_records_it_once(world):
    agreement_accept(version=first(world), person=world.ana)
    agreement_accept(version=first(world), person=world.ana)
    assert AgreementAcceptance.objects.filter(person=world.ana).count() == 1


def test_only_the_team_accepts(world):
    with pytest.raises(AgreementError):
        agreement_accept(version=first(world), person=world.other_member)
    assert not AgreementAcceptance.objects.exists()


def test_a_withdrawn_version_cannot_be_accepted(world):
    agreement_propose(
        project=world.project, person=world.ana, rules=["Be kind"], change_note="Shorter"
    )
    with pytest.raises(AgreementError):
        agreement_accept(version=first(world), person=world.ben)


def test_someone_leaving_counts_no_longer_and_the_version_comes_into_force(world):
    version = first(world)
    for person in (world.researcher, world.staff, world.ana):
        agreement_accept(version=version, person=person)
    row = TeamMember.objects.get(project=world.project, person=world.ben)
    team_member_remove(row=row, by=world.staff)
    version.refresh_from_db()
    assert version.status == AgreementVersion.Status.IN_FORCE


def test_the_check_can_be_called_when_nothing_is_proposed(world):
    everyone_accepts(world)
    assert agreement_check_in_force(project=world.project) is None


def test_someone_who_joins_later_keeps_the_agreement_in_force_and_is_asked(client, world):
    version = everyone_accepts(world)
    newcomer = MemberFactory(name="Dev Patel")
    team_member_add(project=world.project, person=newcomer, role=TeamRole.MEMBER, by=world.staff)
    version.refresh_from_db()
    assert version.status == AgreementVersion.Status.IN_FORCE
    client.force_login(newcomer)
    page = client.get(url(world.project)).text
    assert "You have not accepted this agreement yet" in page
    assert (
        "Read and accept the team agreement"
        in client.get(url(world.project, "projects:project")).text
    )
    response = client.post(url(world.project), {"action": "accept", "version": version.pk})
    assert response.status_code == 302
    assert AgreementAcceptance.objects.filter(version=version, person=newcomer).exists()
    version.refresh_from_db()
    assert version.status == AgreementVersion.Status.IN_FORCE
    assert "You have not accepted this agreement yet" not in client.get(url(world.project)).text


# Proposing a change ----------------------------------------------------------------------


def test_a_proposal_withdraws_the_earlier_one_counts_on_and_tells_the_rest_once(
    world, django_capture_on_commit_callbacks
):
    in_force = everyone_accepts(world)
    with django_capture_on_commit_callbacks(execute=True):
        second = agreement_propose(
            project=world.project, person=world.ben, rules=["One"], change_note="Why"
        )
    with django_capture_on_commit_callbacks(execute=True):
        third = agreement_propose(
            project=world.project, person=world.ana, rules=["Two"], change_note="Why not"
        )
    second.refresh_from_db()
    in_force.refresh_from_db()
    assert (second.number, third.number) == (2, 3)
    assert second.status == AgreementVersion.Status.WITHDRAWN
    assert in_force.status == AgreementVersion.Status.IN_FORCE
    assert third.status == AgreementVersion.Status.PROPOSED
    assert AgreementAcceptance.objects.filter(version=third, person=world.ana).exists()
    to_third = [m.to[0] for m in mail.outbox[3:]]
    assert sorted(to_third) == sorted([world.researcher.email, world.staff.email, world.ben.email])
    assert "Two" not in mail.outbox[-1].body  # the rules stay on the site
    assert url(world.project) in mail.outbox[-1].body


def test_a_change_agreed_by_everyone_replaces_the_version_in_force(world):
    in_force = everyone_accepts(world)
    change = agreement_propose(
        project=world.project, person=world.ana, rules=["New"], change_note="Why"
    )
    for person in (world.researcher, world.staff, world.ben):
        agreement_accept(version=change, person=person)
    change.refresh_from_db()
    in_force.refresh_from_db()
    assert change.status == AgreementVersion.Status.IN_FORCE
    assert in_force.status == AgreementVersion.Status.REPLACED


def test_the_propose_journey_shows_the_change_before_sending(client, world):
    everyone_accepts(world)
    client.force_login(world.ben)
    address = url(world.project, "projects:agreement_propose")
    form = client.get(address)
    assert "We listen, and we make room for everyone to speak" in form.text  # prefilled
    rules = "We listen to each other.\nWe start on time."
    check = client.post(address, {"rules": rules, "change_note": "Shorter", "action": "check"})
    assert check.status_code == 200
    assert "Check your change before sending it" in check.text
    assert "We start on time." in check.text
    assert AgreementVersion.objects.count() == 1  # nothing sent yet
    back = client.post(address, {"rules": rules, "change_note": "Shorter", "action": "change"})
    assert "We start on time." in back.text and "Shorter" in back.text
    sent = client.post(address, {"rules": rules, "change_note": "Shorter", "action": "send"})
    assert sent.status_code == 302
    version = AgreementVersion.objects.get(number=2)
    assert version.rules == ["We listen to each other.", "We start on time."]
    assert version.proposed_by == world.ben


@pytest.mark.parametrize(
    ("rules", "note", "message"),
    [
        ("\n  \n", "Why", "Enter at least one rule"),
        ("\n".join(f"Rule {n}" for n in range(31)), "Why", "Enter 30 rules or fewer"),
        ("x" * 401, "Why", "Keep each rule to 400 characters or fewer"),
        ("A rule", "", "Say what changed and why"),
    ],
)
def test_a_proposal_is_refused_with_a_reason_and_keeps_the_input(
    client, world, rules, note, message
):
    client.force_login(world.ana)
    response = client.post(
        url(world.project, "projects:agreement_propose"),
        {"rules": rules, "change_note": note, "action": "check"},
    )
    assert response.status_code == 200
    assert "<title>Error:" in response.text
    assert message in response.text
    assert AgreementVersion.objects.count() == 1


# The page and who sees what ---------------------------------------------------------------


def test_the_page_names_who_has_accepted_and_who_has_not(client, world):
    agreement_accept(version=first(world), person=world.ana)
    client.force_login(world.ben)
    page = client.get(url(world.project)).text
    accepted = page.split('id="proposed-accepted">')[1].split("</dd>")[0]
    waiting = page.split('id="proposed-waiting">')[1].split("</dd>")[0]
    assert "Ana Silva" in accepted
    for name in ("Dr Rhiannon Jones", "Tomasz Wiśniewski", "Ben O&#x27;Neill"):
        assert name in waiting
    assert "I accept this team agreement" in page


def test_the_page_shows_the_version_in_force_with_its_date(client, world):
    everyone_accepts(world)
    client.force_login(world.ben)
    page = client.get(url(world.project)).text
    assert "In force: version 1" in page
    assert "Agreed by everyone on the team on" in page
    assert "I accept this team agreement" not in page


def test_the_overview_says_what_is_waiting_until_accepted(client, world):
    client.force_login(world.ben)
    overview = url(world.project, "projects:project")
    assert "Read and accept the team agreement" in client.get(overview).text
    client.post(url(world.project), {"action": "accept", "version": first(world).pk})
    assert "Read and accept the team agreement" not in client.get(overview).text


@pytest.mark.parametrize("who", ["other_member", "other_researcher", "other_staff"])
def test_people_off_the_team_are_told_nothing(client, world, who):
    client.force_login(getattr(world, who))
    for name in ("projects:agreement", "projects:agreement_propose"):
        assert client.get(url(world.project, name)).status_code == 404
    response = client.post(url(world.project), {"action": "accept", "version": first(world).pk})
    assert response.status_code == 404


def test_staff_off_the_team_read_it_with_the_second_factor_but_neither_accept_nor_propose(
    client, world, admin_login
):
    admin_login(world.other_staff)
    page = client.get(url(world.project))
    assert page.status_code == 200
    assert "I accept this team agreement" not in page.text
    assert client.get(url(world.project, "projects:agreement_propose")).status_code == 403
    response = client.post(url(world.project), {"action": "accept", "version": first(world).pk})
    assert response.status_code == 403
    assert not AgreementAcceptance.objects.exists()


def test_staff_on_the_team_accept_without_the_second_factor(client, world):
    client.force_login(world.staff)
    client.post(url(world.project), {"action": "accept", "version": first(world).pk})
    assert AgreementAcceptance.objects.filter(person=world.staff).exists()


def test_the_side_navigation_links_to_the_agreement_and_the_decisions(client, world):
    client.force_login(world.ana)
    page = client.get(url(world.project, "projects:project")).text
    assert url(world.project) in page
    assert url(world.project, "projects:decisions") in page
