"""Factories for tests, the demo data and the benchmark."""

import datetime

import factory
from django.utils import timezone

from home.rich_text import rich_text_from_plain
from home.sessions import session_times  # noqa: F401  (tests and the demo data use it from here)
from members.factories import ResearcherFactory
from opportunities.models import (
    AgendaItem,
    Application,
    CommentRound,
    Format,
    GroupMeeting,
    MeetingMode,
    OpportunityPage,
    OpportunitySession,
    Paper,
    ResearchRequest,
)
from opportunities.services.opportunities import opportunity_index_get_or_create


def opportunity_create(
    *, publish: bool = True, topics=(), groups=(), sessions=(), **fields
) -> OpportunityPage:
    """An opportunity page under the index (published unless told otherwise), with
    `sessions` as (start, end) pairs of aware date-times."""
    index = opportunity_index_get_or_create()
    n = OpportunityPage.objects.count() + 1
    defaults = {
        "title": f"Opportunity {n}",
        "slug": f"opportunity-{n}-{timezone.now():%H%M%S%f}",
        "summary": "Help us make a leaflet clearer for people with diabetes.",
        "what_involves": "Read a leaflet and tell us what is unclear.",
        "time_commitment": OpportunityPage.TimeCommitment.SHORT,
        "dates": "",
        "format": Format.ONLINE,
        "payment_offer": "£25 for the meeting",
        "places": 2,
        "closing_date": timezone.localdate() + datetime.timedelta(days=21),
    }
    values = {**defaults, **fields}
    if not values["what_involves"].startswith("<"):
        values["what_involves"] = rich_text_from_plain(values["what_involves"])
    page = OpportunityPage(**values)
    page.sessions = [OpportunitySession(starts_at=start, ends_at=end) for start, end in sessions]
    index.add_child(instance=page)
    if topics:
        page.topics.set(topics)
    if groups:
        page.groups.set(groups)
    if publish:
        page.save_revision().publish()
    else:
        page.live = False
        page.save_revision()
        page.save()
    return page


class ResearchRequestFactory(factory.django.DjangoModelFactory):
    """A request as sent: every question answered."""

    class Meta:
        model = ResearchRequest

    researcher = factory.SubFactory(ResearcherFactory)
    project_title = "Living well with type 2 diabetes"
    summary = "We want to know which support helps people manage diabetes at home."
    research_stage = "design"
    role_kind = "reviewing"
    people_needed = 3
    format = Format.ONLINE
    dates_needed = "Two online meetings in March, weekday evenings"
    time_needed = "2 hours each"
    payment_offer = "rate_policy"
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    status = ResearchRequest.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    statement = "I live with diabetes and would like to help."


def meeting_create(
    *, group, days: int = 14, hour: int = 18, hours: int = 2, **fields
) -> GroupMeeting:
    """A meeting of `group` `days` from today at `hour` o'clock UK time (online unless
    told otherwise)."""
    starts_at, ends_at = session_times(days, hour=hour, hours=hours)
    values = {
        "title": f"{group.title}: meeting",
        "mode": MeetingMode.ONLINE,
        "joining_link": "https://meet.example.org/group",
        "starts_at": starts_at,
        "ends_at": ends_at,
        **fields,
    }
    meeting = GroupMeeting(group=group, **values)
    if meeting.papers_due_on is None:
        meeting.papers_due_on = meeting.default_papers_due_on()
    meeting.full_clean()
    meeting.save()
    return meeting


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    title = factory.Sequence(lambda n: f"Agenda item {n + 1}")
    description = "What would make the leaflet easier to read?"
    minutes = 20
    position = factory.Sequence(lambda n: n)


def comment_round_create(*, group, days: int = 14, **fields) -> CommentRound:
    """A round of `group`, open, closing `days` from now."""
    values = {
        "title": "Comments on our participant leaflet",
        "question": "Is anything unclear? What would you change?",
        "closes_at": timezone.now() + datetime.timedelta(days=days),
        "status": CommentRound.Status.OPEN,
        "opened_at": timezone.now(),
        **fields,
    }
    return CommentRound.objects.create(group=group, **values)


# The smallest file a PDF reader opens: enough for the upload check and a download.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def paper_create(*, meeting=None, comment_round=None, agenda_item=None, **fields) -> Paper:
    """A paper (a tiny PDF) for a meeting, one of its items, or a comment round."""
    from django.core.files.base import ContentFile

    if agenda_item is not None and meeting is None:
        meeting = agenda_item.meeting
    paper = Paper(
        meeting=meeting,
        comment_round=comment_round,
        agenda_item=agenda_item,
        title=fields.pop("title", "Participant leaflet"),
        content_type="application/pdf",
        size=len(TINY_PDF),
        **fields,
    )
    paper.file.save("paper.pdf", ContentFile(TINY_PDF), save=False)
    paper.save()
    return paper
