"""Reads for the staff screens: the shortlist with its fairness figures."""

import datetime
from typing import NamedTuple

from django.db.models import (
    Case,
    Count,
    DateField,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from home.datetimes import format_date
from home.page_cache import public_fragment
from involvement.models import Involvement
from involvement.selectors import impact_for_member, involvement_payments, involvements_of
from members.selectors.profiles import member_count_who_might_fit
from opportunities.matching.core import FORMATS
from opportunities.models import Application, OpportunityIndexPage, OpportunityPage, Route
from opportunities.selectors.meetings_research import comments_next_step, meeting_slot_next_step

RECENT_DAYS = 365

# Shown above the shortlist, so the order is never a mystery.
ORDER_EXPLAINED = (
    "People who have never taken part come first, then those who took part least in the "
    "last 12 months, then those whose last involvement was longest ago; ties go to whoever "
    "applied first. This helps you look beyond the people who are always involved. It is a "
    "starting point: you choose."
)


def shortlist(opportunity: OpportunityPage, *, today: datetime.date | None = None):
    """The opportunity's applications with, for each applicant, how often and how
    recently they took part, in the fair default order. One query, whatever the size."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=RECENT_DAYS)
    attended = Involvement.objects.filter(member=OuterRef("member"), attended=True)
    recent_count = (
        attended.filter(started_on__gte=since)
        .order_by()
        .values("member")
        .annotate(n=Count("pk"))
        .values("n")
    )
    last_date = attended.order_by().values("member").annotate(last=Max("started_on")).values("last")
    # No equality marks here: they need their own permission and are logged, so the
    # shortlist view asks members.selectors.equality.seeks_voices_matches for them.
    applications = Application.objects.filter(opportunity=opportunity)
    return (
        applications.select_related("member__profile__region")
        .annotate(
            recent_involvements=Coalesce(
                Subquery(recent_count, output_field=IntegerField()), Value(0)
            ),
            last_involved=Subquery(last_date, output_field=DateField()),
            is_new=Case(
                When(Q(last_involved__isnull=True), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            is_withdrawn=Case(
                When(status=Application.Status.WITHDRAWN, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .order_by(
            "is_withdrawn",
            "-is_new",
            "recent_involvements",
            # Oldest last involvement first; nobody without one is left at this point.
            "last_involved",
            "submitted_at",
            "pk",
        )
    )


def opportunities_with_counts():
    """Opportunities for the staff list, with applicant and selected counts."""
    return OpportunityPage.objects.annotate(
        applicants=Count(
            "applications", filter=~Q(applications__status=Application.Status.WITHDRAWN)
        ),
        selected=Count("applications", filter=Q(applications__status=Application.Status.SELECTED)),
    ).order_by("-closing_date", "-pk")


def opportunities_index_url() -> str:
    """Where "Find opportunities" links go ("" before there is a public listing),
    kept with the public pages (home.page_cache)."""
    return public_fragment("opportunities-index-url", _opportunities_index_url)


def _opportunities_index_url() -> str:
    index = OpportunityIndexPage.objects.live().public().first()
    return index.url if index else ""


# How long the involvement team takes, as the pages promise it ("within 5 working days").
REVIEW_DAYS = 7
PUBLISH_DAYS = 14


def research_request_next_step(
    research_request, *, opportunities=(), agenda_items=(), comment_rounds=()
) -> str:
    """What happens next to a researcher's request, in one or two plain sentences, for
    its status (the list and the request's own page say it beside the status).

    `opportunities`: the live opportunities made from it, when the caller has them;
    `agenda_items` and `comment_rounds`: its slots on meetings' agendas and its rounds
    (opened ones), for a request that asked a reference group."""
    status = research_request.status
    Status = type(research_request).Status
    if status == Status.DRAFT:
        return _(
            "Not sent yet: the involvement team sees it once you send it. Answer every "
            "question, check your answers, then send it."
        )
    if status == Status.SUBMITTED:
        sent = research_request.submitted_at or timezone.now()
        return _(
            "The involvement team will look at it by %(date)s. We email you when its "
            "status changes."
        ) % {"date": format_date(sent + datetime.timedelta(days=REVIEW_DAYS), weekday=False)}
    if status == Status.IN_REVIEW:
        return _(
            "The involvement team is reviewing it. They will accept it, or ask you for "
            "changes, and email you either way."
        )
    if status == Status.CHANGES_REQUESTED:
        return _(
            "Change what the involvement team asked for (their message says what), then "
            "send it again."
        )
    if status == Status.DECLINED:
        return _(
            "The involvement team cannot take this request on: their message says why. "
            "You can ask for public input again at any time."
        )
    # Accepted.
    if research_request.route == Route.MEETING_SLOT:
        return meeting_slot_next_step(research_request, list(agenda_items))
    if research_request.route == Route.COMMENTS:
        return comments_next_step(research_request, list(comment_rounds))
    live = [page for page in opportunities if page.live]
    if live:
        closing = min(page.closing_date for page in live)
        return _(
            "Members can apply until %(date)s. Then the involvement team chooses people "
            "fairly and tells you how many applied."
        ) % {"date": format_date(closing, weekday=False)}
    accepted = timezone.localtime(research_request.updated_at or timezone.now()).date()
    by = accepted + datetime.timedelta(days=PUBLISH_DAYS)
    if research_request.deadline:
        by = min(by, research_request.deadline)
    return _(
        "We will publish the opportunity for members by %(date)s, and email you when we do."
    ) % {"date": format_date(by, weekday=False)}


# The profile's "ways to take part" flag for each request format ("mixed" suits all).
_FORMAT_FLAG = {code: f"format_{code}" for code in FORMATS}


class MemberCountSentence(NamedTuple):
    """The sentence a researcher reads about how many members might fit, and
    `rounded_to`: the base the figure in it was rounded to, or None when it gives no
    figure ("Fewer than …"), so the page explains rounding only when there was some."""

    text: str
    rounded_to: int | None

    def __str__(self) -> str:
        return self.text


def research_request_member_count(research_request) -> MemberCountSentence:
    """For the request's researcher while they write it: one sentence on how many
    members might fit its topics and format ("About 40 members told us about these
    topics."). An aggregate only, suppressed and rounded as every aggregate about
    health conditions is (members.selectors.profiles.member_count_who_might_fit);
    never who, never which topic each chose. A fixed number of queries."""
    topic_ids = [topic.pk for topic in research_request.topics.all()]
    flag = _FORMAT_FLAG.get(research_request.format)
    count = member_count_who_might_fit(topic_ids=topic_ids, format_flag=flag)
    if count.about is None:
        return MemberCountSentence(_fewer_than(count.threshold, topic_ids, flag), None)
    about = {"count": number_format(count.about, force_grouping=True)}
    if topic_ids and flag:
        text = (
            _("About %(count)s members told us about these topics and can take part this way.")
            % about
        )
    elif topic_ids:
        text = _("About %(count)s members told us about these topics.") % about
    elif flag:
        text = _("About %(count)s members can take part this way.") % about
    else:
        text = _("About %(count)s members are in our reference groups.") % about
    return MemberCountSentence(text, count.base)


def _fewer_than(threshold: int, topic_ids: list[int], flag: str | None) -> str:
    fewer = {"threshold": threshold}
    if topic_ids and flag:
        return (
            _(
                "Fewer than %(threshold)s members told us about these topics and can take "
                "part this way: the involvement team may look further afield."
            )
            % fewer
        )
    if topic_ids:
        return (
            _(
                "Fewer than %(threshold)s members told us about these topics: the "
                "involvement team may look further afield."
            )
            % fewer
        )
    if flag:
        return (
            _(
                "Fewer than %(threshold)s members can take part this way: the involvement team "
                "may look further afield."
            )
            % fewer
        )
    # No topics and no way of taking part chosen: the count is everyone in the groups.
    return (
        _(
            "Fewer than %(threshold)s members are in our reference groups: the involvement "
            "team may look further afield."
        )
        % fewer
    )


class TimelineStep(NamedTuple):
    """One step of an application's timeline. `state`: "done", "now" or "to_come"."""

    title: str
    state: str
    text: str
    detail: tuple[str, ...] = ()


def applications_with_timelines(member, applications: list) -> list:
    """Each application with its `timeline`: received → decision → selected → took
    part → paid → what difference it made, as far as it has got. A fixed number of
    queries for a page of applications: their involvement, impact and payments are
    read for all of them at once (payments from the app that keeps them, through
    involvement's hook)."""
    activity_ids = [a.opportunity.activity_id for a in applications if a.opportunity.activity_id]
    involvements = {
        i.activity_id: i for i in involvements_of(member).filter(activity_id__in=activity_ids)
    }
    impact: dict[int, list] = {}
    for entry in impact_for_member(member, limit=None, activity_ids=activity_ids):
        impact.setdefault(entry.activity_id, []).append(entry.what_changed)
    payments = involvement_payments([i.pk for i in involvements.values()])
    for application in applications:
        involvement = involvements.get(application.opportunity.activity_id)
        application.timeline = _timeline(
            application,
            involvement=involvement,
            payment=payments.get(involvement.pk) if involvement else None,
            impact=impact.get(application.opportunity.activity_id, []),
        )
    return applications


def _timeline(application, *, involvement, payment, impact) -> list[TimelineStep]:
    def day(value) -> str:
        return format_date(value, weekday=False)

    Status = type(application).Status
    opportunity = application.opportunity
    decision_by = day(opportunity.decision_date)
    status = application.status
    steps = [
        TimelineStep(
            _("Received"),
            "done",
            _("We received your application on %(date)s. You will hear from us by %(by)s.")
            % {"date": day(application.submitted_at), "by": decision_by},
        )
    ]
    if status == Status.WITHDRAWN:
        return [*steps, TimelineStep(_("Withdrawn"), "done", _("You withdrew your application."))]
    if status == Status.NOT_SELECTED:
        return [
            *steps,
            TimelineStep(
                _("Decision"),
                "done",
                _(
                    "We could not offer you a place this time. Please apply for other "
                    "opportunities."
                ),
            ),
        ]
    if status in (Status.SUBMITTED, Status.SHORTLISTED, Status.WAITLISTED):
        now = {
            Status.SUBMITTED: _("The involvement team is reading every application."),
            Status.SHORTLISTED: _("You are on the shortlist."),
            Status.WAITLISTED: _("You are on the waiting list: if a place comes up, it is yours."),
        }[status]
        steps.append(TimelineStep(_("Decision by %(date)s") % {"date": decision_by}, "now", now))
        selected_state = "to_come"
        selected_text = _("If you are offered a place, we email you.")
    else:
        steps.append(
            TimelineStep(_("Decision"), "done", _("The involvement team chose who takes part."))
        )
        selected_state = "done"
        selected_text = _("You were offered a place on %(date)s.") % {
            "date": day(application.decided_at or application.submitted_at)
        }
    steps.append(TimelineStep(_("Selected"), selected_state, selected_text))
    took_part = involvement is not None and involvement.attended
    if took_part:
        steps.append(
            TimelineStep(
                _("Took part"),
                "done",
                _("You took part on %(date)s.") % {"date": day(involvement.started_on)},
            )
        )
    else:
        steps.append(
            TimelineStep(
                _("Took part"),
                "now" if selected_state == "done" else "to_come",
                _("After it happens, the involvement team records that you took part."),
            )
        )
    if opportunity.is_paid:
        steps.append(_payment_step(payment, took_part=took_part, day=day))
    if impact:
        steps.append(TimelineStep(_("What difference you made"), "done", "", tuple(impact)))
    else:
        steps.append(
            TimelineStep(
                _("What difference you made"),
                "to_come",
                _("When the researchers tell us what changed because of your input, it is here."),
            )
        )
    return steps


def _payment_step(payment, *, took_part: bool, day) -> TimelineStep:
    title = _("Paid")
    if payment is None:
        return TimelineStep(
            title,
            "now" if took_part else "to_come",
            _(
                "Once you have taken part, the involvement team works out and approves "
                "your payment."
            ),
        )
    amount = f"£{payment['amount']:.2f}"
    if payment["status"] == "paid":
        when = day(payment["paid_on"]) if payment["paid_on"] else ""
        text = _("We paid you %(amount)s on %(date)s.") if when else _("We paid you %(amount)s.")
        return TimelineStep(title, "done", text % {"amount": amount, "date": when})
    if payment["status"] == "declined":
        return TimelineStep(title, "done", _("You chose not to be paid for this."))
    return TimelineStep(
        title,
        "now",
        _("Your payment of %(amount)s is approved and on its way.") % {"amount": amount},
    )
