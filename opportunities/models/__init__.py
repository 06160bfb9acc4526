"""The app's models, one module per area; import them from here."""

from opportunities.models.applications import Application, ApplicationEvent
from opportunities.models.comment_rounds import CommentRound, RoundResponse
from opportunities.models.listing import OpportunityIndexPage
from opportunities.models.lottery import Lottery, LotteryEntry
from opportunities.models.matching import Invitation, NotForMe
from opportunities.models.meetings import (
    AgendaItem,
    GroupMeeting,
    MeetingMode,
    MeetingNotes,
    MeetingReply,
    MeetingSeries,
    NotesCorrection,
)
from opportunities.models.opportunities import OpportunityPage
from opportunities.models.papers import Paper
from opportunities.models.research_requests import (
    Format,
    PaymentOffer,
    ResearchRequest,
    ResearchRequestEvent,
    ResearchStage,
    RoleKind,
    Route,
)
from opportunities.models.sessions import OpportunitySession

__all__ = [
    "AgendaItem",
    "Application",
    "ApplicationEvent",
    "CommentRound",
    "Format",
    "GroupMeeting",
    "Invitation",
    "Lottery",
    "LotteryEntry",
    "MeetingMode",
    "MeetingNotes",
    "MeetingReply",
    "MeetingSeries",
    "NotForMe",
    "NotesCorrection",
    "OpportunityIndexPage",
    "OpportunityPage",
    "OpportunitySession",
    "Paper",
    "PaymentOffer",
    "ResearchRequest",
    "ResearchRequestEvent",
    "ResearchStage",
    "RoleKind",
    "RoundResponse",
    "Route",
]
