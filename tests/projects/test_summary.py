"""The organisation's yearly summary of involvement (admin area "summary"): figures for
a UK financial year on a small known dataset, diversity through the members app's
door (suppressed), refusals and the query budget."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from involvement.models import Activity, ImpactEntry, Involvement
from members.factories import MemberFactory, StaffFactory
from members.models import EqualityDashboardView
from members.services.equality import equality_response_save
from projects.factories import project_create
from projects.models import Project
from projects.selectors.summary import SummaryYear, year_figures, year_from_param
from reciprocity.factories import rate_card_example
from reciprocity.models import Payment

pytestmark = pytest.mark.django_db

YEAR = SummaryYear(2025)  # 1 April 2025 to 31 March 2026: ended
IN_YEAR = datetime.date(2025, 6, 10)
BEFORE = datetime.date(2025, 3, 31)  # the last day of the year before
AFTER = datetime.date(2026, 4, 1)  # the first day of the year after
SUMMARY = reverse("projects_summary")


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _take_part(member, activity, day, hours="2", attended=True):
    return Involvement.objects.create(
        member=member, activity=activity, started_on=day, hours=Decimal(hours), attended=attended
    )


_numbers = itertools.count(1)


def _pay(member, *, status, paid_on=None, amount="50.00", activity_date=IN_YEAR):
    n = next(_numbers)
    return Payment.objects.create(
        member=member,
        payee_reference=f"P{n}",
        idempotency_key=f"test-{n}",
        activity="A meeting",
        activity_date=activity_date,
        hours=Decimal("2"),
        basis="hourly",
        amount=Decimal(amount),
        method=Payment.Method.BANK,
        status=status,
        tax_year="2025-26",
        reason="Test",
        rate_card=rate_card_example(),
        paid_on=paid_on,
    )


@pytest.fixture
def dataset(db):
    """Three people took part in the year (one of them for the first time, one also
    the year before), one only the year before, one only after; one did not attend."""
    meeting = Activity.objects.create(kind=Activity.Kind.GROUP_MEETING, title="May meeting")
    course = Activity.objects.create(kind=Activity.Kind.TRAINING_SESSION, title="Induction")
    old = Activity.objects.create(kind=Activity.Kind.OPPORTUNITY, title="Last year's panel")
    ana, ben, cat, dev, eve = (MemberFactory() for _ in range(5))
    _take_part(ana, meeting, IN_YEAR, "2.5")
    _take_part(ben, meeting, IN_YEAR, "2")
    _take_part(ben, course, datetime.date(2026, 3, 31), "3")  # the year's last day
    _take_part(cat, old, BEFORE, "4")  # the year before only
    _take_part(cat, course, IN_YEAR, "1")
    _take_part(dev, old, AFTER, "9")  # after the year
    _take_part(eve, meeting, IN_YEAR, "5", attended=False)  # did not come
    _take_part(ana, old, datetime.date(2024, 5, 1), "1")  # ana took part before too
    # Payments: two paid in the year, one paid after, one declined, one approved.
    _pay(ana, status=Payment.Status.PAID, paid_on=IN_YEAR, amount="62.50")
    _pay(ben, status=Payment.Status.PAID, paid_on=datetime.date(2026, 1, 5), amount="50.00")
    _pay(cat, status=Payment.Status.PAID, paid_on=AFTER, amount="25.00")
    _pay(cat, status=Payment.Status.DECLINED)
    _pay(ben, status=Payment.Status.APPROVED)
    # Projects: one opened in the year, one before and still open, one closed before.
    opened = project_create(stage="design")
    Project.objects.filter(pk=opened.pk).update(opened_at=_aware(IN_YEAR))
    running = project_create(stage="analysis")
    Project.objects.filter(pk=running.pk).update(opened_at=_aware(datetime.date(2024, 1, 1)))
    gone = project_create(stage="design")
    Project.objects.filter(pk=gone.pk).update(
        opened_at=_aware(datetime.date(2023, 1, 1)), closed_at=_aware(BEFORE)
    )
    # Impact: two in the year (kinds and stages), one after.
    for kind, stage, day in [
        (ImpactEntry.Kind.RESEARCH, "design", IN_YEAR),
        (ImpactEntry.Kind.PEOPLE, "", IN_YEAR),
        (ImpactEntry.Kind.RESEARCH, "design", AFTER),
    ]:
        ImpactEntry.objects.create(
            activity=meeting,
            what_changed="We changed the leaflet",
            kind=kind,
            research_stage=stage,
            added_at=_aware(day),
        )
    return {"ana": ana, "ben": ben, "cat": cat}


def _count(rows, value):
    return next(row["count"] for row in rows if row["value"] == value)


def test_the_figures_of_a_year_on_a_known_dataset(dataset):
    figures = year_figures(YEAR)
    assert figures["people"] == 3  # ana, ben, cat
    assert figures["first_time"] == 1  # ben (ana and cat took part before)
    assert figures["hours"] == Decimal("8.5")
    assert figures["involvements"] == 4
    assert _count(figures["activities"], Activity.Kind.GROUP_MEETING) == 1
    assert _count(figures["activities"], Activity.Kind.TRAINING_SESSION) == 1
    assert _count(figures["activities"], Activity.Kind.OPPORTUNITY) == 0
    assert figures["paid_total"] == Decimal("112.50")
    assert figures["paid_count"] == 2
    assert figures["declined_count"] == 1
    assert figures["projects_active"] == 2
    assert figures["projects_opened"] == 1
    assert _count(figures["stages"], "design") == 1
    assert _count(figures["stages"], "analysis") == 1
    assert figures["impact_total"] == 2
    assert _count(figures["impact_kinds"], ImpactEntry.Kind.RESEARCH) == 1
    assert _count(figures["impact_kinds"], ImpactEntry.Kind.PEOPLE) == 1
    assert _count(figures["impact_stages"], "design") == 1
    assert _count(figures["impact_stages"], "") == 1  # not recorded


@pytest.mark.parametrize(
    ("value", "start"),
    [("2025", datetime.date(2025, 4, 1)), ("2000", datetime.date(2000, 4, 1))],
)
def test_a_year_is_the_financial_year_named_by_its_first_calendar_year(value, start):
    year = year_from_param(value)
    assert year.start == start
    assert year.end == datetime.date(start.year + 1, 3, 31)


@pytest.mark.parametrize("value", ["1999", "20x5", "９９９９", "3000", "2025-26", "\x00"])
def test_a_year_not_on_the_list_is_refused(value):
    assert year_from_param(value) is None


def test_the_default_is_the_current_financial_year():
    today = timezone.localdate()
    year = year_from_param(None)
    assert year.start <= today <= year.end


@pytest.fixture
def staff_client(client, admin_login):
    return admin_login(StaffFactory(email="summary.officer@example.org"))


def test_the_page_shows_the_years_figures_and_the_standards(staff_client, dataset):
    response = staff_client.get(SUMMARY + "?year=2025")
    assert response.status_code == 200
    text = response.text
    assert "1 April 2025 to 31 March 2026" in text
    assert "£112.50" in text
    for standard in (
        "Inclusive opportunities",
        "Working together",
        "Support and learning",
        "Governance",
        "Communications",
        "Impact",
    ):
        assert standard in text
    assert "financial year" in text


def test_a_bad_year_is_a_clear_error(staff_client):
    response = staff_client.get(SUMMARY + "?year=1850")
    assert response.status_code == 400
    assert "Choose a year from the list." in response.text
    assert "<title>Error:" in response.text


def test_the_csv_has_the_same_figures(staff_client, dataset):
    response = staff_client.get(SUMMARY + "?year=2025&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert "Paid in total (£),112.50" in body
    assert "People who took part,3" in body
    assert "UK Standard: Governance" in body


def test_the_page_takes_the_same_queries_for_little_or_much_data(staff_client, dataset):
    def count():
        with CaptureQueriesContext(connection) as context:
            assert staff_client.get(SUMMARY + "?year=2025").status_code == 200
        return len(context.captured_queries)

    few = count()
    meeting = Activity.objects.get(title="May meeting")
    for n in range(15):
        activity = Activity.objects.create(kind=Activity.Kind.COMMENT_ROUND, title=f"Round {n}")
        _take_part(MemberFactory(), activity, IN_YEAR)
        _pay(dataset["ana"], status=Payment.Status.PAID, paid_on=IN_YEAR)
        ImpactEntry.objects.create(activity=meeting, what_changed="More", added_at=_aware(IN_YEAR))
        project_create(members=[])
    assert count() == few


def test_members_researchers_and_staff_without_the_second_factor_are_refused(
    client, world, dataset
):
    for person in (world.ana, world.researcher, world.other_member):
        client.force_login(person)
        response = client.get(SUMMARY)
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert not response["Location"].startswith(SUMMARY)
    client.force_login(world.other_staff)
    response = client.get(SUMMARY)
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


# Diversity, in aggregate only --------------------------------------------------------


@pytest.fixture
def equality_client(client, admin_login):
    officer = StaffFactory(email="equality.officer@example.org")
    officer.user_permissions.add(
        Permission.objects.get(
            codename="view_equality_dashboard", content_type__app_label="members"
        )
    )
    return admin_login(officer)


def test_staff_without_the_equality_permission_see_no_diversity_figures(staff_client, dataset):
    response = staff_client.get(SUMMARY + "?year=2025")
    assert "Only staff who may see equality monitoring figures see these." in response.text
    assert not EqualityDashboardView.objects.exists()


def test_the_diversity_of_those_involved_is_suppressed_and_the_look_logged(
    equality_client, settings
):
    settings.EQUALITY_MINIMUM_POPULATION = 10
    meeting = Activity.objects.create(kind=Activity.Kind.GROUP_MEETING, title="Big meeting")
    for n in range(12):
        member = MemberFactory()
        _take_part(member, meeting, IN_YEAR)
        equality_response_save(member=member, answers={"sex": "female" if n < 9 else "male"})

    response = equality_client.get(SUMMARY + "?year=2025")

    text = response.text
    assert "Diversity of the people who took part" in text
    assert "fewer than 5" in text  # the three men
    row = text.split(">Male<", 1)[1].split("</tr>", 1)[0]
    assert "fewer than 5" in row and ">3<" not in row
    assert EqualityDashboardView.objects.filter(what__contains="Yearly summary").exists()


def test_too_few_people_have_no_diversity_figures(equality_client, dataset):
    response = equality_client.get(SUMMARY + "?year=2025")
    assert "too few people to show figures" in response.text


def test_a_year_still_running_has_no_diversity_figures_yet(equality_client):
    response = equality_client.get(SUMMARY)
    assert "worked out once the year has ended" in response.text


def test_a_reflection_and_its_check_in_count_once():
    from projects.models import ReflectionInvitation
    from projects.services.reflections import project_stage_change, reflection_save

    project = project_create()
    stage_change = project_stage_change(project=project, stage="funding", by=project.opened_by)
    answers = {"speak_up": 4, "listened_to": 5, "understood": 3}
    for invitation in ReflectionInvitation.objects.filter(stage_change=stage_change)[:2]:
        reflection_save(
            invitation=invitation,
            reflection={
                "went_well": "We met often.",
                "voice_heard": "",
                "would_change": "",
                "share_with_lead": False,
            },
            check_in=answers,
        )
    today = timezone.localdate()
    year = year_from_param(str(today.year if today.month >= 4 else today.year - 1))
    assert year_figures(year)["reflections"] == 2
