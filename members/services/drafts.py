"""Unsent answers of multi-page journeys (equality monitoring, applications), kept
server-side in members.models.JourneyDraft: home's DraftStore over that model."""

from home.journeys import DraftStore
from members.models import JourneyDraft

# The one store of people's unsent answers; the session holds only a token naming them.
journey_drafts = DraftStore(JourneyDraft)

# The old function names, only for opportunities/views/applications.py until it uses
# journey_drafts too (being changed on another branch): delete these once nothing
# imports them.
draft_get = journey_drafts.get
draft_save = journey_drafts.save
draft_discard = journey_drafts.discard
