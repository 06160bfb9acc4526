import pytest

from members.models import Region, Skill, Topic

HRCS = {
    "Blood",
    "Cancer and neoplasms",
    "Cardiovascular",
    "Congenital",
    "Ear",
    "Eye",
    "Infection",
    "Inflammatory and immune system",
    "Injuries and accidents",
    "Mental health",
    "Metabolic and endocrine",
    "Musculoskeletal",
    "Neurological",
    "Oral and gastrointestinal",
    "Renal and urogenital",
    "Reproductive health and childbirth",
    "Respiratory",
    "Skin",
    "Stroke",
    "Generic health relevance",
    "Disputed aetiology and other",
}


@pytest.mark.django_db
def test_topics_are_seeded_with_the_hrcs_categories_carers_and_social_care():
    top_level = set(Topic.objects.filter(parent=None).values_list("name", flat=True))
    assert top_level == HRCS | {"Carer", "Social care"}


@pytest.mark.django_db
def test_regions_are_the_nine_english_regions_the_nations_and_outside_the_uk():
    assert Region.objects.count() == 13
    assert Region.objects.filter(name__in=["London", "Wales", "Outside the UK"]).count() == 3
    assert Skill.objects.filter(name="Interviewing").exists()


@pytest.mark.django_db
def test_topics_can_be_narrower_than_a_category():
    cancer = Topic.objects.get(name="Cancer and neoplasms")
    breast = Topic.objects.create(name="Breast cancer", parent=cancer)
    assert str(breast) == "Cancer and neoplasms: Breast cancer"


@pytest.mark.django_db
def test_staff_can_edit_the_taxonomy_in_the_admin(client, staff, admin_login):
    admin_login(staff)
    assert client.get("/admin/snippets/members/topic/").status_code == 200
    response = client.post(
        "/admin/snippets/members/skill/add/", {"name": "Sign language", "sort_order": 20}
    )
    assert response.status_code == 302
    assert Skill.objects.filter(name="Sign language").exists()


@pytest.mark.django_db
def test_members_cannot_edit_the_taxonomy(client, member):
    client.force_login(member)
    assert client.get("/admin/snippets/members/topic/").status_code == 403
