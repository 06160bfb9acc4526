"""Security review of the fair lottery (issue 16): what staff see of equality answers.

A draw with quotas on equality answers gives people in a rare category a different
chance from everyone else, so a chance shown beside a name tells staff without the
equality permission something about that person's answer. Staff who hold the
permission see the categories' counts under the shortlist panel's rules
(opportunities/equality.py, members/disclosure.py): no figures for a population below
EQUALITY_MINIMUM_POPULATION, and counts from 1 to EQUALITY_SUPPRESSION_THRESHOLD - 1
shown only as "fewer than N"."""

import pytest
from django.contrib.auth.models import Group

from members import roles
from members.factories import StaffFactory
from members.models import EqualityDashboardView
from members.services.equality import equality_response_delete, equality_response_save
from members.services.personal_data import personal_data_collect
from opportunities.factories import opportunity_create
from opportunities.models import LotteryEntry
from opportunities.services.applications import application_submit
from opportunities.services.lottery import lottery_rerun, lottery_run
from tests.opportunities.lottery_pools import pool

pytestmark = pytest.mark.django_db


def test_chances_beside_names_are_hidden_from_staff_without_the_equality_permission(
    admin_login, viewer
):
    opportunity = opportunity_create(places=3)
    pool(opportunity, women=1, others=11)
    lottery = lottery_run(
        opportunity=opportunity,
        quotas={"sex": {"female": (1, 1), "not_given": (2, 2)}},
        by=viewer,
        seed=5,
    )
    # The one woman is certain to be drawn: her chance would give her answer away.
    client = admin_login(StaffFactory())
    for url in (
        f"/admin/shortlists/lottery/{lottery.pk}/",
        f"/admin/shortlists/lottery/{lottery.pk}/apply/",
        f"/admin/shortlists/lottery/{lottery.pk}/audit/",
    ):
        page = client.get(url).content.decode()
        assert "Woman applicant 0" in page  # who was drawn is still shown
        assert "certain, because of the quotas" not in page, url
        assert "100.0%" not in page and "25.0%" not in page, url
        assert "Chances are not shown" in page, url


def test_chances_are_shown_for_a_draw_without_equality_quotas(admin_login, staff):
    opportunity = opportunity_create(places=2)
    pool(opportunity, women=0, others=4)
    lottery = lottery_run(opportunity=opportunity, quotas={}, by=staff, seed=5)
    page = admin_login(StaffFactory()).get(f"/admin/shortlists/lottery/{lottery.pk}/")
    assert "50.0%" in page.content.decode()


def test_staff_who_applied_cannot_open_the_quotas_nor_read_answers(admin_login, viewer):
    opportunity = opportunity_create(places=3)
    pool(opportunity, women=2, others=10)
    viewer.groups.add(Group.objects.get(name=roles.MEMBER))  # staff who are members too
    application_submit(member=viewer, opportunity=opportunity, statement="Me too.")
    client = admin_login(viewer)
    page = client.get(f"/admin/shortlists/{opportunity.pk}/lottery/?features=sex").content
    assert "ask a colleague to run the lottery" in page.decode()
    assert not EqualityDashboardView.objects.filter(what__contains="Fair lottery").exists()


def _drawn_with_sex_quotas(viewer):
    opportunity = opportunity_create(places=3)
    people = pool(opportunity, women=5, others=7)
    lottery = lottery_run(
        opportunity=opportunity,
        quotas={
            "region": {"not_given": (3, 3)},
            "sex": {"female": (1, 3), "not_given": (0, 3)},
        },
        by=viewer,
        seed=5,
    )
    return lottery, people[0]


def _what_the_draw_used(person):
    data = personal_data_collect(user=person)
    found = next(value for key, value in data.items() if "Fair lotteries" in str(key))
    return found[0]["What the draw used about you"]


@pytest.mark.parametrize(
    "remove",
    [
        lambda person: equality_response_delete(member=person),
        lambda person: equality_response_save(
            member=person, answers={"sex": "female", "prioritisation_consent": False}
        ),
    ],
    ids=["answers deleted", "consent withdrawn"],
)
def test_the_lottery_record_forgets_equality_answers_deleted_or_no_longer_consented(viewer, remove):
    lottery, woman = _drawn_with_sex_quotas(viewer)
    entry = LotteryEntry.objects.get(lottery=lottery, member=woman)
    assert entry.features == {"region": "not_given", "sex": "female"}
    assert _what_the_draw_used(woman) == {"Sex": "Female"}
    probability, quotas = entry.probability, lottery.quotas
    assert lottery_rerun(lottery=lottery).erased == 0
    remove(woman)
    entry.refresh_from_db()
    lottery.refresh_from_db()
    assert entry.features == {"region": "not_given"}  # the region is not an equality answer
    assert entry.probability == probability and entry.member_id == woman.pk
    assert lottery.quotas == quotas and lottery.seed == 5
    assert _what_the_draw_used(woman) == {}
    # Everyone else's copy is kept; the audit counts this one as removed.
    others = LotteryEntry.objects.filter(lottery=lottery, features__sex="female")
    assert others.count() == 4
    assert lottery_rerun(lottery=lottery).erased == 1
