"""Demo requests, opportunities and applications for `make run` (development only)."""

import datetime

from django.utils import timezone

from involvement.services import impact_add
from members.models import ReferenceGroupPage, Region, Topic, User
from opportunities.factories import (
    opportunity_create,
    opportunity_index_get_or_create,
    session_times,
)
from opportunities.models import Application, OpportunityPage, ResearchRequest
from opportunities.services.applications import application_submit
from opportunities.services.involvement import (
    application_involvement_record,
    opportunity_activity_sync,
)
from opportunities.services.research_requests import research_request_set_status
from opportunities.services.selection import application_decide

TUESDAY = 1


def _weekday_after(today: datetime.date, days: int, weekday: int) -> int:
    """How many days from today to the first `weekday` at least `days` away."""
    day = today + datetime.timedelta(days=days)
    return days + (weekday - day.weekday()) % 7


def demo_extend() -> None:
    """Called by `load_demo_data` after the members' demo data. Safe to run again."""
    demo_meetings_create()
    demo_comment_round()  # comment_rounds
    index = opportunity_index_get_or_create()
    if OpportunityPage.objects.child_of(index).exists():
        return
    today = timezone.localdate()
    researcher = User.objects.get(email="researcher@example.org")
    staff = User.objects.get(email="officer@example.org")

    accepted = ResearchRequest.objects.create(
        researcher=researcher,
        project_title="Making diabetes check-ups easier to get to",
        summary=(
            "Many people miss their yearly diabetes check. We want to find out why, and "
            "test ideas that make it easier."
        ),
        research_stage="design",
        role_kind="reviewing",
        people_needed=4,
        format="online",
        dates_needed="Two online meetings in the next two months, weekday evenings",
        time_needed="2 hours each",
        payment_offer="rate_policy",
        deadline=today + datetime.timedelta(days=21),
        status=ResearchRequest.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    accepted.topics.set(Topic.objects.filter(name="Diabetes"))
    research_request_set_status(
        research_request=accepted, status="accepted", message="Thank you!", by=staff
    )
    ResearchRequest.objects.create(
        researcher=researcher,
        project_title="Carers' experience of hospital discharge",
        summary="How can hospitals involve carers better when someone goes home?",
        research_stage="priorities",
        role_kind="steering",
        people_needed=6,
        format="mixed",
        place="Leeds General Infirmary",
        dates_needed="Quarterly meetings for two years",
        time_needed="3 hours a quarter",
        payment_offer="to_be_agreed",
        deadline=today + datetime.timedelta(days=40),
        status=ResearchRequest.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )

    metabolic = Topic.objects.filter(name="Diabetes")
    carer = Topic.objects.filter(name="Carer")
    diabetes_group = ReferenceGroupPage.objects.get(slug="living-with-diabetes")
    checkups = opportunity_create(
        title="Help us make diabetes check-ups easier to get to",
        slug="diabetes-check-ups",
        summary=accepted.summary,
        what_involves=(
            "Two online meetings of up to 2 hours. We share some ideas and you tell us "
            "what would work for you."
        ),
        dates="",
        sessions=[session_times(_weekday_after(today, 28, TUESDAY) + week) for week in (0, 7)],
        payment_offer="£25 for each meeting",
        places=4,
        closing_date=today + datetime.timedelta(days=21),
        topics=list(metabolic),
        request=accepted,
        researcher=researcher,
    )
    opportunity_create(
        title="Review a leaflet about going home from hospital",
        slug="discharge-leaflet",
        summary="Read a short leaflet for carers and tell us what is unclear or missing.",
        what_involves="Read 4 pages at home and send us your comments.",
        dates="Any time in the next 10 days, at home: there are no meetings.",
        format="paper",
        payment_offer="£20 for the review",
        places=5,
        closing_date=today + datetime.timedelta(days=10),
        topics=list(carer),
    )
    opportunity_create(
        title="Join the stroke research steering group",
        slug="stroke-steering-group",
        summary="Help steer a two-year study of rehabilitation after stroke.",
        what_involves="Four meetings a year in Leeds, with papers sent in advance.",
        time_commitment="ongoing",
        dates="Four meetings a year for two years; the later dates are agreed at the first.",
        sessions=[session_times(days, hour=10, hours=3) for days in (60, 151)],
        format="in_person",
        region=Region.objects.get(name="Yorkshire and the Humber"),
        place="Leeds",
        payment_offer="£75 for each meeting of up to half a day",
        access_support="Step-free venue, hearing loop, papers in large print on request.",
        places=2,
        closing_date=today + datetime.timedelta(days=45),
        topics=list(Topic.objects.filter(hrcs_category="stroke", parent=None)),
    )
    opportunity_create(
        title="Group members only: test a new diabetes app",
        slug="diabetes-app-testing",
        summary="Try a new app for a week and tell us what works.",
        what_involves="Use the app for a week, then a 1-hour video call.",
        dates="Plus a week using the app at home before the call.",
        sessions=[session_times(24, hour=11, hours=1)],
        payment_offer="£30 voucher",
        places=3,
        closing_date=today + datetime.timedelta(days=14),
        visibility="groups",
        groups=[diabetes_group],
    )

    # Applications: a past opportunity someone took part in, and current applicants.
    past = opportunity_create(
        title="Comment on a research question about insulin pumps",
        slug="insulin-pumps-question",
        closing_date=today + datetime.timedelta(days=1),
        places=2,
    )
    grace = User.objects.get(email="grace@example.org")
    past_application = application_submit(
        member=grace, opportunity=past, statement="I use a pump myself."
    )
    application_decide(application=past_application, status="selected", message="", by=staff)
    application_involvement_record(
        application=past_application,
        attended=True,
        started_on=today - datetime.timedelta(days=60),
        hours=2,
        by=staff,
    )
    impact_add(
        activity=opportunity_activity_sync(opportunity=past),
        what_changed="The question now asks about night-time alarms, as you suggested.",
        by=staff,
    )
    OpportunityPage.objects.filter(pk=past.pk).update(
        closing_date=today - datetime.timedelta(days=30)
    )
    for email in ["grace@example.org", "tomas@example.org", "member@example.org"]:
        member = User.objects.filter(email=email).first()
        if member and not Application.objects.filter(member=member, opportunity=checkups).exists():
            application_submit(
                member=member,
                opportunity=checkups,
                statement="I have lived with diabetes for years and want to help.",
                share_name=True,
            )


# Group meetings: a monthly series for the diabetes group, with a researcher's request
# given a slot at the first meeting.
DEMO_SERIES_TITLE = "Living with diabetes: monthly meeting"


def demo_meetings_create() -> None:
    """The first Tuesday of every month, 6pm to 8pm online, for about three months; the
    first meeting has a demo slot request on its agenda. Safe to run again."""
    from opportunities.models import MeetingSeries, Route
    from opportunities.services.meeting_admin import agenda_slot_accept, meeting_series_create

    group = ReferenceGroupPage.objects.filter(slug="living-with-diabetes").first()
    if group is None or MeetingSeries.objects.filter(group=group, title=DEMO_SERIES_TITLE).exists():
        return
    staff = User.objects.get(email="officer@example.org")
    researcher = User.objects.get(email="researcher@example.org")
    today = timezone.localdate()
    _series, meetings = meeting_series_create(
        group=group,
        by=staff,
        title=DEMO_SERIES_TITLE,
        frequency="monthly",
        weekday=TUESDAY,
        week_of_month=1,
        every_weeks=None,
        start_time=datetime.time(18),
        duration_minutes=120,
        first_date=today + datetime.timedelta(days=1),
        until=today + datetime.timedelta(days=95),
        mode="online",
        place="",
        access_information="Live captions. Papers in large print or easy read on request.",
        joining_link="https://meet.example.org/living-with-diabetes",
    )
    slot = ResearchRequest.objects.create(
        researcher=researcher,
        project_title="Choosing a blood glucose meter",
        route=Route.MEETING_SLOT,
        group=group,
        slot_minutes=30,
        summary="Which features matter most to people choosing a meter, and why?",
        research_stage="design",
        role_kind="reviewing",
        format="online",
        dates_needed="At the group's next meeting",
        time_needed="30 minutes",
        payment_offer="rate_policy",
        deadline=today + datetime.timedelta(days=60),
        status=ResearchRequest.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    first = meetings[0]
    agenda_slot_accept(
        research_request=slot,
        meeting=first,
        minutes=30,
        papers_due_on=first.papers_due_on,
        what_to_send="A one-page summary of the study and the questions for the group.",
        by=staff,
    )


# comment_rounds
DEMO_ROUND_TITLE = "Comments on our new appointment letter"


def demo_comment_round() -> None:
    """An open written comment round for the diabetes group (its members see it on the
    group page and their account). Opened without emailing anyone; made once."""
    from opportunities.factories import comment_round_create
    from opportunities.models import CommentRound
    from opportunities.services.meetings import comment_round_activity_sync

    group = ReferenceGroupPage.objects.filter(slug="living-with-diabetes").first()
    if group is None or CommentRound.objects.filter(title=DEMO_ROUND_TITLE).exists():
        return
    comment_round = comment_round_create(
        group=group,
        title=DEMO_ROUND_TITLE,
        question=(
            "We are rewriting the letter that invites people to their yearly diabetes "
            "check. Is anything unclear or off-putting? What would make you more likely "
            "to go?"
        ),
        expected_minutes=30,
        created_by=User.objects.filter(email="officer@example.org").first(),
    )
    comment_round_activity_sync(comment_round=comment_round)


# end comment_rounds
