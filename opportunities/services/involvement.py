"""What selected members did (involvement) and what difference it made (impact,
"you said, we did")."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from members.models import MemberProfile, User
from members.services.email import email_person
from members.services.own_record import own_record_refuse
from opportunities.models import Application, ImpactEntry, Involvement, OpportunityPage
from opportunities.services.applications import ApplicationError


@transaction.atomic
def involvement_record(
    *,
    application: Application,
    attended: bool,
    started_on: datetime.date,
    hours,
    by: User,
    ended_on: datetime.date | None = None,
) -> Involvement:
    """What a selected member did: recorded once per opportunity, corrected in place."""
    application = Application.objects.select_related("member", "opportunity").get(pk=application.pk)
    own_record_refuse(person=application.member_id, by=by, error=ApplicationError)
    if application.status != Application.Status.SELECTED:
        raise ApplicationError(_("Only selected members' involvement is recorded."))
    if ended_on and ended_on < started_on:
        raise ApplicationError(_("The last date must be on or after the first date."))
    involvement, _created = Involvement.objects.update_or_create(
        member=application.member,
        opportunity=application.opportunity,
        defaults={
            "activity": application.opportunity.title[:200],
            "attended": attended,
            "started_on": started_on,
            "ended_on": ended_on,
            "hours": hours if attended else 0,
            "recorded_by": by,
        },
    )
    # The member directory filters on this (members cannot read our table).
    last = (
        Involvement.objects.filter(member=application.member, attended=True)
        .order_by("-started_on")
        .values_list("started_on", flat=True)
        .first()
    )
    MemberProfile.objects.update_or_create(
        user=application.member, defaults={"last_involved_on": last}
    )
    return involvement


@transaction.atomic
def impact_add(*, opportunity: OpportunityPage, what_changed: str, by: User) -> ImpactEntry:
    """'You said, we did': recorded, and emailed to the members who took part."""
    what_changed = what_changed.strip()
    if not what_changed:
        raise ApplicationError(_("Say what changed because of the members' input."))
    entry = ImpactEntry.objects.create(
        opportunity=opportunity, what_changed=what_changed, added_by=by
    )
    took_part = User.objects.filter(
        involvements__opportunity=opportunity, involvements__attended=True
    )
    for member in took_part:
        email_person(
            user=member,
            template="opportunities/email/impact",
            context={"entry": entry, "opportunity": opportunity},
            key=f"impact:{entry.pk}:{member.pk}",
        )
    return entry
