import pytest

from members.models import HrcsCategory, Region, Skill, Topic

# Each HRCS health category under the name people use.
PLAIN = {
    "blood": "Blood conditions",
    "cancer": "Cancer",
    "cardiovascular": "Heart and circulation",
    "congenital": "Conditions present from birth",
    "ear": "Ears and hearing",
    "eye": "Eyes and sight",
    "infection": "Infections",
    "inflammatory": "Immune system and allergies",
    "injuries": "Injuries and accidents",
    "mental_health": "Mental health",
    "metabolic": "Diabetes, thyroid and hormones",
    "musculoskeletal": "Bones, joints and muscles",
    "neurological": "Brain and nerves (including dementia)",
    "oral_gastro": "Mouth, stomach, bowel and liver",
    "renal": "Kidneys and bladder",
    "reproductive": "Pregnancy, childbirth and fertility",
    "respiratory": "Lungs and breathing",
    "skin": "Skin",
    "stroke": "Stroke",
    "generic": "General health and wellbeing",
    "other": "Other or not sure",
}


@pytest.mark.django_db
def test_top_level_topics_have_plain_names_and_keep_their_hrcs_category():
    top_level = dict(Topic.objects.filter(parent=None).values_list("hrcs_category", "name"))
    assert top_level == {**PLAIN, "": top_level[""]}
    assert set(
        Topic.objects.filter(hrcs_category="", parent=None).values_list("name", flat=True)
    ) == {
        "Carer",
        "Social care",
    }
    # The categories are all there, under their official names, for reports.
    assert {c.value for c in HrcsCategory} == set(PLAIN)
    assert HrcsCategory("metabolic").label == "Metabolic and endocrine"


@pytest.mark.django_db
def test_common_conditions_sit_under_their_category_and_count_as_it():
    expected = {
        "Diabetes": "metabolic",
        "Dementia": "neurological",
        "Asthma": "respiratory",
        "COPD": "respiratory",
        "Heart disease": "cardiovascular",
        "Depression": "mental_health",
        "Anxiety": "mental_health",
        "Rheumatoid arthritis": "inflammatory",
        "Osteoarthritis": "musculoskeletal",
        "Multiple sclerosis": "neurological",
        "Parkinson's": "neurological",
        "Breast cancer": "cancer",
        "Prostate cancer": "cancer",
        "Kidney disease": "renal",
        "Long COVID": "infection",
    }
    for name, category in expected.items():
        topic = Topic.objects.select_related("parent").get(name=name)
        assert topic.parent.hrcs_category == category, name
        assert topic.hrcs == category
    conditions = Topic.objects.exclude(parent=None).count()
    assert 30 <= conditions <= 50
    respiratory = set(Topic.objects.in_hrcs_category("respiratory").values_list("name", flat=True))
    assert respiratory == {"Lungs and breathing", "Asthma", "COPD"}


@pytest.mark.django_db
def test_the_tree_lists_each_category_followed_by_its_conditions():
    names = [t.name for t in Topic.objects.tree()]
    lungs = names.index("Lungs and breathing")
    assert names[lungs + 1 : lungs + 3] == ["Asthma", "COPD"]
    assert names.index("Diabetes") == names.index("Diabetes, thyroid and hormones") + 1


@pytest.mark.django_db
def test_regions_are_the_nine_english_regions_the_nations_and_outside_the_uk():
    assert Region.objects.count() == 13
    assert Region.objects.filter(name__in=["London", "Wales", "Outside the UK"]).count() == 3
    assert Skill.objects.filter(name="Interviewing").exists()


@pytest.mark.django_db
def test_topics_can_be_narrower_than_a_category():
    cancer = Topic.objects.get(name="Cancer")
    bone = Topic.objects.create(name="Bone cancer", parent=cancer)
    assert str(bone) == "Cancer: Bone cancer"


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
