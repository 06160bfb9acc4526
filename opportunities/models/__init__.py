"""The app's models, one module per area; import them from here."""

from opportunities.models.applications import Application, ApplicationEvent
from opportunities.models.listing import OpportunityIndexPage
from opportunities.models.lottery import Lottery, LotteryEntry
from opportunities.models.matching import Invitation, NotForMe
from opportunities.models.opportunities import OpportunityPage
from opportunities.models.research_requests import (
    Format,
    PaymentOffer,
    ResearchRequest,
    ResearchRequestEvent,
    ResearchStage,
    RoleKind,
)
from opportunities.models.sessions import OpportunitySession

__all__ = [
    "Application",
    "ApplicationEvent",
    "Format",
    "Invitation",
    "Lottery",
    "LotteryEntry",
    "NotForMe",
    "OpportunityIndexPage",
    "OpportunityPage",
    "OpportunitySession",
    "PaymentOffer",
    "ResearchRequest",
    "ResearchRequestEvent",
    "ResearchStage",
    "RoleKind",
]
