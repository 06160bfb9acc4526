"""Business actions: researchers' requests, opportunities, applications, selection,
involvement and impact. Views, admin screens and tasks call these."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log
from wagtail.models import Site

from home.models import OrganisationSettings
from home.page_cache import public_pages_changed
from members import roles
from members.models import MemberProfile, User
from members.services.email import email_person
from members.services.own_record import own_record_refuse
from opportunities.models import (
    Application,
    ApplicationEvent,
    Format,
    ImpactEntry,
    Involvement,
    OpportunityIndexPage,
    OpportunityPage,
    ResearchRequest,
    ResearchRequestEvent,
    RoleKind,
)


class RequestError(Exception):
    """A change to a request that cannot happen; the message says why."""


class ApplicationError(Exception):
    """An application or decision that cannot happen; the message says why."""


class OpportunityError(Exception):
    """An opportunity that cannot be added; the message says why."""


# --- Researchers' requests ------------------------------------------------------------

REQUIRED_FOR_SUBMIT = [
    "project_title",
    "summary",
    "research_stage",
    "role_kind",
    "people_needed",
    "format",
    "dates_needed",
    "time_needed",
    "payment_offer",
    "deadline",
]

# Which status may follow which, for staff. (The researcher moves a request from
# draft or "changes requested" to submitted, by submitting it.)
STAFF_TRANSITIONS = {
    ResearchRequest.Status.SUBMITTED: {
        ResearchRequest.Status.IN_REVIEW,
        ResearchRequest.Status.CHANGES_REQUESTED,
        ResearchRequest.Status.ACCEPTED,
        ResearchRequest.Status.DECLINED,
    },
    ResearchRequest.Status.IN_REVIEW: {
        ResearchRequest.Status.CHANGES_REQUESTED,
        ResearchRequest.Status.ACCEPTED,
        ResearchRequest.Status.DECLINED,
    },
}
NEEDS_MESSAGE = {ResearchRequest.Status.CHANGES_REQUESTED, ResearchRequest.Status.DECLINED}


def request_start(*, researcher: User) -> ResearchRequest:
    """A new, empty request the researcher fills in one page at a time."""
    if not researcher.has_role(roles.RESEARCHER):
        raise RequestError(_("Only approved researchers can ask for public input."))
    return ResearchRequest.objects.create(researcher=researcher)


def request_missing_answers(request: ResearchRequest) -> list[str]:
    return [name for name in REQUIRED_FOR_SUBMIT if getattr(request, name) in (None, "")]


@transaction.atomic
def request_submit(*, request: ResearchRequest) -> ResearchRequest:
    """Send the request to the involvement team (first time, or after changes)."""
    request = ResearchRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_editable_by_researcher:
        raise RequestError(_("This request has already been sent."))
    if request_missing_answers(request):
        raise RequestError(_("Answer every question before sending the request."))
    if request.deadline < timezone.localdate():
        raise RequestError(_("The date you need people by has passed. Change it first."))
    request.status = ResearchRequest.Status.SUBMITTED
    request.submitted_at = timezone.now()
    request.save(update_fields=["status", "submitted_at", "updated_at"])
    event = ResearchRequestEvent.objects.create(
        request=request, status=request.status, by=request.researcher
    )
    email_person(
        user=request.researcher,
        template="opportunities/email/request_status",
        context={"request": request},
        key=f"request-event:{event.pk}",
    )
    return request


@transaction.atomic
def request_set_status(
    *, request: ResearchRequest, status: str, message: str, by: User
) -> ResearchRequest:
    """Staff move a request on, with a message the researcher is emailed."""
    request = ResearchRequest.objects.select_for_update().get(pk=request.pk)
    own_record_refuse(person=request.researcher_id, by=by, error=RequestError)
    if status not in STAFF_TRANSITIONS.get(request.status, set()):
        raise RequestError(
            _("A request that is “%(now)s” cannot be marked “%(new)s”.")
            % {
                "now": request.get_status_display(),
                "new": ResearchRequest.Status(status).label,
            }
        )
    message = message.strip()
    if status in NEEDS_MESSAGE and not message:
        raise RequestError(_("Write a message to the researcher saying what to change, or why."))
    request.status = status
    request.status_message = message
    request.save(update_fields=["status", "status_message", "updated_at"])
    event = ResearchRequestEvent.objects.create(
        request=request, status=status, message=message, by=by
    )
    log(instance=request, action="roundtable.request_status", user=by, data={"status": status})
    if request.researcher:
        email_person(
            user=request.researcher,
            template="opportunities/email/request_status",
            context={"request": request},
            key=f"request-event:{event.pk}",
        )
    return request


def _default_time_commitment(role_kind: str) -> str:
    long_roles = {RoleKind.CO_APPLICANT, RoleKind.STEERING, RoleKind.PUBLIC_RESEARCHER}
    return (
        OpportunityPage.TimeCommitment.ONGOING
        if role_kind in long_roles
        else OpportunityPage.TimeCommitment.SHORT
    )


@transaction.atomic
def opportunity_create_from_request(*, request: ResearchRequest, by: User) -> OpportunityPage:
    """A draft opportunity, filled in from the request, for staff to edit and publish."""
    index = OpportunityIndexPage.objects.first()
    if index is None:
        raise RequestError(_("Add an opportunities page to the site first."))
    request = ResearchRequest.objects.select_for_update().get(pk=request.pk)
    if request.status not in (ResearchRequest.Status.ACCEPTED, ResearchRequest.Status.IN_REVIEW):
        raise RequestError(_("Accept the request, or start reviewing it, first."))
    today = timezone.localdate()
    closing = request.deadline if request.deadline and request.deadline > today else None
    payment = (
        _("Paid at our organisation's standard rates.")
        if request.payment_offer == "rate_policy"
        else _("To be agreed before you start.")
    )
    what = "\n\n".join(
        part
        for part in [
            request.get_role_kind_display(),
            request.experience_wanted,
            request.time_needed,
        ]
        if part
    )
    page = OpportunityPage(
        title=request.project_title,
        summary=request.summary[:600],
        what_involves=what,
        time_commitment=_default_time_commitment(request.role_kind),
        dates=(request.dates_needed or "")[:300],
        format=request.format,
        place=request.place,
        is_paid=True,
        payment_offer=f"{payment} {request.payment_detail}".strip()[:300],
        places=request.people_needed or 1,
        closing_date=closing or today + datetime.timedelta(days=28),
        request=request,
        researcher=request.researcher,
        live=False,
    )
    if page.format in (Format.IN_PERSON, Format.MIXED) and not page.place:
        # The page needs a place for in-person roles; staff fill it in before publishing.
        page.place = _("To be confirmed")
    index.add_child(instance=page)
    page.topics.set(request.topics.all())
    page.skills.set(request.skills.all())
    page.save_revision(user=by, log_action=True)
    return page


# --- Opportunities ------------------------------------------------------------------


@transaction.atomic
def opportunity_index_get_or_create() -> OpportunityIndexPage:
    """The public listing page under the home page, published; made once."""
    home = Site.objects.get(is_default_site=True).root_page
    index = OpportunityIndexPage.objects.child_of(home).first()
    if index is None:
        index = OpportunityIndexPage(
            title=_("Opportunities to take part"),
            slug="opportunities",
            show_in_menus=True,
            intro=_(
                "Help shape health and care research. Every opportunity says what it "
                "involves, how long it takes and what we pay."
            ),
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


@transaction.atomic
def opportunity_add(
    *,
    by: User | None,
    title: str,
    summary: str,
    what_involves: str,
    dates: str,
    payment_offer: str,
    places: int,
    closing_date: datetime.date,
    format: str = Format.ONLINE,
    time_commitment: str = OpportunityPage.TimeCommitment.SHORT,
    place: str = "",
    publish: bool = True,
) -> OpportunityPage:
    """A new opportunity open to anyone, under the opportunities page, published
    unless told otherwise (a draft waits for staff in the page editor).

    For opportunities written outside the page editor (`manage.py opportunity_create`);
    the page's own checks apply. Raises OpportunityError when the site has no
    opportunities page, ValidationError when a field is wrong.
    """
    index = OpportunityIndexPage.objects.first()
    if index is None:
        raise OpportunityError(_("Add an opportunities page to the site first."))
    page = OpportunityPage(
        title=title.strip(),
        summary=summary.strip(),
        what_involves=what_involves.strip(),
        dates=dates.strip(),
        payment_offer=payment_offer.strip(),
        places=places,
        closing_date=closing_date,
        format=format,
        time_commitment=time_commitment,
        place=place.strip(),
        live=publish,
    )
    index.add_child(instance=page)
    revision = page.save_revision(user=by, log_action=True)
    if publish:
        revision.publish(user=by)
    return page


def opportunities_close_past_deadline(*, today: datetime.date | None = None) -> int:
    """Mark every opportunity whose closing date has passed as closed (one UPDATE).

    The listing already hides them by date; this makes the closing explicit for staff
    and for anything that reads `closed_at`. Run daily by Celery beat."""
    today = today or timezone.localdate()
    closed = OpportunityPage.objects.filter(closing_date__lt=today, closed_at__isnull=True).update(
        closed_at=timezone.now()
    )
    if closed:
        public_pages_changed()
    return closed


# --- Applications and selection -----------------------------------------------------

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
            )
    except IntegrityError:
        raise ApplicationError(ALREADY_APPLIED) from None
    event = ApplicationEvent.objects.create(
        application=application, status=application.status, by=member
    )
    _email_application(application, "opportunities/email/application_received", event=event)
    return application


def _email_application(application: Application, template: str, *, event: ApplicationEvent) -> None:
    organisation = OrganisationSettings.for_default_site()
    email_person(
        user=application.member,
        template=template,
        context={"application": application, "opportunity": application.opportunity},
        reply_to=organisation.contact_email,
        key=f"application-event:{event.pk}",
    )


def _lock_opportunity(opportunity_id: int) -> OpportunityPage:
    # Every change to who holds a place queues on the opportunity's row, so two staff
    # selecting at once cannot both take the last place (PostgreSQL row lock).
    return OpportunityPage.objects.select_for_update().get(pk=opportunity_id)


def _places_taken(opportunity: OpportunityPage) -> int:
    return Application.objects.filter(
        opportunity=opportunity, status=Application.Status.SELECTED
    ).count()


@transaction.atomic
def application_decide(
    *, application: Application, status: str, message: str, by: User
) -> Application:
    """Staff shortlist, select, waitlist or turn down an applicant, with a message.

    Selecting never takes more than the opportunity's places, even when two staff
    click at once."""
    if status not in Application.DECIDABLE:
        raise ApplicationError(_("Choose shortlist, select, waiting list or not selected."))
    own_record_refuse(person=application.member_id, by=by, error=ApplicationError)
    opportunity = _lock_opportunity(application.opportunity_id)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status == Application.Status.WITHDRAWN:
        raise ApplicationError(_("This person has withdrawn their application."))
    if status == application.status:
        raise ApplicationError(_("This application already has that status."))
    if status == Application.Status.SELECTED and _places_taken(opportunity) >= opportunity.places:
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
        application=application, status=status, message=application.message, by=by
    )
    log(
        instance=application,
        action="roundtable.application_decided",
        user=by,
        data={"status": status},
    )
    if status != Application.Status.SHORTLISTED:
        _email_application(application, "opportunities/email/application_decision", event=event)
    if was_selected:
        _offer_place_to_next(opportunity, leaving=application, by=by)
    if was_selected or status == Application.Status.SELECTED:
        _places_changed()
    return application


def _places_changed() -> None:
    # A place taken or given back: cached public pages go stale (home.page_cache), so
    # what they show of an opportunity's places (today the number; one day perhaps
    # how many are left) never lags behind.
    public_pages_changed()


def _offer_place_to_next(
    opportunity: OpportunityPage, *, leaving: Application | None = None, by: User | None = None
) -> Application | None:
    """A place came free: the longest-waiting person on the waiting list gets it
    (never the person who has just left it, if staff moved them to the list). When
    that person is the member of staff whose decision freed the place, the decision is
    refused: nobody selects themselves, not even through the waiting list."""
    if _places_taken(opportunity) >= opportunity.places:
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
    _email_application(next_in_line, "opportunities/email/place_offered", event=event)
    return next_in_line


@transaction.atomic
def application_withdraw(*, application: Application) -> Application:
    """The member withdraws. A place they held goes to the next on the waiting list."""
    opportunity = _lock_opportunity(application.opportunity_id)
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
        _offer_place_to_next(opportunity)
        _places_changed()
    return application


# --- Involvement and impact ---------------------------------------------------------


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
