"""The people and things the comment round tests share: a group with two active
members, a researcher whose request asks the group for written comments, and an open
round answering it."""

from dataclasses import dataclass

from members.factories import MemberFactory, ResearcherFactory
from members.models import GroupMembership, ReferenceGroupPage, User
from opportunities.factories import ResearchRequestFactory, comment_round_create
from opportunities.models import CommentRound, ResearchRequest
from opportunities.models.research_requests import Route


def demo_group(slug: str = "living-with-diabetes") -> ReferenceGroupPage:
    from members.demo_content import demo_groups_create

    return next(g for g in demo_groups_create() if g.slug == slug)


def active_member(group: ReferenceGroupPage, **fields) -> User:
    member = MemberFactory(**fields)
    GroupMembership.objects.create(
        member=member,
        group=group,
        status=GroupMembership.Status.ACTIVE,
        # The rules as they stand: otherwise signing in asks them to agree first.
        ground_rules_version=group.current_ground_rules(),
    )
    return member


@dataclass
class RoundWorld:
    group: ReferenceGroupPage
    alice: User
    bob: User
    researcher: User
    request: ResearchRequest
    comment_round: CommentRound


def round_world(**round_fields) -> RoundWorld:
    group = demo_group()
    alice = active_member(group, email="alice@example.org", name="Alice Ng")
    bob = active_member(group, email="bob@example.org", name="Bob O'Neill")
    researcher = ResearcherFactory(email="dr.lee@example.org", name="Dr Lee")
    request = ResearchRequestFactory(
        researcher=researcher, route=Route.COMMENTS, group=group, project_title="Leaflet study"
    )
    comment_round = comment_round_create(
        group=group, request=request, expected_minutes=30, **round_fields
    )
    return RoundWorld(group, alice, bob, researcher, request, comment_round)
