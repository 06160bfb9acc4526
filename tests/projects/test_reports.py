"""A project's GRIPP2 short-form report: drafted from the record, edited by those who
steer the project, read by the team and staff, downloaded as a web page or a PDF."""

import datetime

import pytest
from django.utils import timezone

from home.pdf import pdf_available
from involvement.models import Activity, Involvement
from involvement.services import impact_add
from members.demo_content import demo_groups_create
from members.factories import MemberFactory
from opportunities.factories import comment_round_create
from projects.factories import project_create
from projects.models import (
    AgreementVersion,
    CheckIn,
    Decision,
    Dissent,
    GrippReport,
    Reflection,
    ReflectionInvitation,
    StageChange,
    TeamMember,
)
from projects.services.reports import gripp_draft

pytestmark = pytest.mark.django_db


def url(project, name=""):
    return f"/projects/{project.pk}/report/{name}"


@pytest.fixture
def recorded(world):
    """The world's project with a record: an activity with impact, decisions (one with
    dissent), a stage change with a private reflection, Ana named and Ben not."""
    project = world.project
    group = demo_groups_create()[0]
    activity = Activity.objects.create(kind=Activity.Kind.COMMENT_ROUND, title="Leaflet round")
    comment_round_create(group=group, request=project.request, activity=activity)
    Involvement.objects.bulk_create(
        [
            Involvement(
                member=m,
                activity=activity,
                attended=True,
                started_on=timezone.localdate() - datetime.timedelta(days=3),
                hours=2,
            )
            for m in [world.ana, world.ben]
        ]
    )
    impact_add(
        activity=activity,
        what_changed="We rewrote the consent form in plain English.",
        by=world.researcher,
        kind="research",
        research_stage="design",
    )
    consensus = Decision.objects.create(
        project=project,
        title="Where to recruit",
        status=Decision.Status.DECIDED,
        how_agreed=Decision.HowAgreed.CONSENSUS,
        outcome="In community centres as well as clinics.",
        decided_at=timezone.now(),
    )
    vote = Decision.objects.create(
        project=project,
        title="Interview length",
        status=Decision.Status.DECIDED,
        how_agreed=Decision.HowAgreed.VOTE,
        outcome="No longer than 45 minutes.",
        decided_at=timezone.now(),
    )
    Dissent.objects.create(decision=vote, person=world.ben, reason="Too long for some.")
    Decision.objects.create(project=project, title="Still open")
    assert consensus
    TeamMember.objects.filter(project=project, person=world.ana).update(
        named_in_reports=True, credit_as="Ana S."
    )
    change = StageChange.objects.create(
        project=project, from_stage="design", to_stage="delivery", by=world.researcher
    )
    invitation = ReflectionInvitation.objects.create(stage_change=change, person=world.ben)
    Reflection.objects.create(invitation=invitation, went_well="My private secret thought")
    CheckIn.objects.create(invitation=invitation, speak_up=5, listened_to=4, understood=3)
    version = AgreementVersion.objects.filter(project=project).first()
    version.status = AgreementVersion.Status.IN_FORCE
    version.in_force_at = timezone.now()
    version.save()
    return world


# --- The draft -----------------------------------------------------------------------


def test_the_draft_is_assembled_from_the_record(recorded):
    draft = gripp_draft(project=recorded.project)
    assert set(draft) == {"aim", "methods", "results", "discussion", "reflections"}
    assert recorded.project.request.summary.strip()[:40] in draft["aim"]
    methods = draft["methods"]
    assert "2 public contributors, 1 researcher and 1 person from the involvement team" in methods
    assert "2 people took part in 0 group meetings, 1 written comment round" in methods
    assert "4 hours of involvement" in methods
    assert "designing the research, doing the research" in methods
    assert "version 1" in methods
    assert "2 decisions, 1 by consensus, 1 by a vote and 0 by the researcher" in methods
    assert "Dissent was recorded on 1 of them" in methods
    assert (
        "We rewrote the consent form in plain English. (Designing the research)"
        in (draft["results"])
    )
    assert "On the research" in draft["results"]
    assert "Where to recruit: In community centres as well as clinics." in draft["discussion"]
    assert "Still open" not in draft["discussion"]
    reflections = draft["reflections"]
    assert "Doing the research: 1" in reflections
    assert "My private secret thought" not in reflections
    # One check-in is fewer than the threshold: no figures at all.
    assert "No check-in figures are shown" in reflections


def test_check_in_figures_appear_suppressed_once_enough_answered(world, settings):
    settings.EQUALITY_SUPPRESSION_THRESHOLD = 5
    change = StageChange.objects.create(project=world.project, to_stage="delivery")

    def check_in(**answers):
        # Each answer is someone on the team (the team must be at least the threshold).
        person = MemberFactory()
        TeamMember.objects.create(project=world.project, person=person, role="member")
        invitation = ReflectionInvitation.objects.create(stage_change=change, person=person)
        CheckIn.objects.create(invitation=invitation, **answers)

    for _n in range(10):
        check_in(speak_up=5, listened_to=4, understood=3)
    reflections = gripp_draft(project=world.project)["reflections"]
    assert "Check-ins (10 answers)" in reflections
    assert "I felt able to speak up: 10 agreed, 0 neither, 0 disagreed" in reflections
    assert "I understood what was decided and why: 0 agreed, 10 neither" in reflections
    check_in(speak_up=1, listened_to=4, understood=3)
    reflections = gripp_draft(project=world.project)["reflections"]
    assert "fewer than 5" in reflections  # the one disagreement is not given away
    assert "1 disagreed" not in reflections


# --- Who sees the report -------------------------------------------------------------


def test_the_team_sees_the_draft_with_credits_impact_and_decisions(client, recorded):
    client.force_login(recorded.ben)
    page = client.get(url(recorded.project)).content.decode()
    assert "This is a draft" in page
    assert "1. Aim" in page and "5. Reflections and critical perspective" in page
    assert "Ana S. and 1 other public contributor" in page
    assert "Ben O&#x27;Neill" not in page.split("Contributors", 1)[1]
    assert "We rewrote the consent form in plain English." in page
    assert "2 decisions: 1 by consensus" in page
    assert "Download as a web page" in page and "Download as a PDF" in page
    assert "Edit the report" not in page
    assert "My private secret thought" not in page


def test_members_may_read_but_not_edit(client, recorded):
    client.force_login(recorded.ben)
    assert client.get(url(recorded.project, "edit/")).status_code == 403
    assert client.post(url(recorded.project, "edit/"), {"aim": "Mine"}).status_code == 403
    assert not GrippReport.objects.exists()


@pytest.mark.parametrize("name", ["", "edit/", "export.html"])
def test_people_not_on_the_team_get_not_found(client, world, admin_login, name):
    for outsider in [world.other_member, world.other_researcher, world.other_staff]:
        client.force_login(outsider)  # staff without the second factor too
        assert client.get(url(world.project, name)).status_code == 404
        assert client.get(f"/projects/{world.project.pk}/report.pdf").status_code == 404
    assert admin_login(world.other_staff).get(url(world.project, name)).status_code == 200


# --- Editing -------------------------------------------------------------------------


def sections(**changes):
    values = {
        "aim": "Our aim.",
        "methods": "Our methods.",
        "results": "Our results.",
        "discussion": "Our discussion.",
        "reflections": "Our reflections.",
    }
    return {**values, **changes}


def test_the_researcher_edits_and_saves_the_report(client, recorded):
    client.force_login(recorded.researcher)
    page = client.get(url(recorded.project, "edit/")).content.decode()
    assert "We rewrote the consent form in plain English." in page  # prefilled from the draft
    assert "Start again from the record" in page
    response = client.post(url(recorded.project, "edit/"), {**sections(), "action": "save"})
    assert response.status_code == 302
    report = GrippReport.objects.get(project=recorded.project)
    assert (report.aim, report.reflections, report.updated_by) == (
        "Our aim.",
        "Our reflections.",
        recorded.researcher,
    )
    page = client.get(url(recorded.project)).content.decode()
    assert "Our discussion." in page and "This is a draft" not in page
    assert "Last saved by Dr Rhiannon Jones" in page
    # The saved text is what the edit page starts from next time.
    assert "Our methods." in client.get(url(recorded.project, "edit/")).content.decode()


def test_an_empty_section_is_refused_and_the_rest_kept(client, recorded):
    client.force_login(recorded.ana)  # a lead
    response = client.post(url(recorded.project, "edit/"), sections(aim="", results="Kept me"))
    page = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in page
    assert "Write the aim, or start again from the record" in page and "Kept me" in page
    assert not GrippReport.objects.exists()


def test_start_again_from_the_record_redrafts_without_saving(client, recorded):
    client.force_login(recorded.researcher)
    client.post(url(recorded.project, "edit/"), sections())
    response = client.post(url(recorded.project, "edit/"), {**sections(), "action": "redraft"})
    page = response.content.decode()
    assert "We rewrote the consent form in plain English." in page
    assert GrippReport.objects.get().results == "Our results."  # nothing saved yet


# --- Exports -------------------------------------------------------------------------


def test_the_web_page_export_is_a_standalone_attachment(client, recorded):
    client.force_login(recorded.ben)
    response = client.get(url(recorded.project, "export.html"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en-GB">' in html
    for fetches in ["<link", "<script", "src=", "@import"]:
        assert fetches not in html
    for part in [
        "1. Aim",
        "2. Methods",
        "3. Results",
        "4. Discussion and conclusions",
        "5. Reflections and critical perspective",
        "Ana S. and 1 other public contributor",
        "We rewrote the consent form in plain English.",
        "Where to recruit",
        "2 decisions: 1 by consensus, 1 by a vote",
    ]:
        assert part in html, part
    assert "My private secret thought" not in html


def test_the_pdf_downloads_or_says_why_not(client, recorded):
    client.force_login(recorded.researcher)
    response = client.get(f"/projects/{recorded.project.pk}/report.pdf")
    if pdf_available():
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response.content.startswith(b"%PDF")
    else:
        assert response.status_code == 503
        assert "A PDF cannot be made at the moment" in response.content.decode()


def test_the_report_page_reads_a_fixed_number_of_queries(client, recorded):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(recorded.project)).status_code == 200
        return len(captured)

    client.force_login(recorded.researcher)
    queries()
    few = queries()
    for n in range(5):
        Decision.objects.create(
            project=recorded.project,
            title=f"Decision {n}",
            status=Decision.Status.DECIDED,
            how_agreed=Decision.HowAgreed.RESEARCHER,
            outcome="Done",
            decided_at=timezone.now(),
        )
    other = project_create()
    assert other.pk != recorded.project.pk
    assert queries() == few
