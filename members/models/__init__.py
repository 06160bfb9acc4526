"""The members app's models, one module per area; re-exported here (Django's convention)."""

from members.models.accounts import User, UserManager, UserQuerySet
from members.models.consent import ConsentRecord
from members.models.drafts import JourneyDraft
from members.models.equality import (
    EqualityBenchmark,
    EqualityDashboardView,
    EqualityPublication,
    EqualityResponse,
)
from members.models.groups import GroundRulesVersion, ReferenceGroupIndexPage, ReferenceGroupPage
from members.models.memberships import GroupMembership, MembershipQuerySet
from members.models.personal_data import AccountErasure
from members.models.profiles import FLAG_GROUPS, MemberProfile
from members.models.taxonomy import HrcsCategory, Region, ResearchStage, Skill, Topic

__all__ = [
    "JourneyDraft",
    "EqualityBenchmark",
    "EqualityDashboardView",
    "EqualityPublication",
    "EqualityResponse",
    "AccountErasure",
    "FLAG_GROUPS",
    "ConsentRecord",
    "MemberProfile",
    "GroundRulesVersion",
    "GroupMembership",
    "MembershipQuerySet",
    "ReferenceGroupIndexPage",
    "ReferenceGroupPage",
    "Region",
    "ResearchStage",
    "Skill",
    "Topic",
    "HrcsCategory",
    "User",
    "UserManager",
    "UserQuerySet",
]
