"""An opportunity's activity (involvement.models.Activity), kept in step with its page,
and this app's rule for recording involvement in it: only selected applicants' is
recorded. The writing itself is the involvement app's (involvement.services)."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from involvement.models import Activity, Involvement
from involvement.services import InvolvementError, involvement_record
from members.models import User
from members.services.own_record import own_record_refuse
from opportunities.models import Application, OpportunityPage
from opportunities.services.applications import ApplicationError


@transaction.atomic
def opportunity_activity_sync(*, opportunity: OpportunityPage) -> Activity:
    """The opportunity's activity, made the first time, with the live page's title,
    payment and skills. Called when the page is published and when involvement is
    recorded (not from save(): a draft is not what members took part in)."""
    # Locked, so two first recordings at once cannot make two activities.
    page = OpportunityPage.objects.select_for_update(of=("self",)).get(pk=opportunity.pk)
    fields = {"title": page.title, "is_paid": page.is_paid}
    if page.activity_id is None:
        activity = Activity.objects.create(kind=Activity.Kind.OPPORTUNITY, **fields)
        # update(), not save(): the page row only, no revision, no signals.
        OpportunityPage.objects.filter(pk=page.pk).update(activity=activity)
    else:
        activity = Activity.objects.get(pk=page.activity_id)
        for name, value in fields.items():
            setattr(activity, name, value)
        activity.save(update_fields=list(fields))
    activity.skills.set(page.skills.all())
    opportunity.activity = activity
    return activity


@transaction.atomic
def application_involvement_record(
    *,
    application: Application,
    attended: bool,
    started_on: datetime.date,
    hours,
    by: User,
    ended_on: datetime.date | None = None,
) -> Involvement:
    """What a selected member did in the opportunity: recorded once, corrected in place."""
    application = Application.objects.select_related("member", "opportunity").get(pk=application.pk)
    own_record_refuse(person=application.member_id, by=by, error=ApplicationError)
    if application.status != Application.Status.SELECTED:
        raise ApplicationError(_("Only selected members' involvement is recorded."))
    try:
        return involvement_record(
            member=application.member,
            activity=opportunity_activity_sync(opportunity=application.opportunity),
            attended=attended,
            started_on=started_on,
            hours=hours,
            by=by,
            ended_on=ended_on,
        )
    except InvolvementError as error:
        raise ApplicationError(str(error)) from error
