"""What the people selected need to take part, in one place (issue 14, item 14): staff
see everyone selected; the researcher only those who agreed to share their access
needs for this role (its own consent, not the name one); every look is logged, without
the needs themselves."""

import pytest
from wagtail.models import ModelLogEntry

from members.factories import MemberFactory, ResearcherFactory
from members.models import MemberProfile
from members.services.member_record import ACCESS_NEEDS_VIEWED, ACCESS_SHARING_CHANGED
from opportunities.factories import ResearchRequestFactory, opportunity_create
from opportunities.models import Application
from opportunities.services.applications import application_submit
from opportunities.services.selection import application_decide

pytestmark = pytest.mark.django_db

HEALTH = "I have epilepsy: no flashing slides, please."


@pytest.fixture
def world(staff, researcher):
    """An opportunity from the researcher's request, with two people selected: Aisha
    agreed to share her access needs (not her name), Bartosz agreed to neither; and one
    applicant not selected."""
    research_request = ResearchRequestFactory(researcher=researcher, status="accepted")
    opportunity = opportunity_create(title="Diabetes leaflet", request=research_request, places=3)
    aisha = MemberFactory(email="aisha@example.org", name="Aisha Rahman")
    MemberProfile.objects.create(
        user=aisha, access_step_free=True, format_large_print=True, access_needs=HEALTH
    )
    bartosz = MemberFactory(email="bartosz@example.org", name="Bartosz Nowak")
    MemberProfile.objects.create(user=bartosz, format_easy_read=True, access_breaks=True)
    waiting = MemberFactory(email="waiting@example.org", name="Wendy Waiting")
    MemberProfile.objects.create(user=waiting, access_bsl=True)
    applications = {
        "aisha": application_submit(
            member=aisha,
            opportunity=opportunity,
            statement="Keen",
            access_needs="A seat near the door",
            share_access_needs=True,
        ),
        "bartosz": application_submit(
            member=bartosz,
            opportunity=opportunity,
            statement="Keen",
            access_needs="Papers a week ahead",
            share_name=True,
        ),
        "waiting": application_submit(member=waiting, opportunity=opportunity, statement="Keen"),
    }
    for key in ("aisha", "bartosz"):
        application_decide(application=applications[key], status="selected", message="", by=staff)
    return research_request, opportunity, applications


def test_staff_see_what_everyone_selected_needs_and_the_look_is_logged(admin_login, staff, world):
    _request, opportunity, applications = world
    staff_client = admin_login(staff)
    page = staff_client.get(f"/admin/shortlists/{opportunity.pk}/access/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Aisha Rahman" in html and "Bartosz Nowak" in html
    assert "Step-free access" in html and "Large print" in html and "Easy read" in html
    assert "no flashing slides" in html and "A seat near the door" in html
    assert "Papers a week ahead" in html and "Regular breaks" in html
    assert "Wendy Waiting" not in html and "British Sign Language" not in html  # not selected
    entries = ModelLogEntry.objects.filter(action=ACCESS_NEEDS_VIEWED)
    assert {int(e.object_id) for e in entries} == {
        applications["aisha"].member_id,
        applications["bartosz"].member_id,
    }
    assert all(e.user_id == staff.pk for e in entries)
    # Where and who, never what: no health data in the log.
    for entry in entries:
        assert "epilepsy" not in str(entry.data) and "seat" not in str(entry.data)
    # The shortlist links to it once people are selected.
    shortlist = staff_client.get(f"/admin/shortlists/{opportunity.pk}/").content.decode()
    assert f"/admin/shortlists/{opportunity.pk}/access/" in shortlist


def test_the_researcher_sees_only_those_who_agreed_to_share_their_access_needs(
    client, researcher, world
):
    research_request, opportunity, applications = world
    client.force_login(researcher)
    detail = client.get(f"/requests/{research_request.pk}/").content.decode()
    url = f"/requests/{research_request.pk}/access/{opportunity.pk}/"
    assert url in detail
    html = client.get(url).content.decode()
    # Aisha agreed to share her access needs but not her name.
    assert "no flashing slides" in html and "A seat near the door" in html
    assert "Large print" in html and "Step-free access" in html
    assert "Aisha" not in html and "Member 1 (name not shared)" in html
    # Bartosz agreed to share his name only: his access needs stay with the team.
    assert "Papers a week ahead" not in html and "Easy read" not in html
    assert "Regular breaks" not in html
    entries = ModelLogEntry.objects.filter(action=ACCESS_NEEDS_VIEWED)
    assert [(int(e.object_id), e.user_id) for e in entries] == [
        (applications["aisha"].member_id, researcher.pk)
    ]


def test_nobody_who_agreed_says_so_to_the_researcher(client, researcher, world):
    research_request, opportunity, applications = world
    Application.objects.filter(pk=applications["aisha"].pk).update(share_access_needs=False)
    client.force_login(researcher)
    html = client.get(f"/requests/{research_request.pk}/access/{opportunity.pk}/").content.decode()
    assert "None of the people selected has agreed to share their access needs" in html
    assert "no flashing slides" not in html
    assert not ModelLogEntry.objects.filter(action=ACCESS_NEEDS_VIEWED).exists()


def test_another_researcher_and_members_are_refused(client, member, world):
    research_request, opportunity, _applications = world
    url = f"/requests/{research_request.pk}/access/{opportunity.pk}/"
    client.force_login(ResearcherFactory(email="not.on.this@example.org"))
    assert client.get(url).status_code == 404  # not their request: not even a hint
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(MemberFactory(email="aisha.too@example.org"))
    assert client.get(url).status_code == 403
    client.logout()
    assert "/accounts/login/" in client.get(url)["Location"]
    assert not ModelLogEntry.objects.filter(action=ACCESS_NEEDS_VIEWED).exists()


def test_a_researcher_cannot_reach_another_opportunity_through_their_request(
    client, researcher, world
):
    research_request, _opportunity, _applications = world
    other = opportunity_create(title="Someone else's study")
    client.force_login(researcher)
    assert client.get(f"/requests/{research_request.pk}/access/{other.pk}/").status_code == 404


def test_staff_without_the_selection_permission_are_refused(admin_login, world):
    from members.factories import UserFactory

    _request, opportunity, _applications = world
    bare = UserFactory(email="bare@example.org", is_staff=True)
    response = admin_login(bare).get(f"/admin/shortlists/{opportunity.pk}/access/")
    assert response.status_code in (302, 403)
    assert not ModelLogEntry.objects.filter(action=ACCESS_NEEDS_VIEWED).exists()


def test_the_consent_is_asked_for_on_its_own_and_kept(client, member):
    opportunity = opportunity_create()
    client.force_login(member)
    form = client.get(f"/apply/{opportunity.pk}/").content.decode()
    assert "Share my access needs with the researcher for this role" in form
    assert "Share my name with the researcher" in form
    client.post(
        f"/apply/{opportunity.pk}/",
        {"statement": "Keen", "access_needs": "Breaks", "share_access_needs": "on"},
    )
    check = client.get(f"/apply/{opportunity.pk}/check/").content.decode()
    assert "Share my access needs with the researcher for this role" in check
    client.post(f"/apply/{opportunity.pk}/check/")
    application = Application.objects.get()
    assert application.share_access_needs and not application.share_name


def test_a_member_takes_back_or_gives_the_consent_on_their_application(client, researcher, world):
    research_request, opportunity, applications = world
    aisha = applications["aisha"]
    client.force_login(aisha.member)
    assert (
        "Stop sharing my access needs with the researcher"
        in client.get(f"/applications/{aisha.pk}/").content.decode()
    )
    response = client.post(
        f"/applications/{aisha.pk}/access-sharing/", {"share": "no"}, follow=True
    )
    assert "The researcher can no longer see your access needs" in response.content.decode()
    aisha.refresh_from_db()
    assert not aisha.share_access_needs
    client.force_login(researcher)
    html = client.get(f"/requests/{research_request.pk}/access/{opportunity.pk}/").content.decode()
    assert "no flashing slides" not in html
    client.force_login(aisha.member)
    client.post(f"/applications/{aisha.pk}/access-sharing/", {"share": "yes"})
    aisha.refresh_from_db()
    assert aisha.share_access_needs
    # Each change of a consent to share health data is in the person's history: given
    # when they applied, taken back, given again; with the role, never the needs.
    history = ModelLogEntry.objects.filter(
        object_id=str(aisha.member.pk), action=ACCESS_SHARING_CHANGED
    ).order_by("pk")
    assert [entry.data["shared"] for entry in history] == [True, False, True]
    assert {entry.data["where"] for entry in history} == {opportunity.title}
    assert all(entry.user_id == aisha.member.pk for entry in history)
    assert "flashing" not in str([entry.data for entry in history])


def test_nobody_changes_another_members_consent(client, researcher, staff, world):
    _request, _opportunity, applications = world
    bartosz = applications["bartosz"]
    for person in (applications["aisha"].member, researcher, staff):
        client.force_login(person)
        response = client.post(f"/applications/{bartosz.pk}/access-sharing/", {"share": "yes"})
        assert response.status_code == 404
    assert client.get(f"/applications/{bartosz.pk}/access-sharing/").status_code == 405
    bartosz.refresh_from_db()
    assert not bartosz.share_access_needs


def test_the_researcher_cannot_tell_an_unnamed_persons_name_from_the_order(
    client, researcher, staff, world
):
    """Rows in name order would place an unnamed person among the named ones, and so give
    away where their name falls in the alphabet (the researcher meets them all). Named
    rows come first, in name order; the unnamed ones after them."""
    research_request, opportunity, _applications = world
    zoe = MemberFactory(email="zoe@example.org", name="Zoe Zimmer")
    MemberProfile.objects.create(user=zoe, format_large_print=True)
    application = application_submit(
        member=zoe,
        opportunity=opportunity,
        statement="Keen",
        share_name=True,
        share_access_needs=True,
    )
    application_decide(application=application, status="selected", message="", by=staff)
    client.force_login(researcher)
    html = client.get(f"/requests/{research_request.pk}/access/{opportunity.pk}/").content.decode()
    assert "Zoe Zimmer" in html and "no flashing slides" in html  # Aisha, unnamed
    assert html.index("Zoe Zimmer") < html.index("(name not shared)")


def test_the_access_summary_keeps_a_fixed_query_count(
    admin_login, staff, world, django_assert_max_num_queries
):
    """However many people are selected: their needs are read, and each look logged,
    in a fixed number of queries."""
    _request, opportunity, _applications = world
    staff_client = admin_login(staff)
    url = f"/admin/shortlists/{opportunity.pk}/access/"
    staff_client.get(url)
    with django_assert_max_num_queries(60) as few:
        assert staff_client.get(url).status_code == 200
    for number in range(6):
        more = MemberFactory(email=f"more{number}@example.org", name=f"More {number}")
        MemberProfile.objects.create(user=more, access_breaks=True)
        application = application_submit(member=more, opportunity=opportunity, statement="Keen")
        Application.objects.filter(pk=application.pk).update(status="selected")
    with django_assert_max_num_queries(60) as many:
        assert staff_client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_closed_application_shares_nothing_and_says_so(client, world):
    from opportunities.services.applications import application_withdraw

    _request, _opportunity, applications = world
    bartosz = applications["bartosz"]
    application_withdraw(application=bartosz)
    client.force_login(bartosz.member)
    response = client.post(
        f"/applications/{bartosz.pk}/access-sharing/", {"share": "yes"}, follow=True
    )
    assert "This application is closed: nothing is shared from it." in response.content.decode()
    bartosz.refresh_from_db()
    assert not bartosz.share_access_needs
    assert not ModelLogEntry.objects.filter(
        object_id=str(bartosz.member.pk), action=ACCESS_SHARING_CHANGED
    ).exists()
