from opportunities.models.applications import Application, ApplicationEvent
from opportunities.models.involvement import ImpactEntry, Involvement
from opportunities.models.pages import OpportunityIndexPage, OpportunityPage
from opportunities.models.requests import (
    Format,
    PaymentOffer,
    ResearchRequest,
    ResearchRequestEvent,
    ResearchStage,
    RoleKind,
)

__all__ = [
    "Application",
    "ApplicationEvent",
    "Format",
    "ImpactEntry",
    "Involvement",
    "OpportunityIndexPage",
    "OpportunityPage",
    "PaymentOffer",
    "ResearchRequest",
    "ResearchRequestEvent",
    "ResearchStage",
    "RoleKind",
]
