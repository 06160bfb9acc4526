"""The equality dashboard: aggregate only, small numbers suppressed, figures of closed
quarters published once, every view logged."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.demo_content import demo_groups_create
from members.factories import MemberFactory, StaffFactory
from members.models import (
    EqualityBenchmark,
    EqualityDashboardView,
    EqualityPublication,
    EqualityResponse,
    GroupMembership,
)
from members.models.equality import CHARACTERISTICS
from members.selectors.equality import closed_periods
from members.services.equality import publication_figures
from members.services.memberships import membership_join
from opportunities.factories import ResearchRequestFactory, opportunity_create
from opportunities.models import Application
from opportunities.services.applications import application_submit
from opportunities.services.selection import application_decide

pytestmark = pytest.mark.django_db
URL = "/admin/equality/"


def last_quarter():
    return closed_periods(1)[0]


def backdate():
    """Everything made so far happened in the middle of the last quarter that has ended
    (figures are shown only for closed quarters)."""
    quarter = last_quarter()
    middle = quarter.start + datetime.timedelta(days=40)
    at = datetime.datetime.combine(middle, datetime.time(12), tzinfo=datetime.UTC)
    GroupMembership.objects.update(started_on=middle, applied_at=at)
    Application.objects.update(submitted_at=at)


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
    backdate()
    page = admin_login(viewer).get(URL).content.decode()
    sex = page.split('id="table-sex"')[1].split("</table>")[0]
    assert "12 (52.2%)" in sex and "23" in sex  # the column total is shown
    # The 2 is hidden, and so is the 9: otherwise 23 - 12 - 9 would give the 2 away.
    assert sex.count("fewer than 5") == 1 and sex.count("not shown") == 1
    assert not re.search(r"<td>\s*[29] \(", sex)


def test_the_census_benchmark_is_shipped_with_its_source(admin_login, viewer, group):
    assert EqualityBenchmark.objects.filter(characteristic="ethnicity").count() == 19
    page = admin_login(viewer).get(URL).content.decode()
    assert "Census 2021" in page and "51.0%" in page


def test_applicants_and_the_selected_are_compared(admin_login, viewer, staff, group):
    women, men = join(group, 15, sex="female"), join(group, 15, sex="male")
    opportunity = opportunity_create(places=10)
    for n, person in enumerate(women[:8] + men[:7]):
        application = application_submit(member=person, opportunity=opportunity, statement="Keen")
        if n in (0, 1, 2, 3, 4, 8, 9, 10, 11, 12):
            application_decide(application=application, status="selected", message="", by=staff)
    backdate()
    page = admin_login(viewer).get(URL).content.decode()
    sex = page.split('id="table-sex"')[1].split("</table>")[0]
    assert "Applicants" in sex and "Selected" in sex
    female = sex.split("Female")[1].split("</tr>")[0]
    assert re.findall(r"(\d+) \(", female) == ["15", "8", "5"]  # members, applied, selected


def test_every_view_and_export_is_logged_and_the_export_is_suppressed_too(
    admin_login, viewer, group
):
    join(group, 11, sex="female")
    join(group, 1, sex="male")
    backdate()
    client = admin_login(viewer)
    client.get(URL)
    response = client.get(URL + "?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    sex = next(i for i, row in enumerate(rows) if row and row[0] == "Sex")
    male = next(row for row in rows[sex:] if row and row[0] == "Male")
    assert male[1] == "fewer than 5"
    assert rows[sex - 1] == ["Benchmark source: ONS, Census 2021, TS008: sex, all usual residents."]
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


def test_withdrawing_consent_takes_the_shortlist_mark_away(admin_login, viewer, group):
    person = join(group, 1, ethnicity="bangladeshi", prioritisation_consent=True)[0]
    opportunity = opportunity_create(seeks_voices="ethnicity:bangladeshi")
    application_submit(member=person, opportunity=opportunity, statement="Keen")
    client = admin_login(viewer)
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


def test_pages_showing_figures_never_read_everyones_ids(admin_login, viewer, group):
    """A publication's `data` (every person's id and answer versions: megabytes at
    100,000 members) stays in the database: the dashboard, its export and the shortlist
    panel read only `figures`, so they cost the same at any membership (issue 12)."""
    people = join(group, 12, sex="female")
    opportunity = opportunity_create(places=5, groups=[group])
    for person in people:
        application_submit(member=person, opportunity=opportunity, statement="Keen")
    backdate()
    type(opportunity).objects.filter(pk=opportunity.pk).update(
        closing_date=datetime.date.today() - datetime.timedelta(days=1)
    )
    client = admin_login(viewer)
    urls = [URL, URL + "?format=csv", f"/admin/shortlists/{opportunity.pk}/"]
    for url in urls:
        client.get(url)  # the first visit publishes what is due
    assert EqualityPublication.objects.count() == 2
    for publication in EqualityPublication.objects.all():
        assert publication.figures == publication_figures(publication.data)
        assert "people" not in str(publication.figures)
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert "12" in response.content.decode()
        read = [q["sql"] for q in queries.captured_queries if "equalitypublication" in q["sql"]]
        assert read, url
        assert not any('"members_equalitypublication"."data"' in sql for sql in read), url


def test_dashboard_users_enter_their_own_areas_figures_and_others_cannot(
    admin_login, viewer, staff_factory_other
):
    client = admin_login(viewer)
    response = client.post(
        "/admin/snippets/members/equalitybenchmark/add/",
        {
            "area": "Greater Manchester (Census 2021)",
            "source": "ONS, Census 2021, TS008",
            "answer": "sex:female",
            "percent": "50.8",
        },
    )
    assert response.status_code == 302
    figure = EqualityBenchmark.objects.get(area__startswith="Greater Manchester")
    assert (figure.characteristic, figure.category) == ("sex", "female")
    edit = client.get(f"/admin/snippets/members/equalitybenchmark/edit/{figure.pk}/")
    assert 'value="sex:female" selected' in edit.content.decode()
    page = client.get(URL + "?area=Greater+Manchester+(Census+2021)").content.decode()
    assert "50.8%" in page
    other = admin_login(staff_factory_other)
    assert other.get("/admin/snippets/members/equalitybenchmark/add/").status_code in (302, 403)


def test_the_shortlist_panel_compares_applicants_with_the_group_in_aggregate(
    admin_login, viewer, staff, group
):
    people = join(group, 8, sex="female") + join(group, 2, sex="male")
    opportunity = opportunity_create(places=5, groups=[group])
    for person in people:
        application_submit(member=person, opportunity=opportunity, statement="Keen")
    backdate()
    client = admin_login(viewer)
    page = client.get(f"/admin/shortlists/{opportunity.pk}/").content.decode()
    assert "compared with the group" in page
    # Applications are still open: only the group's published figures, and a date.
    assert "Figures for the applicants appear once applications close on" in page
    panel = page.split('id="shortlist-sex"')[1].split("</table>")[0]
    assert "Applicants" not in panel
    type(opportunity).objects.filter(pk=opportunity.pk).update(
        closing_date=datetime.date.today() - datetime.timedelta(days=1)
    )
    page = client.get(f"/admin/shortlists/{opportunity.pk}/").content.decode()
    panel = page.split('id="shortlist-sex"')[1].split("</table>")[0]
    assert "Applicants" in panel
    assert "fewer than 5" in panel and "2 (" not in panel.replace("12 (", "")
    assert EqualityDashboardView.objects.filter(what__startswith="Shortlist panel").exists()


def test_staff_without_the_equality_permission_see_no_panel(admin_login, staff, group):
    people = join(group, 6, sex="female")
    opportunity = opportunity_create()
    application_submit(member=people[0], opportunity=opportunity, statement="Keen")
    page = admin_login(staff).get(f"/admin/shortlists/{opportunity.pk}/").content.decode()
    assert "compared with the group" not in page
    assert not EqualityDashboardView.objects.exists()


def test_the_shortlist_marks_seeked_voices_only_with_consent(admin_login, viewer, group):
    consenting = join(group, 1, ethnicity="bangladeshi", prioritisation_consent=True)[0]
    not_consenting = join(group, 1, ethnicity="bangladeshi")[0]
    consenting.name, not_consenting.name = "Asha Consents", "Rumi Declines"
    consenting.save()
    not_consenting.save()
    opportunity = opportunity_create(seeks_voices="ethnicity:bangladeshi")
    for person in (consenting, not_consenting):
        application_submit(member=person, opportunity=opportunity, statement="Keen")
    page = admin_login(viewer).get(f"/admin/shortlists/{opportunity.pk}/").content.decode()
    assert page.count("Seeks under-represented voices: Ethnic group: Bangladeshi") == 1
    asha = page.split("Asha Consents")[1].split("</tr>")[0]
    rumi = page.split("Rumi Declines")[1].split("</tr>")[0]
    assert "Seeks under-represented voices" in asha
    assert "Seeks under-represented voices" not in rumi


def test_a_benchmark_figure_is_checked_and_nothing_is_lost(admin_login, viewer):
    client = admin_login(viewer)
    add = "/admin/snippets/members/equalitybenchmark/add/"
    typed = {"area": "England and Wales (Census 2021)", "source": "Mine", "percent": "101"}
    page = client.post(add, {**typed, "answer": "sex:female"}).content.decode()
    assert "Enter a percentage from 0 to 100." in page
    assert "This area already has a figure for this answer" in page  # the Census's 51.0
    assert 'value="Mine"' in page and 'value="sex:female" selected' in page
    assert client.post(add, {**typed, "answer": "carer:prefer_not"}).status_code == 200
    assert client.post(add, {**typed, "percent": "2.5", "answer": "no:such"}).status_code == 200
    assert not EqualityBenchmark.objects.filter(source="Mine").exists()
    saved = client.post(add, {**typed, "percent": "2.5", "answer": "carer:prefer_not"})
    assert saved.status_code == 302


def test_disability_is_worked_out_from_both_health_questions(admin_login, viewer, group):
    join(group, 6, long_term_condition="no")
    join(group, 5, long_term_condition="yes", day_to_day="a_lot")
    join(group, 5, long_term_condition="yes", day_to_day="not_at_all")
    join(group, 5, long_term_condition="prefer_not")
    join(group, 5, long_term_condition="yes")  # how much it limits them: not said
    backdate()
    page = admin_login(viewer).get(URL).content.decode()
    table = page.split('id="table-disability"')[1].split("</table>")[0]
    rows = dict(re.findall(r'<th scope="row">([^<]+)</th>\s*<td>\s*([^<]+?)\s*<', table))
    assert rows["Not disabled: no long-term condition"] == "6 (23.1%)"
    assert rows["Disabled: day-to-day activities limited a lot"] == "5 (19.2%)"
    assert rows["Not disabled: long-term condition, activities not limited"] == "5 (19.2%)"
    assert rows["Prefer not to say"] == "5 (19.2%)"
    assert rows["Not answered"] == "5 (19.2%)"
    # Nobody said "a little": a zero, which gives nothing away.
    assert rows["Disabled: day-to-day activities limited a little"] == "0 (0.0%)"


def test_saving_drops_how_much_when_there_is_no_condition(member):
    from members.services.equality import equality_response_save

    equality_response_save(
        member=member, answers={"long_term_condition": "no", "day_to_day": "a_lot"}
    )
    assert EqualityResponse.objects.get(member=member).day_to_day == ""


@pytest.mark.parametrize("condition", ["prefer_not", ""])
def test_saving_drops_how_much_unless_they_said_they_have_a_condition(member, condition):
    from members.services.equality import equality_response_save

    equality_response_save(
        member=member, answers={"long_term_condition": condition, "day_to_day": "a_lot"}
    )
    assert EqualityResponse.objects.get(member=member).day_to_day == ""


def test_the_health_page_drops_how_much_when_there_is_no_condition(client, member):
    client.force_login(member)
    client.post("/equality/disability/", {"long_term_condition": "no", "day_to_day": "a_lot"})
    check = client.get("/equality/check/").content.decode()
    assert "Does not apply" in check and "Yes, a lot" not in check
    client.post("/equality/check/")
    answers = EqualityResponse.objects.get(member=member)
    assert (answers.long_term_condition, answers.day_to_day) == ("no", "")


def test_census_age_and_unpaid_care_are_shipped_with_their_sources(admin_login, viewer, group):
    census = EqualityBenchmark.objects.filter(area="England and Wales (Census 2021)")
    ages = census.filter(characteristic="age_band")
    assert ages.count() == 7 and not ages.filter(category="under_18").exists()  # of adults
    assert abs(sum(f.percent for f in ages) - 100) <= Decimal("0.1")  # each one rounded
    assert census.get(characteristic="carer", category="yes").percent == Decimal("8.8")
    assert not census.filter(characteristic="disability").exists()  # not shipped: see 0017
    join(group, 6, age_band="18_24", religion="none")
    page = admin_login(viewer).get(URL).content.decode()
    age = page.split('id="table-age_band"')[1].split("</table>")[0]
    assert "the 15 to 19 band is split 3 to 2" in age and "10.5%" in age
    assert 'aria-describedby="source-age_band"' in age
    assert "TS030" in page.split('id="table-religion"')[1].split("</table>")[0]
    disability = page.split('id="table-disability"')[1].split("</table>")[0]
    assert "No benchmark figures for this area yet." in disability


def test_a_table_names_every_source_its_figures_came_from(admin_login, viewer):
    EqualityBenchmark.objects.create(
        area="England and Wales (Census 2021)",
        source="Our own count of carers.",
        characteristic="carer",
        category="prefer_not",
        percent=1,
    )
    page = admin_login(viewer).get(URL).content.decode()
    carer = page.split('id="table-carer"')[1].split("</table>")[0]
    assert "TS039" in carer and "Our own count of carers." in carer


def test_not_answering_is_never_marked_under_represented(admin_login, viewer, group):
    join(group, 15, religion="none")  # nobody chose "Prefer not to say" (6.0% in the Census)
    join(group, 5, religion="buddhist")
    backdate()
    page = admin_login(viewer).get(URL).content.decode()
    religion = page.split('id="table-religion"')[1].split("</table>")[0]
    prefer_not = religion.split("Prefer not to say")[1].split("</tr>")[0]
    assert "6.0%" in prefer_not and "Under-represented" not in prefer_not
    christian = religion.split("Christian")[1].split("</tr>")[0]
    assert "Under-represented" in christian  # 0% against 46.2%


def test_an_opportunity_can_seek_disabled_people_from_both_answers(admin_login, viewer, group):
    limited = join(
        group, 1, long_term_condition="yes", day_to_day="a_lot", prioritisation_consent=True
    )[0]
    unlimited = join(group, 1, long_term_condition="no", prioritisation_consent=True)[0]
    limited.name, unlimited.name = "Lena Limited", "Uma Unlimited"
    limited.save()
    unlimited.save()
    opportunity = opportunity_create(seeks_voices="disability:a_lot")
    for person in (limited, unlimited):
        application_submit(member=person, opportunity=opportunity, statement="Keen")
    page = admin_login(viewer).get(f"/admin/shortlists/{opportunity.pk}/").content.decode()
    assert "Seeks under-represented voices" in page.split("Lena Limited")[1].split("</tr>")[0]
    assert "Seeks under-represented voices" not in page.split("Uma Unlimited")[1].split("</tr>")[0]


def test_the_earlier_day_to_day_figures_and_choices_become_disability(group):
    from importlib import import_module

    from django.apps import apps

    members_0017 = import_module("members.migrations.0017_census_2021_age_care_and_disability")
    opportunities_0006 = import_module("opportunities.migrations.0006_seeks_voices_disability")
    for category, percent in [("not_at_all", 6), ("a_lot", 7), ("prefer_not", 1)]:
        EqualityBenchmark.objects.create(
            area="Here",
            source="Ours",
            characteristic="day_to_day",
            category=category,
            percent=percent,
        )
    stale = join(group, 1, long_term_condition="no")[0].equality_response
    EqualityResponse.objects.filter(pk=stale.pk).update(day_to_day="a_little")
    opportunity = opportunity_create()
    type(opportunity).objects.filter(pk=opportunity.pk).update(seeks_voices="day_to_day:not_at_all")
    opportunity.refresh_from_db()
    opportunity.title = "A draft seeking the old answer"
    draft = opportunity.save_revision(clean=False)  # a draft holds the old value too
    members_0017.disability_from_both_questions(apps, None)
    members_0017.clear_how_much_without_a_condition(apps, None)
    opportunities_0006.rename(apps, None)
    here = dict(
        EqualityBenchmark.objects.filter(area="Here").values_list("category", "characteristic")
    )
    # "Not at all" could have meant either "Not disabled" answer: staff enter it again.
    assert here == {"a_lot": "disability", "prefer_not": "disability"}
    stale.refresh_from_db()
    assert stale.day_to_day == ""
    opportunity.refresh_from_db()
    draft.refresh_from_db()
    assert opportunity.seeks_voices == "disability:not_limited"
    assert draft.content["seeks_voices"] == "disability:not_limited"
    assert draft.as_object().seeks_voices == "disability:not_limited"
    # And back, for a rollback to code that only knows the second question.
    opportunities_0006.rename_back(apps, None)
    members_0017.back_to_the_second_question(apps, None)
    opportunity.refresh_from_db()
    draft.refresh_from_db()
    assert opportunity.seeks_voices == draft.content["seeks_voices"] == "day_to_day:not_at_all"
    assert set(
        EqualityBenchmark.objects.filter(area="Here").values_list("characteristic", flat=True)
    ) == {"day_to_day"}


FIGURES = "/admin/equality/benchmarks/"


def test_an_areas_figures_for_one_question_are_entered_on_one_page(admin_login, viewer):
    client = admin_login(viewer)
    page = client.get(FIGURES + "carer/?area=England+and+Wales+(Census+2021)").content.decode()
    assert 'value="8.8"' in page and 'value="91.2"' in page and "TS039" in page
    response = client.post(
        FIGURES + "sex/",
        {
            "area": " Kirklees ",
            "source": "ONS, TS008",
            "percent_female": "50.9",
            "percent_male": "49.1",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("?area=Kirklees")
    kirklees = EqualityBenchmark.objects.filter(area="Kirklees", characteristic="sex")
    assert dict(kirklees.values_list("category", "percent")) == {
        "female": Decimal("50.9"),
        "male": Decimal("49.1"),
    }
    # A blank answer removes its figure; the others are changed in place.
    client.post(
        FIGURES + "sex/?area=Kirklees",
        {"area": "Kirklees", "source": "ONS", "percent_female": "51"},
    )
    assert dict(kirklees.values_list("category", "percent")) == {"female": Decimal("51.0")}
    assert set(kirklees.values_list("source", flat=True)) == {"ONS"}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({"percent_female": "101"}, "less than or equal to 100"),
        ({"percent_female": "60", "percent_male": "50"}, "These figures add up to more than 100%"),
        ({"percent_female": "lots"}, "Enter a number."),
        ({"area": ""}, "This field is required."),
    ],
)
def test_bad_figures_are_refused_with_what_was_typed_kept(admin_login, viewer, typed, message):
    data = {"area": "Kirklees", "source": "Mine", "percent_male": "49.1", **typed}
    page = admin_login(viewer).post(FIGURES + "sex/", data).content.decode()
    assert message in page and 'value="Mine"' in page
    assert f'value="{data["percent_male"]}"' in page
    assert not EqualityBenchmark.objects.filter(source="Mine").exists()


def test_only_dashboard_staff_may_change_figures(
    admin_login, staff_factory_other, client, member, researcher, viewer
):
    data = {"area": "Kirklees", "source": "Mine", "percent_female": "50"}
    assert admin_login(staff_factory_other).post(FIGURES + "sex/", data).status_code == 403
    for person in (member, researcher):
        client.force_login(person)
        assert client.post(FIGURES + "sex/", data).status_code == 403
    assert not EqualityBenchmark.objects.filter(area="Kirklees").exists()
    assert admin_login(viewer).get(FIGURES + "shoe_size/").status_code == 404


def test_every_pair_of_health_answers_falls_in_at_most_one_disability_category(member):
    from itertools import product

    from members.models.equality import DISABILITY_FILTERS, DayToDay, LongTermCondition

    condition_answers = ["", *LongTermCondition.values]
    how_much_answers = ["", *DayToDay.values]
    for condition, how_much in product(condition_answers, how_much_answers):
        EqualityResponse.objects.create(
            member=MemberFactory(), long_term_condition=condition, day_to_day=how_much
        )
    found = {
        category: set(
            EqualityResponse.objects.filter(rule).values_list("long_term_condition", "day_to_day")
        )
        for category, rule in DISABILITY_FILTERS.items()
    }
    every = [pair for pairs in found.values() for pair in pairs]
    assert len(every) == len(set(every))  # no answer counted twice
    assert found["no_condition"] == {("no", h) for h in how_much_answers}  # "No" settles it
    assert found["a_lot"] == {("yes", "a_lot"), ("", "a_lot")}
    assert found["not_limited"] == {("yes", "not_at_all")}
    assert ("prefer_not", "a_lot") in found["prefer_not"]
    # Left as not answered: nothing said, or not enough to tell.
    assert ("", "") not in every and ("", "not_at_all") not in every
    assert ("yes", "") not in every


def test_visitors_who_are_not_signed_in_are_sent_to_sign_in(client):
    data = {"area": "Kirklees", "source": "Mine", "percent_female": "50"}
    response = client.post(FIGURES + "sex/", data)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.get(URL).status_code == 302
    assert not EqualityBenchmark.objects.filter(area="Kirklees").exists()


def test_a_closed_quarters_figures_do_not_change_after_a_join_an_edit_or_an_erasure(
    admin_login, viewer, group, staff
):
    from members.services.equality import equality_response_save
    from members.services.personal_data import account_erase

    people = join(group, 12, sex="female") + join(group, 8, sex="male")
    backdate()
    client = admin_login(viewer)

    def sex_table():
        return client.get(URL).content.decode().split('id="table-sex"')[1].split("</table>")[0]

    before = sex_table()
    assert "12 (60.0%)" in before and "8 (40.0%)" in before
    join(group, 3, sex="male")
    backdate()  # as if they had joined in that quarter, after its figures were published
    equality_response_save(member=people[0], answers={"sex": "male"})
    account_erase(user=people[1], by=staff)
    assert sex_table() == before
    assert EqualityPublication.objects.count() == 1


@pytest.mark.parametrize(
    "query",
    [
        "?start=2024-02-31",  # free dates are gone: ignored
        "?period=2024-Q5",
        "?period=9999-Q1",
        "?period=abc",
        "?group=abc",
        "?group=-1",
        "?group=99999999999999999999",
        "?group=%D9%A3",  # an Arabic-Indic digit: isdigit() but not a number for the database
        "?area=nowhere",
        "?format=xml",
    ],
)
def test_bad_query_strings_get_a_clear_answer_never_a_500(admin_login, viewer, group, query):
    backdate()
    response = admin_login(viewer).get(URL + query)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert "Choose a" in response.content.decode()


@pytest.mark.postgres
@pytest.mark.parametrize(
    "url",
    [
        URL + "?group=1%00",
        URL + "?period=2024-Q1%00",
        URL + "?area=%00",
        URL + "?%00=1",
        FIGURES + "age_band/?area=%00",
        FIGURES + "sex/?area=Kirklees%00",
    ],
)
def test_nul_bytes_in_a_query_string_get_a_400_on_postgresql(admin_login, viewer, url):
    response = admin_login(viewer).get(url)
    assert response.status_code == 400
    assert "a character that is not allowed" in response.content.decode()


def test_the_python_categories_match_the_database_filters(member):
    from itertools import product

    from members.models.equality import (
        CHARACTERISTICS,
        DayToDay,
        LongTermCondition,
        answer_category,
        answer_filter,
    )

    for condition, how_much in product(["", *LongTermCondition.values], ["", *DayToDay.values]):
        EqualityResponse.objects.create(
            member=MemberFactory(), long_term_condition=condition, day_to_day=how_much, sex="male"
        )
    for row in EqualityResponse.objects.values():
        for characteristic, (_label, choices) in CHARACTERISTICS.items():
            matching = [
                value
                for value, _answer in choices
                if EqualityResponse.objects.filter(answer_filter(characteristic, value))
                .filter(pk=row["id"])
                .exists()
            ]
            assert [answer_category(row, characteristic)] == (matching or ["not_answered"])


def test_changing_an_answer_gives_that_answer_a_new_version_and_only_that_one(member):
    from members.services.equality import equality_response_save

    first = equality_response_save(member=member, answers={"sex": "female", "carer": "no"})
    assert set(first.answer_versions) == set(CHARACTERISTICS)
    versions = dict(first.answer_versions)
    second = equality_response_save(member=member, answers={"sex": "male", "carer": "no"})
    assert second.answer_versions["carer"] == versions["carer"]
    assert second.answer_versions["sex"] != versions["sex"]
    unchanged = set(CHARACTERISTICS) - {"sex"}
    assert {c: second.answer_versions[c] for c in unchanged} == {c: versions[c] for c in unchanged}


def test_every_question_has_a_version_so_a_publication_does_not_show_which_were_answered(
    member,
):
    """Stored publications keep everyone's versions: a token only for the questions a
    person answered would say which they answered (and which they skipped)."""
    from members.services.equality import equality_publish, equality_response_save

    equality_response_save(member=member, answers={"sexual_orientation": "gay_lesbian"})
    published = equality_publish(key="test", populations=[("members", "Members", [member.pk])])
    assert set(published.data["versions"][str(member.pk)]) == set(CHARACTERISTICS)
    # Answers saved without a token for some question (an older row) get the rest.
    response = EqualityResponse.objects.get(member=member)
    EqualityResponse.objects.filter(pk=response.pk).update(
        answer_versions={"sexual_orientation": "abcd1234"}
    )
    again = equality_response_save(member=member, answers={"sexual_orientation": "gay_lesbian"})
    assert set(again.answer_versions) == set(CHARACTERISTICS)
    assert again.answer_versions["sexual_orientation"] == "abcd1234"


def test_erasure_replaces_the_persons_id_in_every_publication_by_one_stand_in():
    """Kept log entries name the erased person's id: stored publications must not, yet
    the audit must still see one person across the tables that counted them."""
    from members import disclosure
    from members.services.equality import equality_publish, equality_response_save
    from members.services.personal_data import account_erase

    people = [MemberFactory() for _n in range(12)]
    for n, someone in enumerate(people):
        equality_response_save(member=someone, answers={"sex": ["female", "male"][n % 2]})
    person = people[0]
    versions = dict(EqualityResponse.objects.get(member=person).answer_versions)
    everyone = [p.pk for p in people]
    equality_publish(key="2025-Q1", populations=[("members", "Members", everyone)])
    equality_publish(key="opportunity:1", populations=[("opportunity:1:applicants", "A", everyone)])

    account_erase(user=person)

    stand_ins = set()
    for publication in EqualityPublication.objects.all():
        data = publication.data
        assert str(person.pk) not in data["versions"]
        [population] = data["populations"]
        assert person.pk not in population["people"]
        assert str(person.pk) not in population["people"]
        stand_ins |= {p for p in population["people"] if isinstance(p, str)}
        assert len(population["people"]) == 12
    [stand_in] = stand_ins  # the same one in both publications
    assert not stand_in.isdigit()
    assert all(p.data["versions"][stand_in] == versions for p in EqualityPublication.objects.all())
    # The audit reads the stand-in as one person, with their answer's version, in both.
    tables = disclosure.earlier_tables(
        EqualityPublication.objects.values_list("data", flat=True), "sex"
    )
    assert len(tables) == 2
    assert all(disclosure.identity(stand_in, versions["sex"]) in t.people for t in tables)
