"""Unsent answers of multi-page journeys (equality monitoring, applications), kept
server-side in members.models.JourneyDraft: home's DraftStore over that model."""

from home.journeys import DraftStore
from members.models import JourneyDraft

# The one store of people's unsent answers; the session holds only a token naming them.
journey_drafts = DraftStore(JourneyDraft)
