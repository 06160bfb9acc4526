"""Business actions on skills gained: staff add one; taking part records the skills the
opportunity asked for."""

import datetime

from members.models import User
from members.services.own_record import own_record_refuse
from opportunities.models import Involvement
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


def skills_record_from_involvement(*, involvement: Involvement) -> None:
    """Taking part counts as using the skills the opportunity asked for; an involvement
    corrected to "did not take part" loses them. One record per skill and involvement."""
    if not involvement.attended or involvement.opportunity_id is None:
        SkillGained.objects.filter(involvement=involvement).delete()
        return
    SkillGained.objects.bulk_create(
        [
            SkillGained(
                member_id=involvement.member_id,
                skill=skill,
                gained_on=involvement.started_on,
                activity=involvement.activity,
                involvement=involvement,
                source=SkillGained.Source.INVOLVEMENT,
            )
            for skill in involvement.opportunity.skills.all()
        ],
        ignore_conflicts=True,
    )
