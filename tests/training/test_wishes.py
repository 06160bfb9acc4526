"""Members say what training they would like (/training/wishes/, linked from their
account page); staff see the counts per skill, most wanted first."""

import pytest
from django.contrib.auth.models import Group, Permission

from members.factories import MemberFactory, ResearcherFactory, StaffFactory
from members.models import Skill
from training.models import TrainingWish
from training.selectors.wishes import wishes_report
from training.services import TrainingError
from training.services.wishes import training_wish_save

pytestmark = pytest.mark.django_db
URL = "/training/wishes/"
REPORT = "/admin/training/wishes/"


def skill(name):
    return Skill.objects.get(name=name)


def test_a_member_chooses_skills_and_says_anything_else(client, member):
    client.force_login(member)
    page = client.get(URL).content.decode()
    assert "Which skills would you like training in?" in page
    assert 'type="checkbox"' in page and "<legend" in page
    response = client.post(
        URL, {"skills": [skill("Public speaking").pk], "other": "How to read a study"}
    )
    assert response["Location"] == "/account/"
    wish = TrainingWish.objects.get(person=member)
    assert list(wish.skills.values_list("name", flat=True)) == ["Public speaking"]
    assert wish.other == "How to read a study"
    # What they chose comes back; the account page links here.
    page = client.get(URL).content.decode()
    assert "checked" in page and "How to read a study" in page
    account = client.get("/account/").content.decode()
    assert "Training you would like" in account
    assert 'href="/training/wishes/"' in account


def test_too_long_an_answer_comes_back_with_what_was_typed(client, member):
    client.force_login(member)
    response = client.post(URL, {"skills": [skill("Writing").pk], "other": "x" * 301})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in page and "Keep this to 300 characters or fewer." in page
    assert "x" * 301 in page
    assert not TrainingWish.objects.exists()


def test_saying_nothing_removes_the_answer(member):
    training_wish_save(person=member, skills=[skill("Writing")], other="")
    training_wish_save(person=member, skills=[], other="  ")
    assert not TrainingWish.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(URL)["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("factory", [ResearcherFactory, StaffFactory])
def test_people_who_are_not_members_are_refused(client, factory):
    client.force_login(factory())
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"other": "Something"}).status_code == 403
    assert not TrainingWish.objects.exists()


def test_the_service_refuses_people_who_are_not_members():
    with pytest.raises(TrainingError):
        training_wish_save(person=ResearcherFactory(), skills=[], other="Something")


def test_the_report_counts_each_skill_most_wanted_first():
    writing, speaking, design = skill("Writing"), skill("Public speaking"), skill("Design")
    training_wish_save(person=MemberFactory(), skills=[writing, speaking], other="")
    training_wish_save(person=MemberFactory(), skills=[speaking], other="Statistics")
    training_wish_save(person=MemberFactory(), skills=[speaking, design], other="")
    training_wish_save(person=MemberFactory(), skills=[], other="Reading papers")
    report = wishes_report()
    assert report.skills == [("Public speaking", 3), ("Design", 1), ("Writing", 1)]
    assert report.people == 4 and report.other_answers == 2


def test_staff_see_the_report_in_the_admin(admin_login, staff):
    training_wish_save(person=MemberFactory(), skills=[skill("Writing")], other="Statistics")
    page = admin_login(staff).get(REPORT).content.decode()
    assert "Training people would like" in page
    assert "1 person has told us what training they would like." in page
    assert "1 of them wrote something under “anything else”." in page
    assert '<th scope="row">Writing</th><td>1</td>' in page
    # Who asked is never shown, nor what they wrote.
    assert "Statistics" not in page


def test_staff_without_the_permission_are_refused_the_report(admin_login):
    Group.objects.create(name="Admin only").permissions.add(
        Permission.objects.get(codename="access_admin")
    )
    response = admin_login(StaffFactory(roles=["Admin only"])).get(REPORT)
    assert response.status_code == 403


def test_the_report_costs_the_same_queries_with_many_people(
    admin_login, staff, django_assert_max_num_queries
):
    client = admin_login(staff)
    training_wish_save(person=MemberFactory(), skills=[skill("Writing")], other="")
    client.get(REPORT)
    with django_assert_max_num_queries(25) as few:
        client.get(REPORT)
    skills = list(Skill.objects.all())
    for n in range(30):
        training_wish_save(person=MemberFactory(), skills=skills[: n % 5 + 1], other=str(n))
    with django_assert_max_num_queries(25) as many:
        client.get(REPORT)
    assert len(many.captured_queries) == len(few.captured_queries)
