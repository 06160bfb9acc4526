"""Staff decide who is shortlisted, selected, waiting or not selected, never taking more
than the opportunity's places (the lock and the waiting list: services/applications.py)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from involvement.selectors import selection_reasons_needed
from members.models import User
from members.services.own_record import own_record_refuse
from opportunities.models import Application, ApplicationEvent
from opportunities.services.applications import (
    ApplicationError,
    application_email,
    opportunity_lock,
    place_offer_to_next,
    places_changed,
    places_taken,
)


@transaction.atomic
def application_decide(
    *, application: Application, status: str, message: str, by: User, reason: str = ""
) -> Application:
    """Staff shortlist, select, waitlist or turn down an applicant, with a message.

    Selecting never takes more than the opportunity's places, even when two staff
    click at once. Selecting someone whose badges need a reason (another app's word
    on them, such as training's "Induction not done": involvement.hooks) needs
    `reason`, kept on the application's history for staff and never sent to them."""
    if status not in Application.DECIDABLE:
        raise ApplicationError(_("Choose shortlist, select, waiting list or not selected."))
    own_record_refuse(person=application.member_id, by=by, error=ApplicationError)
    opportunity = opportunity_lock(application.opportunity_id)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status == Application.Status.WITHDRAWN:
        raise ApplicationError(_("This person has withdrawn their application."))
    if status == application.status:
        raise ApplicationError(_("This application already has that status."))
    reason = reason.strip()
    if status == Application.Status.SELECTED and not reason:
        needed = selection_reasons_needed(application.member_id)
        if needed:
            raise ApplicationError(
                _(
                    "This person is marked “%(labels)s”. Say why you are selecting them: "
                    "your reason is kept for staff."
                )
                % {"labels": "”, “".join(needed)}
            )
    if status == Application.Status.SELECTED and places_taken(opportunity) >= opportunity.places:
        raise ApplicationError(
            _("All %(places)s places are taken. Put this person on the waiting list instead.")
            % {"places": opportunity.places}
        )
    was_selected = application.status == Application.Status.SELECTED
    application.status = status
    application.message = message.strip()
    application.decided_at = timezone.now()
    application.decided_by = by
    if status == Application.Status.WAITLISTED:
        application.waitlisted_at = timezone.now()
    application.save()
    event = ApplicationEvent.objects.create(
        application=application, status=status, message=application.message, by=by, reason=reason
    )
    log(
        instance=application,
        action="roundtable.application_decided",
        user=by,
        data={"status": status},
    )
    if status != Application.Status.SHORTLISTED:
        application_email(application, "opportunities/email/application_decision", event=event)
    if was_selected:
        place_offer_to_next(opportunity, leaving=application, by=by)
    if was_selected or status == Application.Status.SELECTED:
        places_changed()
    return application
