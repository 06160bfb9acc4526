"""The team agreement and the decision log in a real browser (issue 18, area C): the
researcher and two members accept the team agreement (staff on the team too, so it
comes into force); a member proposes a decision; the researcher records it as a vote
(the figures appear beneath "By a vote" only); the other member records that they
disagree. Every page on the way is scanned with axe-core (WCAG 2.2 A and AA)."""

import re

import pytest
from playwright.sync_api import expect


def _sign_in(page, live_server, email):
    from members.factories import DEFAULT_PASSWORD

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/account/$"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_team_accepts_its_agreement_and_records_a_decision_with_dissent(
    live_server, browser, axe_check, baseline
):
    from home.demo_content import demo_pages_create
    from members.factories import MemberFactory, ResearcherFactory, StaffFactory
    from projects.factories import project_create
    from projects.models import AgreementAcceptance, AgreementVersion, Decision, Dissent
    from projects.services.agreement import agreement_accept

    demo_pages_create()
    researcher = ResearcherFactory(email="dr.lee@example.org", name="Dr Lee")
    ama = MemberFactory(email="ama@example.org", name="Ama Boateng")
    bo = MemberFactory(email="bo@example.org", name="Bo Lindqvist")
    staff = StaffFactory(email="officer@example.org", name="Officer Jo")
    project = project_create(
        researcher=researcher, staff=staff, members=[ama, bo], project_title="Sleep study"
    )
    version = AgreementVersion.objects.get(project=project)
    agreement_accept(version=version, person=staff)
    base = f"{live_server.url}/projects/{project.pk}"

    # 1. The researcher and both members accept the team agreement.
    for person in (researcher, ama, bo):
        page = browser.new_page()
        _sign_in(page, live_server, person.email)
        page.goto(base + "/")
        axe_check(page)
        page.get_by_role("link", name="Read and accept the team agreement").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Team agreement")
        axe_check(page)
        page.get_by_role("button", name="I accept this team agreement").click()
        expect(page.get_by_text("your acceptance is recorded")).to_be_visible()
        page.close()
    version.refresh_from_db()
    assert version.status == AgreementVersion.Status.IN_FORCE
    assert AgreementAcceptance.objects.filter(version=version).count() == 4

    # 2. Ama proposes a decision.
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

    # 3. The researcher records it: a vote (the figures show beneath it only).
    page = browser.new_page()
    _sign_in(page, live_server, researcher.email)
    page.goto(f"{base}/decisions/{decision.pk}/")
    page.get_by_role("link", name="Record the outcome").click()
    expect(page.get_by_label("Votes for")).to_be_hidden()
    axe_check(page)
    page.get_by_label("What was decided").fill("Thursday evenings, 6 to 8pm.")
    page.get_by_label("By a vote").check()
    expect(page.get_by_label("Votes for")).to_be_visible()
    page.get_by_label("Votes for").fill("3")
    page.get_by_label("Votes against").fill("1")
    page.get_by_label("Abstained").fill("0")
    page.get_by_role("button", name="Record it").click()
    expect(page).to_have_title(re.compile("^Error:"))  # nobody chosen as taking part
    axe_check(page)
    for name in ("Dr Lee", "Ama Boateng", "Bo Lindqvist"):
        page.get_by_label(name).check()
    page.get_by_role("button", name="Record it").click()
    expect(page.get_by_text("3 for, 1 against, 0 abstained")).to_be_visible()
    axe_check(page)
    page.close()

    # 4. Bo records that he disagrees, in his own words.
    page = browser.new_page()
    _sign_in(page, live_server, bo.email)
    page.goto(f"{base}/decisions/{decision.pk}/")
    page.get_by_label("Why do you disagree?").fill("Thursdays clash with my caring.")
    page.get_by_role("button", name="Record that you disagree").click()
    expect(page.locator("#dissents").get_by_text("Thursdays clash with my caring.")).to_be_visible()
    axe_check(page)
    page.goto(base + "/decisions/")
    expect(page.get_by_text("Someone recorded that they disagree")).to_be_visible()
    axe_check(page)
    assert Dissent.objects.get().person == bo
