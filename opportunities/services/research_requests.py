"""Researchers' requests for public input: started, answered, sent, triaged by staff, and
turned into a draft opportunity."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from involvement.hooks import research_request_sent
from involvement.models import Activity
from involvement.selectors import payment_offer_words
from members import roles
from members.models import User
from members.services.email import email_person
from members.services.own_record import own_record_refuse
from opportunities.models import (
    Format,
    OpportunityIndexPage,
    OpportunityPage,
    PaymentOffer,
    ResearchRequest,
    ResearchRequestEvent,
    RoleKind,
    Route,
)


class ResearchRequestError(Exception):
    """A change to a research request that cannot happen; the message says why."""


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
# A slot at a group's meeting, or written comments from a group: no role, head count,
# format or place to give (the group and its meeting have them).
REQUIRED_FOR_GROUP_ROUTE = [
    "project_title",
    "summary",
    "research_stage",
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


def research_request_start(
    *,
    researcher: User,
    project_title: str,
    summary: str,
    route: str = Route.INDIVIDUALS,
    group=None,
    slot_minutes: int | None = None,
) -> ResearchRequest:
    """A new request, made once the researcher has answered how they would like input
    and what the project is (never an empty one: "Request public input" alone writes
    nothing), which they go on to fill in one page at a time. `group` (a reference
    group page, or None for "the involvement team will choose") and `slot_minutes`
    are kept only for the routes that ask them."""
    if not researcher.has_role(roles.RESEARCHER):
        raise ResearchRequestError(_("Only approved researchers can ask for public input."))
    route = Route(route)
    return ResearchRequest.objects.create(
        researcher=researcher,
        project_title=project_title.strip(),
        summary=summary.strip(),
        route=route,
        group=group if route != Route.INDIVIDUALS else None,
        slot_minutes=slot_minutes if route == Route.MEETING_SLOT else None,
    )


def research_request_required(research_request: ResearchRequest) -> list[str]:
    """The answers a request must have before it is sent, for its route."""
    if research_request.route == Route.INDIVIDUALS:
        return REQUIRED_FOR_SUBMIT
    if research_request.route == Route.MEETING_SLOT:
        return [*REQUIRED_FOR_GROUP_ROUTE, "slot_minutes"]
    return REQUIRED_FOR_GROUP_ROUTE


def research_request_missing_answers(research_request: ResearchRequest) -> list[str]:
    return [
        name
        for name in research_request_required(research_request)
        if getattr(research_request, name) in (None, "")
    ]


@transaction.atomic
def research_request_submit(*, research_request: ResearchRequest) -> ResearchRequest:
    """Send the request to the involvement team (first time, or after changes)."""
    research_request = ResearchRequest.objects.select_for_update().get(pk=research_request.pk)
    if not research_request.is_editable_by_researcher:
        raise ResearchRequestError(_("This request has already been sent."))
    if research_request_missing_answers(research_request):
        raise ResearchRequestError(_("Answer every question before sending the request."))
    if research_request.deadline < timezone.localdate():
        if research_request.route == Route.INDIVIDUALS:
            raise ResearchRequestError(
                _("The date you need people by has passed. Change it first.")
            )
        raise ResearchRequestError(
            _("The date you need the group's input by has passed. Change it first.")
        )
    # Their first request ever sent (not one sent again after changes): the apps
    # above may follow it (training invites them to its course for researchers).
    first = (
        research_request.submitted_at is None
        and not ResearchRequest.objects.filter(
            researcher=research_request.researcher_id, submitted_at__isnull=False
        )
        .exclude(pk=research_request.pk)
        .exists()
    )
    research_request.status = ResearchRequest.Status.SUBMITTED
    research_request.submitted_at = timezone.now()
    research_request.save(update_fields=["status", "submitted_at", "updated_at"])
    event = ResearchRequestEvent.objects.create(
        request=research_request, status=research_request.status, by=research_request.researcher
    )
    email_person(
        user=research_request.researcher,
        template="opportunities/email/request_status",
        context={"research_request": research_request},
        key=f"request-event:{event.pk}",
    )
    research_request_sent.send(sender=User, researcher=research_request.researcher, first=first)
    return research_request


@transaction.atomic
def research_request_set_status(
    *, research_request: ResearchRequest, status: str, message: str, by: User
) -> ResearchRequest:
    """Staff move a request on, with a message the researcher is emailed."""
    research_request = ResearchRequest.objects.select_for_update().get(pk=research_request.pk)
    own_record_refuse(person=research_request.researcher_id, by=by, error=ResearchRequestError)
    if status not in STAFF_TRANSITIONS.get(research_request.status, set()):
        raise ResearchRequestError(
            _("A request that is “%(now)s” cannot be marked “%(new)s”.")
            % {
                "now": research_request.get_status_display(),
                "new": ResearchRequest.Status(status).label,
            }
        )
    message = message.strip()
    if status in NEEDS_MESSAGE and not message:
        raise ResearchRequestError(
            _("Write a message to the researcher saying what to change, or why.")
        )
    research_request.status = status
    research_request.status_message = message
    research_request.save(update_fields=["status", "status_message", "updated_at"])
    event = ResearchRequestEvent.objects.create(
        request=research_request, status=status, message=message, by=by
    )
    log(
        instance=research_request,
        action="roundtable.request_status",
        user=by,
        data={"status": status},
    )
    if research_request.researcher:
        email_person(
            user=research_request.researcher,
            template="opportunities/email/request_status",
            context={"research_request": research_request},
            key=f"request-event:{event.pk}",
        )
    return research_request


def _default_time_commitment(role_kind: str) -> str:
    long_roles = {RoleKind.CO_APPLICANT, RoleKind.STEERING, RoleKind.PUBLIC_RESEARCHER}
    return (
        OpportunityPage.TimeCommitment.ONGOING
        if role_kind in long_roles
        else OpportunityPage.TimeCommitment.SHORT
    )


def _what_involves(research_request: ResearchRequest) -> str:
    """Each answer in a paragraph of its own, under what it says (rich text), rather
    than run together: the kind of role, the time it takes, who is wanted."""
    parts = [
        (_("What you would do:"), research_request.get_role_kind_display()),
        (_("Time it takes:"), research_request.time_needed),
        (_("Who we are looking for:"), research_request.experience_wanted),
    ]
    return "".join(
        format_html("<p><b>{}</b> {}</p>", label, answer.strip())
        for label, answer in parts
        if answer and answer.strip()
    )


def _payment_offer(research_request: ResearchRequest, *, on: datetime.date) -> str:
    """The rate card's figure for an opportunity (from the app that keeps rate cards,
    through involvement's hook), then anything the researcher added about payment."""
    if research_request.payment_offer == PaymentOffer.RATE_POLICY:
        offer = payment_offer_words(Activity.Kind.OPPORTUNITY, on=on) or _(
            "Paid at our organisation's rates: add the amount before publishing."
        )
    else:
        offer = _("To be agreed before you start.")
    return f"{offer} {research_request.payment_detail.strip()}".strip()


@transaction.atomic
def opportunity_create_from_research_request(
    *, research_request: ResearchRequest, by: User
) -> OpportunityPage:
    """A draft opportunity, filled in from the request, for staff to edit and publish."""
    index = OpportunityIndexPage.objects.first()
    if index is None:
        raise ResearchRequestError(_("Add an opportunities page to the site first."))
    research_request = ResearchRequest.objects.select_for_update().get(pk=research_request.pk)
    if research_request.route != Route.INDIVIDUALS:
        # A slot goes on a meeting's agenda, comments into a round: never an opportunity.
        raise ResearchRequestError(
            _(
                "This request asks a reference group, not individual members: add it to a "
                "meeting's agenda, or start a comment round, instead."
            )
        )
    if research_request.status not in (
        ResearchRequest.Status.ACCEPTED,
        ResearchRequest.Status.IN_REVIEW,
    ):
        raise ResearchRequestError(_("Accept the request, or start reviewing it, first."))
    today = timezone.localdate()
    closing = (
        research_request.deadline
        if research_request.deadline and research_request.deadline > today
        else None
    )
    page = OpportunityPage(
        title=research_request.project_title,
        summary=research_request.summary[:600],
        what_involves=_what_involves(research_request),
        time_commitment=_default_time_commitment(research_request.role_kind),
        dates=(research_request.dates_needed or "")[:300],
        format=research_request.format,
        place=research_request.place,
        is_paid=True,
        payment_offer=_payment_offer(research_request, on=today)[:300],
        places=research_request.people_needed or 1,
        closing_date=closing or today + datetime.timedelta(days=28),
        request=research_request,
        researcher=research_request.researcher,
        live=False,
    )
    if page.format in (Format.IN_PERSON, Format.MIXED) and not page.place:
        # The page needs a place for in-person roles; staff fill it in before publishing.
        page.place = _("To be confirmed")
    index.add_child(instance=page)
    page.topics.set(research_request.topics.all())
    page.skills.set(research_request.skills.all())
    page.save_revision(user=by, log_action=True)
    return page
