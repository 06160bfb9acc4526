"""Business actions on skills gained: staff add one; taking part records the skills the
activity asked for; completing a course records the skills it gives."""

import datetime

from involvement.models import Activity, Involvement
from members.models import User
from members.services.own_record import own_record_refuse
from reciprocity.models import SkillGained


def skill_gained_add(
    *, person: User, skill, gained_on: datetime.date, activity: str, by: User
) -> SkillGained:
    """Staff record a skill a member used or built outside a recorded activity."""
    own_record_refuse(person=person, by=by)
    return SkillGained.objects.create(
        member=person,
        skill=skill,
        gained_on=gained_on,
        activity=activity.strip()[:200],
        source=SkillGained.Source.STAFF,
        added_by=by,
    )


def skills_record_from_involvements(*, involvements: list[Involvement]) -> None:
    """Taking part counts as using the skills the activity asked for; an involvement
    corrected to "did not take part" loses them. One record per skill and involvement,
    in a fixed number of queries however many involvements there are."""
    SkillGained.objects.filter(
        involvement__in=[involvement.pk for involvement in involvements if not involvement.attended]
    ).delete()
    took_part = [involvement for involvement in involvements if involvement.attended]
    skills_of: dict[int, list] = {}
    through = Activity.skills.through
    for row in through.objects.filter(
        activity_id__in={involvement.activity_id for involvement in took_part}
    ).select_related("skill"):
        skills_of.setdefault(row.activity_id, []).append(row.skill)
    titles = dict(Activity.objects.filter(pk__in=skills_of).values_list("pk", "title"))
    SkillGained.objects.bulk_create(
        [
            SkillGained(
                member_id=involvement.member_id,
                skill=skill,
                gained_on=involvement.started_on,
                activity=titles[involvement.activity_id][:200],
                involvement=involvement,
                source=SkillGained.Source.INVOLVEMENT,
            )
            for involvement in took_part
            for skill in skills_of.get(involvement.activity_id, [])
        ],
        ignore_conflicts=True,
    )


def skills_record_from_completion(*, completion) -> None:
    """Completing a course gives the skills it names (training.hooks.course_completed):
    one record per skill and completion, dated the day it was completed, in a fixed
    number of queries however many skills the course gives. Recorded for anyone who
    completes it (members, researchers, staff alike): a skill gained is the person's
    whatever their role, and only members see it on a statement."""
    course = completion.course
    SkillGained.objects.bulk_create(
        [
            SkillGained(
                member_id=completion.person_id,
                skill=skill,
                gained_on=completion.completed_on,
                activity=course.title[:200],
                completion=completion,
                source=SkillGained.Source.TRAINING,
            )
            for skill in course.skills.all()
        ],
        ignore_conflicts=True,
    )


def skills_remove_from_completion(*, completion) -> None:
    """A revoked completion takes back the skills it gave (one query)."""
    SkillGained.objects.filter(completion=completion).delete()
