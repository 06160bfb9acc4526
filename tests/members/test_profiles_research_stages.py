"""The profile question on stages of research (issue 16): asked on the skills page,
optional, known codes only, shown on the summary and in the data download."""

import pytest

from home.demo_content import demo_pages_create
from members.models import MemberProfile, ResearchStage
from members.selectors.profiles import profile_answers, profile_completeness
from members.services.personal_data import personal_data_collect

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, member):
    demo_pages_create()
    client.force_login(member)
    return client


def test_the_skills_page_asks_which_stages_of_research_with_a_plain_hint(signed_in):
    html = signed_in.get("/profile/skills/").content.decode()
    assert "Which stages of research would you like to help with?" in html
    assert "For example, helping decide what to research, or sharing the results." in html
    for _code, label in ResearchStage.choices:
        assert str(label) in html
    assert 'type="checkbox" name="research_stages"' in html


def test_chosen_stages_are_kept_in_the_lists_order_and_shown_on_the_summary(signed_in, member):
    response = signed_in.post(
        "/profile/skills/", {"research_stages": ["dissemination", "priorities"]}
    )
    assert response.status_code == 302
    profile = MemberProfile.objects.get(user=member)
    assert profile.research_stages == ["priorities", "dissemination"]
    html = signed_in.get("/profile/").content.decode()
    assert "Stages of research" in html
    assert "Identifying priorities" in html and "Sharing the results" in html
    # Ticked again when the page opens to change it.
    html = signed_in.get("/profile/skills/?change=1").content.decode()
    assert html.count("checked") == 2


def test_the_question_is_optional(signed_in, member):
    response = signed_in.post("/profile/skills/", {})
    assert response.status_code == 302
    assert MemberProfile.objects.get(user=member).research_stages == []


def test_an_unknown_stage_is_refused_with_what_was_typed_kept(signed_in, member):
    response = signed_in.post(
        "/profile/skills/", {"research_stages": ["priorities", "world-domination"]}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error:" in html
    assert "Choose stages of research from the list" in html
    assert MemberProfile.objects.get(user=member).research_stages == []


def test_the_stages_count_towards_the_skills_page_being_answered(member):
    profile = MemberProfile.objects.create(user=member, research_stages=["design"])
    answers = profile_answers(profile, privacy_accepted=False)
    row = next(row for row in answers if str(row.key) == "Stages of research")
    assert row.values == ["Designing the research"] and row.step == "skills"
    done = profile_completeness(answers)
    profile.research_stages = []
    without = profile_completeness(profile_answers(profile, privacy_accepted=False))
    assert done.total == without.total == 8
    assert done.answered == without.answered + 1


def test_the_stages_are_in_the_data_download(member):
    MemberProfile.objects.create(user=member, research_stages=["analysis"])
    data = personal_data_collect(user=member)
    assert data["Your profile"]["Stages of research"] == ["Analysing the results"]
