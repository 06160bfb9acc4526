from members.models.consent import ConsentRecord
from members.models.drafts import JourneyDraft
from members.models.equality import (
    EqualityBenchmark,
    EqualityDashboardView,
    EqualityPublication,
    EqualityResponse,
)
from members.models.groups import (
    GroundRulesVersion,
    GroupMembership,
    ReferenceGroupIndexPage,
    ReferenceGroupPage,
)
from members.models.personal_data import AccountErasure
from members.models.profiles import FLAG_GROUPS, MemberProfile
from members.models.taxonomy import Region, Skill, Topic
from members.models.users import User, UserManager, UserQuerySet

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
    "ReferenceGroupIndexPage",
    "ReferenceGroupPage",
    "Region",
    "Skill",
    "Topic",
    "User",
    "UserManager",
    "UserQuerySet",
]
