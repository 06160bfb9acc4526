"""With 100,000 members the equality dashboard makes the same number of queries as with
a handful: the counting happens in the database."""

import pytest
from django.contrib.auth.models import Permission

from members.demo_content import demo_groups_create
from members.factories import MemberFactory
from members.models import EqualityResponse
from members.services import membership_join
from opportunities.scale_data import equality_bulk_create, members_bulk_create

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
