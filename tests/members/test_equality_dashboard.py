"""The equality dashboard: aggregate only, small numbers suppressed, every view logged."""

import csv
import io
import re

import pytest
from django.contrib.auth.models import Permission

from members.demo_content import demo_groups_create
from members.factories import MemberFactory, StaffFactory
from members.models import EqualityBenchmark, EqualityDashboardView, EqualityResponse
from members.services import membership_join
from opportunities.factories import ResearchRequestFactory, opportunity_create
from opportunities.services import application_decide, application_submit

pytestmark = pytest.mark.django_db
URL = "/admin/equality/"


@pytest.fixture
def group(db):
    return next(g for g in demo_groups_create() if g.slug == "living-with-diabetes")


def join(group, n, **answers):
    people = []
    for _ in range(n):
        person = MemberFactory()
        membership_join(member=person, group=group, accepted_version=group.current_ground_rules())
        EqualityResponse.objects.create(member=person, **answers)
        people.append(person)
    return people


@pytest.fixture
def staff_factory_other(db):
    return StaffFactory(email="no.equality@example.org")


@pytest.fixture
def viewer(staff):
    staff.user_permissions.add(Permission.objects.get(codename="view_equality_dashboard"))
    return staff


def test_counts_are_shown_with_small_numbers_suppressed(admin_login, viewer, group):
    join(group, 12, sex="female")
    join(group, 9, sex="male")
    join(group, 2, sex="prefer_not")
    page = admin_login(viewer).get(URL).content.decode()
    sex = page.split('id="table-sex"')[1].split("</table>")[0]
    assert "12 (52.2%)" in sex and "23" in sex  # the column total is shown
    # The 2 is hidden, and so is the 9: otherwise 23 - 12 - 9 would give the 2 away.
    assert sex.count("fewer than 5") == 2
    assert not re.search(r"<td>\s*[29] \(", sex)


def test_the_census_benchmark_is_shipped_with_its_source(admin_login, viewer, group):
    assert EqualityBenchmark.objects.filter(characteristic="ethnicity").count() == 19
    page = admin_login(viewer).get(URL).content.decode()
    assert "Census 2021" in page and "51.0%" in page


def test_applicants_and_the_selected_are_compared(admin_login, viewer, staff, group):
    people = join(group, 6, sex="female")
    opportunity = opportunity_create(places=5)
    for n, person in enumerate(people):
        application = application_submit(member=person, opportunity=opportunity, statement="Keen")
        if n < 5:
            application_decide(application=application, status="selected", message="", by=staff)
    page = admin_login(viewer).get(URL).content.decode()
    assert "Applicants" in page and "Selected" in page
    assert "6 (100.0%)" in page and "5 (100.0%)" in page


def test_every_view_and_export_is_logged_and_the_export_is_suppressed_too(
    admin_login, viewer, group
):
    join(group, 7, sex="female")
    join(group, 1, sex="male")
    client = admin_login(viewer)
    client.get(URL)
    response = client.get(URL + "?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    sex = next(i for i, row in enumerate(rows) if row and row[0] == "Sex")
    male = next(row for row in rows[sex:] if row and row[0] == "Male")
    assert male[1] == "fewer than 5"
    assert EqualityDashboardView.objects.filter(by=viewer).count() == 2
    assert EqualityDashboardView.objects.filter(what__startswith="CSV export").exists()


def test_staff_without_the_permission_members_and_researchers_get_403(
    admin_login, staff, client, member, researcher
):
    staff_client = admin_login(staff)
    for url in (URL, URL + "?format=csv"):
        assert staff_client.get(url).status_code == 403
    for person in (member, researcher):
        client.force_login(person)
        for url in (URL, URL + "?format=csv"):
            assert client.get(url).status_code == 403
    assert not EqualityDashboardView.objects.exists()


def test_withdrawing_consent_takes_the_shortlist_mark_away(admin_login, staff, group):
    person = join(group, 1, ethnicity="bangladeshi", prioritisation_consent=True)[0]
    opportunity = opportunity_create(seeks_voices="ethnicity:bangladeshi")
    application_submit(member=person, opportunity=opportunity, statement="Keen")
    client = admin_login(staff)
    assert (
        "Seeks under-represented voices"
        in client.get(f"/admin/shortlists/{opportunity.pk}/").content.decode()
    )
    EqualityResponse.objects.filter(member=person).update(prioritisation_consent=False)
    assert (
        "Seeks under-represented voices"
        not in client.get(f"/admin/shortlists/{opportunity.pk}/").content.decode()
    )


def test_no_page_but_the_members_own_and_the_dashboard_shows_an_answer(
    admin_login, staff, client, group, researcher
):
    person = join(group, 1, ethnicity="other_black", ethnicity_write_in="Somali-Yemeni")[0]
    person.name = "Farah Warsame"
    person.save()
    research_request = ResearchRequestFactory(researcher=researcher, status="accepted")
    opportunity = opportunity_create(request=research_request, researcher=researcher)
    application = application_submit(
        member=person, opportunity=opportunity, statement="Keen", share_name=True
    )
    application_decide(application=application, status="selected", message="", by=staff)
    staff_client = admin_login(staff)
    pages = [
        staff_client.get("/admin/member-directory/").content.decode(),
        b"".join(
            staff_client.get("/admin/member-directory/?export=csv").streaming_content
        ).decode(),
        staff_client.get(f"/admin/members/{person.pk}/").content.decode(),
        staff_client.get(f"/admin/shortlists/{opportunity.pk}/").content.decode(),
    ]
    client.force_login(researcher)
    pages.append(client.get(f"/requests/{research_request.pk}/").content.decode())
    assert "Farah Warsame" in pages[-1]  # the researcher sees the shared name ...
    for html in pages:  # ... and nobody sees the answer
        assert "Somali-Yemeni" not in html and "Any other Black" not in html


def test_the_query_count_does_not_grow_with_members(
    admin_login, viewer, group, django_assert_max_num_queries
):
    client = admin_login(viewer)
    join(group, 3, sex="female")
    client.get(URL)
    with django_assert_max_num_queries(80) as few:
        client.get(URL)
    join(group, 30, sex="male", religion="none")
    with django_assert_max_num_queries(80) as many:
        client.get(URL)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_dashboard_users_enter_their_own_areas_figures_and_others_cannot(
    admin_login, viewer, staff_factory_other
):
    client = admin_login(viewer)
    response = client.post(
        "/admin/snippets/members/equalitybenchmark/add/",
        {
            "area": "Greater Manchester (Census 2021)",
            "source": "ONS, Census 2021, TS008",
            "characteristic": "sex",
            "category": "female",
            "percent": "50.8",
        },
    )
    assert response.status_code == 302
    assert EqualityBenchmark.objects.filter(area__startswith="Greater Manchester").exists()
    page = client.get(URL + "?area=Greater+Manchester+(Census+2021)").content.decode()
    assert "50.8%" in page
    other = admin_login(staff_factory_other)
    assert other.get("/admin/snippets/members/equalitybenchmark/add/").status_code in (302, 403)


def test_the_shortlist_panel_compares_applicants_with_the_group_in_aggregate(
    admin_login, viewer, staff, group
):
    people = join(group, 8, sex="female") + join(group, 2, sex="male")
    opportunity = opportunity_create(places=5)
    for person in people:
        application_submit(member=person, opportunity=opportunity, statement="Keen")
    page = admin_login(viewer).get(f"/admin/shortlists/{opportunity.pk}/").content.decode()
    assert "compared with the group" in page
    panel = page.split('id="shortlist-sex"')[1].split("</table>")[0]
    assert "fewer than 5" in panel and "2 (" not in panel.replace("12 (", "")
    assert EqualityDashboardView.objects.filter(what__startswith="Shortlist panel").exists()


def test_staff_without_the_equality_permission_see_no_panel(admin_login, staff, group):
    people = join(group, 6, sex="female")
    opportunity = opportunity_create()
    application_submit(member=people[0], opportunity=opportunity, statement="Keen")
    page = admin_login(staff).get(f"/admin/shortlists/{opportunity.pk}/").content.decode()
    assert "compared with the group" not in page
    assert not EqualityDashboardView.objects.exists()


def test_the_shortlist_marks_seeked_voices_only_with_consent(admin_login, staff, group):
    consenting = join(group, 1, ethnicity="bangladeshi", prioritisation_consent=True)[0]
    not_consenting = join(group, 1, ethnicity="bangladeshi")[0]
    consenting.name, not_consenting.name = "Asha Consents", "Rumi Declines"
    consenting.save()
    not_consenting.save()
    opportunity = opportunity_create(seeks_voices="ethnicity:bangladeshi")
    for person in (consenting, not_consenting):
        application_submit(member=person, opportunity=opportunity, statement="Keen")
    page = admin_login(staff).get(f"/admin/shortlists/{opportunity.pk}/").content.decode()
    assert page.count("Seeks under-represented voices: Ethnic group: Bangladeshi") == 1
    asha = page.split("Asha Consents")[1].split("</tr>")[0]
    rumi = page.split("Rumi Declines")[1].split("</tr>")[0]
    assert "Seeks under-represented voices" in asha
    assert "Seeks under-represented voices" not in rumi
