"""The equality dashboard's disability benchmark: the Census's two groups (disabled under
the Equality Act 17.5%, not disabled 82.5%) beside the four-way table, folded from the
published cells without giving away a suppressed one; and the page's wording."""

import csv
import importlib
import re
from decimal import Decimal
from pathlib import Path

import pytest

from members.models import EqualityBenchmark
from tests.members.test_equality_dashboard import (  # noqa: F401 (fixtures)
    URL,
    backdate,
    group,
    join,
    viewer,
)

pytestmark = pytest.mark.django_db
CENSUS = "England and Wales (Census 2021)"
DATA = Path(__file__).resolve().parents[2] / "members" / "data" / "census2021-england-wales.csv"


def table(page: str, key: str) -> dict[str, str]:
    """{row label: first cell} of one dashboard table."""
    body = page.split(f'id="table-{key}"')[1].split("</table>")[0]
    return dict(re.findall(r'<th scope="row">([^<]+)</th>\s*<td>\s*([^<]+?)\s*<', body))


def test_the_census_two_groups_are_shipped_with_their_source():
    shipped = EqualityBenchmark.objects.filter(
        area=CENSUS, characteristic="disability_equality_act"
    )
    assert dict(shipped.values_list("category", "percent")) == {
        "disabled": Decimal("17.5"),
        "not_disabled": Decimal("82.5"),
    }
    assert all("TS038" in figure.source for figure in shipped)
    # The four-way figures are still left for staff to enter.
    assert not EqualityBenchmark.objects.filter(characteristic="disability").exists()


def test_the_shipped_figures_are_the_ones_in_the_census_file():
    with DATA.open(newline="", encoding="utf-8") as data:
        rows = {
            row["category"]: row
            for row in csv.DictReader(data)
            if row["characteristic"] == "Disability"
        }
    migration = importlib.import_module("members.migrations.0027_census_2021_disability_two_way")
    assert rows["Disabled under the Equality Act"]["percent"] == migration.FIGURES["disabled"]
    assert (
        rows["Not disabled under the Equality Act"]["percent"]
        == (migration.FIGURES["not_disabled"])
    )
    assert rows["Disabled under the Equality Act"]["source_url"] in migration.SOURCE
    assert rows["Disabled under the Equality Act"]["base"].startswith("All usual residents")


def test_the_two_groups_sit_beside_the_four_way_table(admin_login, viewer, group):  # noqa: F811
    join(group, 6, long_term_condition="yes", day_to_day="a_lot")
    join(group, 5, long_term_condition="yes", day_to_day="a_little")
    join(group, 5, long_term_condition="yes", day_to_day="not_at_all")
    join(group, 14, long_term_condition="no")
    backdate()
    page = admin_login(viewer).get(URL).content.decode()
    assert page.index('id="table-disability"') < page.index('id="table-disability_equality_act"')
    assert page.index('id="table-disability_equality_act"') < page.index('id="table-carer"')
    two_way = table(page, "disability_equality_act")
    assert two_way == {
        "Disabled under the Equality Act": "11 (36.7%)",
        "Not disabled": "19 (63.3%)",
        "Total": "30",
    }
    body = page.split('id="table-disability_equality_act"')[1].split("</table>")[0]
    assert "17.5%" in body and "82.5%" in body and 'aria-describedby="source-' in body
    assert "TS038" in page.split('id="source-disability_equality_act"')[1].split("</p>")[0]
    # 36.7% is not below four-fifths of 17.5%; 63.3% is below four-fifths of 82.5%.
    disabled = body.split("Disabled under the Equality Act")[1].split("</tr>")[0]
    not_disabled = body.split("Not disabled")[1].split("</tr>")[0]
    assert "Under-represented" not in disabled and "Under-represented" in not_disabled


def test_a_group_is_not_shown_when_an_answer_in_it_is_not(admin_login, viewer, group):  # noqa: F811
    join(group, 2, long_term_condition="yes", day_to_day="a_lot")  # "fewer than 5"
    join(group, 8, long_term_condition="yes", day_to_day="a_little")
    join(group, 12, long_term_condition="no")
    backdate()
    page = admin_login(viewer).get(URL).content.decode()
    four_way = table(page, "disability")
    assert four_way["Disabled: day-to-day activities limited a lot"] == "fewer than 5"
    two_way = table(page, "disability_equality_act")
    # 2 + 8 would give the 2 away to anyone who reads the 8 above; so no count.
    assert two_way["Disabled under the Equality Act"] == "not shown"
    assert two_way["Not disabled"] == "12 (54.5%)"


def test_the_export_has_the_two_groups_too(admin_login, viewer, group):  # noqa: F811
    join(group, 6, long_term_condition="yes", day_to_day="a_lot")
    join(group, 5, long_term_condition="yes", day_to_day="not_at_all")
    join(group, 14, long_term_condition="no")
    backdate()
    export = admin_login(viewer).get(URL + "?format=csv").content.decode()
    rows = list(csv.reader(export.splitlines()))
    at = rows.index(
        next(r for r in rows if r and r[0] == "Disability under the Equality Act (two groups)")
    )
    assert rows[at + 1][0] == "Disabled under the Equality Act"
    assert rows[at + 1][1] == "6" and rows[at + 1][-1] == "17.5"
    assert rows[at + 2][0] == "Not disabled"
    assert rows[at + 2][1] == "19" and rows[at + 2][-1] == "82.5"


def test_staff_can_give_their_own_areas_two_groups(admin_login, viewer):  # noqa: F811
    client = admin_login(viewer)
    response = client.post(
        "/admin/equality/benchmarks/disability_equality_act/",
        {"area": "Kirklees", "source": "ONS, TS038", "percent_disabled": "19.1"},
    )
    assert response.status_code == 302
    assert EqualityBenchmark.objects.get(area="Kirklees").percent == Decimal("19.1")


def test_the_page_says_which_counts_are_shown_as_fewer_than(admin_login, viewer, settings):  # noqa: F811
    settings.EQUALITY_SUPPRESSION_THRESHOLD = 5
    page = admin_login(viewer).get(URL).content.decode()
    assert "A count from 1 to 4 is shown as “fewer than 5”" in page
