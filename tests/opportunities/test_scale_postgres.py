"""At the size of a big organisation (5,000 opportunities, 20,000 members) the listing
and the shortlist make the same number of queries as with a handful."""

import pytest

from members.factories import MemberFactory
from members.models import MemberProfile
from opportunities.factories import opportunity_create, opportunity_index_get_or_create
from opportunities.models import OpportunityPage
from opportunities.scale_data import (
    applications_bulk_create,
    members_bulk_create,
    opportunities_bulk_create,
)
from opportunities.services.applications import application_submit

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _queries(client, url, django_assert_max_num_queries) -> int:
    client.get(url)  # warm caches (site root paths, settings)
    with django_assert_max_num_queries(40) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_listing_and_shortlist_query_counts_hold_at_scale(
    admin_login, staff, django_assert_max_num_queries
):
    index = opportunity_index_get_or_create()
    small = opportunity_create(places=5)
    for _ in range(3):
        applicant = MemberFactory()
        MemberProfile.objects.create(user=applicant)  # as at scale: everyone has a profile
        application_submit(member=applicant, opportunity=small, statement="Keen")
    client = admin_login(staff)
    listing_url, shortlist_url = f"{index.url}?paid=on", f"/admin/shortlists/{small.pk}/"
    listing_small = _queries(client, listing_url, django_assert_max_num_queries)
    shortlist_small = _queries(client, shortlist_url, django_assert_max_num_queries)

    opportunities_bulk_create(5000)
    member_ids = members_bulk_create(20000)
    applications_bulk_create(small, member_ids[:400])
    assert OpportunityPage.objects.count() >= 5000

    assert _queries(client, listing_url, django_assert_max_num_queries) == listing_small
    assert _queries(client, shortlist_url, django_assert_max_num_queries) == shortlist_small
    page = client.get(shortlist_url).content.decode()
    assert "Page 1 of 9" in page  # 403 applicants, 50 a page
