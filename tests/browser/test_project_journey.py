"""The co-production record in a real browser (issue 18): staff open a project from an
accepted request; the researcher and two members accept the team agreement (staff on
the team too, so it comes into force); a member proposes a decision, the researcher
records it as a vote and the other member records that they disagree; the researcher
moves the research on a stage and everyone is invited, once, to reflect; the overdue
"you said, we did" reminder is sent, once; the researcher records what changed; the
GRIPP2 report is exported as a web page and a PDF with the impact and the decision log
summarised. Every page on the way is scanned with axe-core (WCAG 2.2 A and AA)."""

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.admin_helpers import admin_scan, sign_in_to_the_admin, staff_with_authenticator


def _sign_in(page, live_server, email):
    from members.factories import DEFAULT_PASSWORD

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/account/$"))


def _world():
    """An accepted request; the opportunity made from it, where Ama and Bo were
    selected and took part seven weeks ago, and nobody has said what changed."""
    from django.utils import timezone

    from involvement.services import involvement_record
    from members.factories import MemberFactory, ResearcherFactory
    from opportunities.factories import (
        ApplicationFactory,
        ResearchRequestFactory,
        opportunity_create,
    )
    from opportunities.models import Application, ResearchRequest
    from opportunities.services.involvement import opportunity_activity_sync

    researcher = ResearcherFactory(email="dr.lee@example.org", name="Dr Lee")
    request = ResearchRequestFactory(
        researcher=researcher,
        status=ResearchRequest.Status.ACCEPTED,
        project_title="Sleep after a stroke",
        research_stage="design",
    )
    opportunity = opportunity_create(request=request, title="Shape our sleep study")
    activity = opportunity_activity_sync(opportunity=opportunity)
    took_part = timezone.localdate() - datetime.timedelta(weeks=7)
    people = []
    for email, name in (("ama@example.org", "Ama Boateng"), ("bo@example.org", "Bo Lindqvist")):
        person = MemberFactory(email=email, name=name)
        ApplicationFactory(
            member=person, opportunity=opportunity, status=Application.Status.SELECTED
        )
        involvement_record(
            member=person, activity=activity, attended=True, started_on=took_part, hours=2, by=None
        )
        people.append(person)
    return researcher, request, people


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_project_from_request_to_gripp2_report(live_server, browser, axe_check, baseline):
    from home.demo_content import demo_pages_create
    from projects.models import (
        AgreementVersion,
        Decision,
        Dissent,
        Project,
        ReflectionInvitation,
        TeamMember,
    )
    from projects.services.impact import impact_reminders_send

    demo_pages_create()
    researcher, request, (ama, bo) = _world()
    staff, secret = staff_with_authenticator()

    # 1. Staff open the project from the accepted request, and make Ama a lead.
    admin = browser.new_page()
    sign_in_to_the_admin(admin, live_server, axe_check, secret)
    admin.goto(live_server.url + "/admin/projects/")
    admin_scan(admin, axe_check)
    admin.get_by_role("link", name=re.compile("Open a project")).first.click()
    expect(admin.get_by_text("Ama Boateng")).to_be_visible()
    expect(admin.get_by_text("Bo Lindqvist")).to_be_visible()
    admin_scan(admin, axe_check)
    admin.get_by_role("button", name="Open the project").click()
    admin_scan(admin, axe_check)
    project = Project.objects.get(request=request)
    assert set(project.team.values_list("person__email", flat=True)) == {
        researcher.email,
        staff.email,
        ama.email,
        bo.email,
    }
    admin.get_by_role("row", name=re.compile("Ama Boateng")).get_by_role(
        "button", name=re.compile("Make a lead")
    ).click()
    admin_scan(admin, axe_check)
    assert TeamMember.objects.get(project=project, person=ama).is_lead
    base = f"{live_server.url}/projects/{project.pk}"
    # Staff are on the team too, so they accept the agreement (with their second factor).
    admin.goto(base + "/agreement/")
    axe_check(admin)
    admin.get_by_role("button", name="I accept this team agreement").click()
    expect(admin.get_by_text("your acceptance is recorded")).to_be_visible()

    # 2. The researcher and both members find the project on their account page and
    # accept the team agreement.
    for person in (researcher, ama, bo):
        page = browser.new_page()
        _sign_in(page, live_server, person.email)
        page.get_by_role("link", name="Sleep after a stroke").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Overview and team")
        axe_check(page)
        page.get_by_role("link", name="Read and accept the team agreement").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Team agreement")
        axe_check(page)
        page.get_by_role("button", name="I accept this team agreement").click()
        expect(page.get_by_text("your acceptance is recorded")).to_be_visible()
        page.close()
    version = AgreementVersion.objects.get(project=project)
    assert version.status == AgreementVersion.Status.IN_FORCE

    # 3. Ama proposes a decision (a mistake first: the page says how to put it right).
    page = browser.new_page()
    _sign_in(page, live_server, ama.email)
    page.goto(base + "/decisions/")
    axe_check(page)
    page.get_by_role("link", name="Propose something for the team to decide").click()
    page.get_by_role("button", name="Propose it").click()
    expect(page).to_have_title(re.compile("^Error:"))
    axe_check(page)
    page.get_by_label("What needs deciding?").fill("Which evenings suit the interviews?")
    page.get_by_label("Options considered (optional)").fill("Tuesdays\nThursdays")
    page.get_by_role("button", name="Propose it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Which evenings suit the interviews?")
    axe_check(page)
    page.close()
    decision = Decision.objects.get()

    # 4. The researcher records it: a vote (the figures show beneath it only).
    lead = browser.new_page()
    _sign_in(lead, live_server, researcher.email)
    lead.goto(f"{base}/decisions/{decision.pk}/")
    lead.get_by_role("link", name="Record the outcome").click()
    expect(lead.get_by_label("Votes for")).to_be_hidden()
    axe_check(lead)
    lead.get_by_label("What was decided").fill("Thursday evenings, 6 to 8pm.")
    lead.get_by_label("By a vote").check()
    expect(lead.get_by_label("Votes for")).to_be_visible()
    lead.get_by_label("Votes for").fill("3")
    lead.get_by_label("Votes against").fill("1")
    lead.get_by_label("Abstained").fill("0")
    for name in ("Dr Lee", "Ama Boateng", "Bo Lindqvist"):
        lead.get_by_label(name).check()
    lead.get_by_role("button", name="Record it").click()
    expect(lead.get_by_text("3 for, 1 against, 0 abstained")).to_be_visible()
    axe_check(lead)

    # 5. Bo records that he disagrees, in his own words.
    page = browser.new_page()
    _sign_in(page, live_server, bo.email)
    page.goto(f"{base}/decisions/{decision.pk}/")
    page.get_by_label("Why do you disagree?").fill("Thursdays clash with my caring.")
    page.get_by_role("button", name="Record that you disagree").click()
    expect(page.locator("#dissents").get_by_text("Thursdays clash with my caring.")).to_be_visible()
    axe_check(page)
    page.close()
    assert Dissent.objects.get().person == bo

    # 6. The researcher moves the research on a stage: everyone is invited, once, to
    # reflect; Ama reflects and checks in.
    mail.outbox.clear()
    lead.goto(base + "/")
    lead.get_by_role("link", name="Change the research stage").click()
    axe_check(lead)
    lead.get_by_label("A funding application").check()
    lead.get_by_role("button", name="Change the stage").click()
    axe_check(lead)
    invitations = ReflectionInvitation.objects.filter(stage_change__project=project)
    assert invitations.count() == 4
    invited = sorted(message.to[0] for message in mail.outbox)
    assert invited == sorted([researcher.email, staff.email, ama.email, bo.email])
    page = browser.new_page()
    _sign_in(page, live_server, ama.email)
    page.goto(base + "/")
    page.get_by_role("link", name=re.compile("Waiting for you: reflect")).click()
    axe_check(page)
    page.get_by_label("What went well?").fill("We were listened to.")
    for statement in (
        "I felt able to speak up",
        "My views were listened to",
        "I understood what was decided and why",
    ):
        page.get_by_role("group", name=statement).get_by_label("4 – Mostly").check()
    page.get_by_role("button", name="Save my reflection and check-in").click()
    axe_check(page)
    assert invitations.get(person=ama).reflection.went_well == "We were listened to."
    page.close()

    # 7. Seven weeks after the members took part, nobody has told them what changed:
    # the researcher (and staff on the team) are reminded, once.
    mail.outbox.clear()
    impact_reminders_send()
    impact_reminders_send()
    reminded = sorted(message.to[0] for message in mail.outbox)
    assert reminded == sorted([researcher.email, staff.email])
    assert all("Tell the members what changed" in message.subject for message in mail.outbox)

    # 8. The researcher records what changed; the two members are emailed it.
    mail.outbox.clear()
    lead.goto(base + "/impact/")
    expect(lead.get_by_text("Members are waiting to hear what changed")).to_be_visible()
    axe_check(lead)
    lead.get_by_label("Which activity was it?").select_option(label="Shape our sleep study")
    lead.get_by_label("What changed because of the members' input?").fill(
        "We added evening interviews, as members asked."
    )
    lead.get_by_label("On the research", exact=True).check()
    lead.get_by_role("button", name="Record and tell the members").click()
    expect(lead.get_by_text("We added evening interviews, as members asked.")).to_be_visible()
    axe_check(lead)
    assert sorted(message.to[0] for message in mail.outbox) == sorted([ama.email, bo.email])

    # 9. The GRIPP2 report, exported as a web page and as a PDF.
    lead.goto(base + "/report/")
    axe_check(lead)
    with lead.expect_download() as download:
        lead.get_by_role("link", name="Download as a web page").click()
    with open(download.value.path(), encoding="utf-8") as exported:
        report = exported.read()
    assert "GRIPP2" in report
    assert "We added evening interviews, as members asked." in report
    assert "Which evenings suit the interviews?" in report
    assert "Thursday evenings, 6 to 8pm." in report
    assert "We were listened to." not in report  # private reflections never
    with lead.expect_download() as download:
        lead.get_by_role("link", name="Download as a PDF").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    lead.get_by_role("link", name="Edit the report").click()
    axe_check(lead)

    # 10. Between meetings: the researcher's progress update reaches the members'
    # accounts ("What happened next"); the rest of the project's pages pass axe too.
    lead.goto(base + "/conversation/")
    axe_check(lead)
    lead.get_by_label("Your message").fill("Thank you all for Thursday.")
    lead.get_by_role("button", name="Post message").click()
    expect(lead.get_by_text("Thank you all for Thursday.")).to_be_visible()
    lead.get_by_role("link", name="Post a progress update").first.click()
    axe_check(lead)
    lead.get_by_label("What happened next").fill("The funder liked our evening interviews.")
    lead.get_by_role("button", name="Post the update").click()
    for address in ("/now/", "/settings/", "/check-ins/", "/confidence/", "/reflections/"):
        lead.goto(base + address)
        axe_check(lead)
    page = browser.new_page()
    _sign_in(page, live_server, bo.email)
    expect(page.get_by_text("The funder liked our evening interviews.")).to_be_visible()
    axe_check(page)
    page.goto(base + "/settings/")
    page.get_by_role("radio", name="Yes, name me").check()
    page.get_by_label(re.compile("The name to credit you by")).fill("Bo L.")
    page.get_by_role("button", name="Save your choices").click()
    axe_check(page)
    assert TeamMember.objects.get(project=project, person=bo).credit_as == "Bo L."
    page.goto(base + "/confidence/")
    axe_check(page)
    admin.goto(live_server.url + "/admin/projects/summary/")
    admin_scan(admin, axe_check)
