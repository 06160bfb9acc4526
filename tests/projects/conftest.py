"""Fixtures shared by the projects tests: one project and everyone around it."""

from dataclasses import dataclass

import pytest

from members.factories import MemberFactory, ResearcherFactory, StaffFactory
from members.models import User
from projects.factories import project_create
from projects.models import Project


@dataclass
class World:
    project: Project
    researcher: User  # on the team
    staff: User  # on the team (has the staff role; needs admin_login for its privileges)
    ana: User  # member on the team, a co-production lead
    ben: User  # member on the team
    other_member: User  # a member not on the team
    other_researcher: User  # a researcher not on the team
    other_staff: User  # staff not on the team (sees every project with the second factor)


@pytest.fixture
def world(db) -> World:
    researcher = ResearcherFactory(
        email="rhiannon@research.example.ac.uk", name="Dr Rhiannon Jones"
    )
    staff = StaffFactory(email="officer@example.org", name="Tomasz Wiśniewski")
    ana = MemberFactory(email="ana@example.org", name="Ana Silva")
    ben = MemberFactory(email="ben@example.org", name="Ben O'Neill")
    project = project_create(researcher=researcher, staff=staff, members=[ana, ben], leads=[ana])
    return World(
        project=project,
        researcher=researcher,
        staff=staff,
        ana=ana,
        ben=ben,
        other_member=MemberFactory(email="cat@example.org", name="Cat Nguyen"),
        other_researcher=ResearcherFactory(email="other@research.example.ac.uk"),
        other_staff=StaffFactory(email="other.officer@example.org"),
    )
