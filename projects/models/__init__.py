"""The co-production record: an accepted research request as the team's shared space.

projects.py     Project, TeamMember, StageChange
conversation.py Post (messages and the researcher's progress updates)
agreement.py    AgreementVersion, AgreementAcceptance (the team's ground rules)
decisions.py    Decision, Endorsement, DecisionComment, Dissent
reflections.py  ReflectionInvitation, Reflection, CheckIn, ConfidenceCheckIn
reports.py      GrippReport, ImpactReminder
"""

from .agreement import AgreementAcceptance, AgreementVersion
from .conversation import Post
from .decisions import Decision, DecisionComment, Dissent, Endorsement
from .projects import Project, StageChange, TeamMember, TeamRole
from .reflections import (
    CheckIn,
    ConfidenceCheckIn,
    Reflection,
    ReflectionInvitation,
)
from .reports import GrippReport, ImpactReminder

__all__ = [
    "AgreementAcceptance",
    "AgreementVersion",
    "CheckIn",
    "ConfidenceCheckIn",
    "Decision",
    "DecisionComment",
    "Dissent",
    "Endorsement",
    "GrippReport",
    "ImpactReminder",
    "Post",
    "Project",
    "Reflection",
    "ReflectionInvitation",
    "StageChange",
    "TeamMember",
    "TeamRole",
]
