"""Completing a course records the skills it gives (training.hooks.course_completed);
revoking the completion takes them back."""

import datetime

import pytest

from members.factories import ResearcherFactory
from members.models import Skill
from reciprocity.models import SkillGained
from training.factories import course_create
from training.models import Completion
from training.services.completions import completion_record, completion_revoke

pytestmark = pytest.mark.django_db


def two_skills():
    return list(Skill.objects.order_by("name")[:2])


def test_a_completed_course_gives_its_skills(member, staff):
    skills = two_skills()
    course = course_create(title="Chairing meetings", skills=skills)
    day = datetime.date(2026, 5, 1)
    completion = completion_record(
        person=member, course=course, how=Completion.How.STAFF, by=staff, completed_on=day
    )
    gained = SkillGained.objects.filter(member=member).order_by("skill__name")
    assert [g.skill for g in gained] == sorted(skills, key=lambda s: s.name)
    assert {(g.source, g.activity, g.gained_on, g.completion_id) for g in gained} == {
        (SkillGained.Source.TRAINING, "Chairing meetings", day, completion.pk)
    }


def test_recording_it_again_adds_nothing(member, staff):
    course = course_create(skills=two_skills())
    completion_record(person=member, course=course, how="staff", by=staff)
    completion_record(person=member, course=course, how="staff", by=staff)
    assert SkillGained.objects.filter(member=member).count() == 2


def test_a_fixed_number_of_queries_however_many_skills(member, staff, django_assert_num_queries):
    from reciprocity.services.skills import skills_record_from_completion

    few = completion_record(
        person=member, course=course_create(skills=two_skills()[:1]), how="staff", by=staff
    )
    many = completion_record(
        person=member,
        course=course_create(skills=list(Skill.objects.all()[:8])),
        how="staff",
        by=staff,
    )
    # As the receiver gets them: the completion with its course, read from the database.
    few, many = (Completion.objects.select_related("course").get(pk=c.pk) for c in (few, many))
    with django_assert_num_queries(2):  # the course's skills; one insert
        skills_record_from_completion(completion=few)
    with django_assert_num_queries(2):
        skills_record_from_completion(completion=many)


def test_revoking_takes_the_skills_back_and_only_those(member, staff):
    skills = two_skills()
    kept = completion_record(
        person=member, course=course_create(skills=skills[:1]), how="staff", by=staff
    )
    revoked = completion_record(
        person=member, course=course_create(skills=skills), how="staff", by=staff
    )
    completion_revoke(completion=revoked, by=staff, reason="Wrong course")
    assert list(SkillGained.objects.filter(member=member).values_list("completion", flat=True)) == [
        kept.pk
    ]


def test_researchers_gain_skills_from_courses_too(staff):
    researcher = ResearcherFactory()
    course = course_create(for_researchers=True, skills=two_skills())
    completion_record(person=researcher, course=course, how="staff", by=staff)
    assert SkillGained.objects.filter(member=researcher).count() == 2
