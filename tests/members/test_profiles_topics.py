"""Health topics on the profile: plain-English categories with common conditions beneath
them, so a person with diabetes finds and keeps "Diabetes"."""

import pytest

from home.demo_content import demo_pages_create
from members.models import MemberProfile, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, member):
    demo_pages_create()
    client.force_login(member)
    return client


def test_the_experience_page_lists_conditions_under_plain_categories(signed_in):
    page = signed_in.get("/profile/experience/").content.decode()
    assert "Metabolic and endocrine" not in page and "Disputed aetiology" not in page
    hormones = page.index(">Diabetes, thyroid and hormones</legend>")
    general = page.index("Diabetes, thyroid and hormones: another, or not sure which")
    assert hormones < general < page.index("Type 1, type 2 or gestational diabetes")
    assert "Brain and nerves (including dementia)" in page and "Other or not sure" in page
    # Categories without conditions are a single box; the finder waits for JavaScript.
    assert "data-topic-finder hidden" in page


def test_a_member_chooses_a_condition_and_sees_it_by_name(signed_in, member):
    diabetes = Topic.objects.get(name="Diabetes")
    response = signed_in.post("/profile/experience/", {"topics": [diabetes.pk]})
    assert response.status_code == 302
    assert list(MemberProfile.objects.get(user=member).topics.all()) == [diabetes]
    assert "Diabetes" in signed_in.get("/profile/").content.decode()
    again = signed_in.get("/profile/experience/?change=1").content.decode()
    box = again.split(f'value="{diabetes.pk}"', 1)[1].split(">", 1)[0]
    assert "checked" in box
