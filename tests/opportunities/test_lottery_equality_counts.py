"""Security review of the fair lottery (issue 16): equality counts staff see.

A draw with quotas on equality answers gives people in a rare category a different
chance from everyone else, so a chance shown beside a name tells staff without the
equality permission something about that person's answer. Staff who hold the
permission see the categories' counts under the shortlist panel's rules
(opportunities/equality.py, members/disclosure.py): no figures for a population below
EQUALITY_MINIMUM_POPULATION, and counts from 1 to EQUALITY_SUPPRESSION_THRESHOLD - 1
shown only as "fewer than N"."""

import pytest

from members.models import EqualityDashboardView
from opportunities.factories import opportunity_create
from opportunities.models import Lottery
from opportunities.services.lottery import LotteryError, lottery_run
from tests.opportunities.lottery_pools import pool

pytestmark = pytest.mark.django_db


def test_small_equality_counts_are_not_shown_in_the_quota_form(admin_login, viewer):
    opportunity = opportunity_create(places=3)
    pool(opportunity, women=2, others=10)
    client = admin_login(viewer)
    page = client.get(f"/admin/shortlists/{opportunity.pk}/lottery/?features=sex").content
    page = page.decode()
    row = page.split('<th scope="row">Female</th>', 1)[1].split("</tr>", 1)[0]
    assert "<td>2</td>" not in row and "fewer than 5" in row
    # Nor through the suggested maximum (the smaller of the share and the count).
    assert 'value="2"' not in row
    # The other cell would give it away by subtraction from the 12 in the draw.
    other = page.split('<th scope="row">Not given</th>', 1)[1].split("</tr>", 1)[0]
    assert "<td>10</td>" not in other


def test_equality_quotas_need_the_minimum_population(admin_login, viewer):
    opportunity = opportunity_create(places=3)
    pool(opportunity, women=2, others=6)
    with pytest.raises(LotteryError, match="at least 10"):
        lottery_run(
            opportunity=opportunity,
            quotas={"sex": {"female": (0, 2), "not_given": (0, 3)}},
            by=viewer,
        )
    assert not Lottery.objects.exists()
    client = admin_login(viewer)
    page = client.get(f"/admin/shortlists/{opportunity.pk}/lottery/?features=sex").content
    page = page.decode()
    assert "at least 10" in page and "Female" not in page
    # Refused before anyone's answers were read.
    assert not EqualityDashboardView.objects.filter(what__contains="Fair lottery").exists()


def test_the_lottery_record_suppresses_small_equality_counts(admin_login, viewer):
    opportunity = opportunity_create(places=3)
    pool(opportunity, women=2, others=10)
    lottery = lottery_run(
        opportunity=opportunity,
        quotas={"sex": {"female": (1, 2), "not_given": (1, 3)}},
        by=viewer,
        seed=9,
    )
    page = admin_login(viewer).get(f"/admin/shortlists/lottery/{lottery.pk}/").content.decode()
    table = page.split("<caption>Sex</caption>", 1)[1].split("</table>", 1)[0]
    female = table.split("Female</th>", 1)[1].split("</tr>", 1)[0]
    assert "<td>2</td><td>1</td><td>2</td>" not in female  # applied 2, min 1, max 2
    assert female.count("fewer than 5") >= 1


def test_an_impossible_equality_minimum_does_not_say_how_many_applied(viewer):
    opportunity = opportunity_create(places=3)
    pool(opportunity, women=2, others=10)
    with pytest.raises(LotteryError) as caught:
        lottery_run(
            opportunity=opportunity,
            quotas={"sex": {"female": (3, 3), "not_given": (0, 3)}},
            by=viewer,
        )
    assert not any("only 2 applied" in problem for problem in caught.value.problems)
    assert any("fewer people" in problem for problem in caught.value.problems)
    # Nor through the nearest quotas: capped at the count, they said "at most 2".
    assert caught.value.suggestion is None
    assert any("Lower the minimums for Sex" in problem for problem in caught.value.problems)


def test_the_quota_form_offers_no_suggestion_that_gives_a_small_count_away(admin_login, viewer):
    opportunity = opportunity_create(places=3)
    pool(opportunity, women=2, others=10)
    client = admin_login(viewer)
    response = client.post(
        f"/admin/shortlists/{opportunity.pk}/lottery/?features=sex",
        {
            "q-sex-female-min": 3,
            "q-sex-female-max": 3,
            "q-sex-not_given-min": 0,
            "q-sex-not_given-max": 3,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "These quotas cannot be met" in page
    assert "Use these instead and draw" not in page and 'value="2"' not in page
    assert "Lower the minimums for Sex" in page
    assert not Lottery.objects.exists()
