"""Members' applications: sent, withdrawn, and the places they hold. A place given back
goes to the longest-waiting person; selection (services/selection.py) uses the same
lock, count and offer, so they live here, below both."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.models import OrganisationSettings
from home.page_cache import public_pages_changed
from members import roles
from members.models import User
from members.services.email import email_person
from members.services.member_record import access_sharing_log_change
from members.services.own_record import own_record_refuse
from opportunities.models import Application, ApplicationEvent, OpportunityPage


class ApplicationError(Exception):
    """An application or decision that cannot happen; the message says why."""


ALREADY_APPLIED = gettext_lazy("You have already applied for this opportunity.")


@transaction.atomic
def application_submit(
    *,
    member: User,
    opportunity: OpportunityPage,
    statement: str,
    experience: str = "",
    access_needs: str = "",
    availability: str = "",
    share_name: bool = False,
    share_access_needs: bool = False,
) -> Application:
    """A member expresses interest. Refused when closed, not visible to them, or twice."""
    if not member.has_role(roles.MEMBER):
        raise ApplicationError(_("Only members can apply. Join as a member first."))
    if not OpportunityPage.objects.open().visible_to(member).filter(pk=opportunity.pk).exists():
        raise ApplicationError(_("This opportunity is not taking applications from you."))
    if Application.objects.current().filter(member=member, opportunity=opportunity).exists():
        raise ApplicationError(ALREADY_APPLIED)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                member=member,
                opportunity=opportunity,
                statement=statement.strip(),
                experience=experience.strip(),
                access_needs=access_needs.strip(),
                availability=availability.strip(),
                share_name=share_name,
                share_access_needs=share_access_needs,
            )
    except IntegrityError:
        raise ApplicationError(ALREADY_APPLIED) from None
    event = ApplicationEvent.objects.create(
        application=application, status=application.status, by=member
    )
    if share_access_needs:
        access_sharing_log_change(person=member, shared=True, what=opportunity.title)
    application_email(application, "opportunities/email/application_received", event=event)
    return application


def application_email(application: Application, template: str, *, event: ApplicationEvent) -> None:
    organisation = OrganisationSettings.for_default_site()
    email_person(
        user=application.member,
        template=template,
        context={"application": application, "opportunity": application.opportunity},
        reply_to=organisation.contact_email,
        key=f"application-event:{event.pk}",
    )


def opportunity_lock(opportunity_id: int) -> OpportunityPage:
    # Every change to who holds a place queues on the opportunity's row, so two staff
    # selecting at once cannot both take the last place (PostgreSQL row lock).
    return OpportunityPage.objects.select_for_update().get(pk=opportunity_id)


def places_taken(opportunity: OpportunityPage) -> int:
    return Application.objects.filter(
        opportunity=opportunity, status=Application.Status.SELECTED
    ).count()


def places_changed() -> None:
    # A place taken or given back: cached public pages go stale (home.page_cache), so
    # what they show of an opportunity's places (today the number; one day perhaps
    # how many are left) never lags behind.
    public_pages_changed()


def place_offer_to_next(
    opportunity: OpportunityPage, *, leaving: Application | None = None, by: User | None = None
) -> Application | None:
    """A place came free: the longest-waiting person on the waiting list gets it
    (never the person who has just left it, if staff moved them to the list). When
    that person is the member of staff whose decision freed the place, the decision is
    refused: nobody selects themselves, not even through the waiting list."""
    if places_taken(opportunity) >= opportunity.places:
        return None
    waiting = Application.objects.select_for_update().filter(
        opportunity=opportunity, status=Application.Status.WAITLISTED
    )
    if leaving is not None:
        waiting = waiting.exclude(pk=leaving.pk)
    next_in_line = waiting.order_by("waitlisted_at", "pk").first()
    if next_in_line is None:
        return None
    own_record_refuse(
        person=next_in_line.member_id,
        by=by,
        error=ApplicationError,
        message=_(
            "The place this frees would go to you, the next person on the waiting list: "
            "ask a colleague to make this change."
        ),
    )
    next_in_line.status = Application.Status.SELECTED
    next_in_line.decided_at = timezone.now()
    next_in_line.message = ""
    next_in_line.save(update_fields=["status", "decided_at", "message"])
    event = ApplicationEvent.objects.create(
        application=next_in_line,
        status=next_in_line.status,
        message=_("A place came free and was offered from the waiting list."),
    )
    application_email(next_in_line, "opportunities/email/place_offered", event=event)
    return next_in_line


@transaction.atomic
def application_withdraw(*, application: Application) -> Application:
    """The member withdraws. A place they held goes to the next on the waiting list."""
    opportunity = opportunity_lock(application.opportunity_id)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status in (Application.Status.WITHDRAWN, Application.Status.NOT_SELECTED):
        raise ApplicationError(_("This application is already closed."))
    was_selected = application.status == Application.Status.SELECTED
    application.status = Application.Status.WITHDRAWN
    application.save(update_fields=["status"])
    ApplicationEvent.objects.create(
        application=application, status=application.status, by=application.member
    )
    if was_selected:
        place_offer_to_next(opportunity)
        places_changed()
    return application


@transaction.atomic
def application_access_sharing_set(*, application: Application, share: bool) -> Application:
    """The member says whether the researcher may see their access needs for this role
    (health data: a consent of its own, which they can give or take back at any time;
    the access summary reads it each time it is shown)."""
    if application.status in (Application.Status.WITHDRAWN, Application.Status.NOT_SELECTED):
        raise ApplicationError(_("This application is closed: nothing is shared from it."))
    if application.share_access_needs != share:
        application.share_access_needs = share
        application.save(update_fields=["share_access_needs"])
        access_sharing_log_change(
            person=application.member, shared=share, what=application.opportunity.title
        )
    return application
