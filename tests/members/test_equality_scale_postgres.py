"""With 100,000 members the equality dashboard makes the same number of queries as with
a handful, both when it reads a quarter's published figures and when it publishes them
(the gathering is a fixed number of queries; the audit runs in Python)."""

import re

import pytest
from django.contrib.auth.models import Permission

from members.demo_content import demo_groups_create
from members.factories import MemberFactory, equality_bulk_create
from members.models import EqualityResponse, GroupMembership
from members.selectors.equality import closed_periods
from members.services.memberships import membership_join
from opportunities.scale_data import members_bulk_create

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
URL = "/admin/equality/"


def test_the_dashboard_query_count_holds_at_100000_members(
    admin_login, staff, django_assert_max_num_queries
):
    group = next(g for g in demo_groups_create() if g.slug == "living-with-diabetes")
    for _ in range(3):
        person = MemberFactory()
        membership_join(member=person, group=group, accepted_version=group.current_ground_rules())
        EqualityResponse.objects.create(member=person, sex="female")
    staff.user_permissions.add(Permission.objects.get(codename="view_equality_dashboard"))
    client = admin_login(staff)
    client.get(URL)
    with django_assert_max_num_queries(100) as few:
        client.get(URL)

    equality_bulk_create(members_bulk_create(100_000, involved_share=0), group=group)
    with django_assert_max_num_queries(100) as many:
        response = client.get(URL)
    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)

    # An earlier quarter, not yet published: publishing it at this size is still a
    # fixed number of queries, the same as with a handful of members.
    older, oldest = closed_periods(3)[1:]
    GroupMembership.objects.update(started_on=oldest.start)
    with django_assert_max_num_queries(100) as publishing_few:
        client.get(URL + f"?period={oldest.key}&group={group.pk}")
    with django_assert_max_num_queries(100) as publishing_many:
        response = client.get(URL + f"?period={older.key}&group={group.pk}")
    assert response.status_code == 200
    sex = response.content.decode().split('id="table-sex"')[1].split("</table>")[0]
    assert re.search(r"Female</th>\s*<td>\s*\d+ \(", sex)  # the group's figures, published
    assert len(publishing_many.captured_queries) == len(publishing_few.captured_queries)
