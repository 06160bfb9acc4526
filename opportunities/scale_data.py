"""Large amounts of realistic data, fast: for the query-budget tests at scale and the
benchmark (benchmarks/listing_and_shortlist.py). Never used by the product itself.

Pages are written in bulk (home.scale_data.pages_bulk_create): one by one, 5,000 would
take minutes.
"""

import datetime
import random

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from home.scale_data import pages_bulk_create
from involvement.models import Activity, Involvement
from involvement.services import involvement_record_bulk
from members import roles
from members.models import MemberProfile, Region, ResearchStage, Skill, Topic, User
from members.models.profiles import FLAG_GROUPS
from opportunities.factories import opportunity_create, opportunity_index_get_or_create
from opportunities.models import Application, Format, OpportunityPage, OpportunitySession

BATCH = 2000


@transaction.atomic
def opportunities_bulk_create(count: int, *, seed: int = 1) -> int:
    rng = random.Random(seed)  # noqa: S311 (made-up data, not secrets)
    index = opportunity_index_get_or_create()
    opportunity_create()  # one made the normal way, so the index has a first child
    topics = list(Topic.objects.filter(parent=None).values_list("pk", flat=True))
    regions = list(Region.objects.values_list("pk", flat=True))
    today = timezone.localdate()
    created = 0
    while created < count:
        batch = []
        for _ in range(min(BATCH, count - created)):
            n = created + len(batch)
            in_person = rng.random() < 0.3
            batch.append(
                OpportunityPage(
                    title=f"Opportunity {n}: {rng.choice(['Review', 'Shape', 'Test', 'Join'])} "
                    f"{rng.choice(['a leaflet', 'a study', 'an app', 'a steering group'])}",
                    slug=f"scale-{seed}-{n}",
                    summary="Help researchers make their work clearer and fairer for patients.",
                    what_involves="<p>Read and comment.</p>",
                    time_commitment=rng.choice(OpportunityPage.TimeCommitment.values),
                    dates="Next month",
                    format=Format.IN_PERSON if in_person else Format.ONLINE,
                    region_id=rng.choice(regions) if in_person else None,
                    place="Leeds" if in_person else "",
                    is_paid=rng.random() < 0.8,
                    payment_offer="£25 an hour",
                    expenses="Travel paid back",
                    access_support="",
                    places=rng.randint(1, 10),
                    closing_date=today + datetime.timedelta(days=rng.randint(-30, 90)),
                    visibility=OpportunityPage.Visibility.ANYONE,
                )
            )
        pages_bulk_create(index, batch)
        through = OpportunityPage.topics.through
        through.objects.bulk_create(
            [through(opportunitypage_id=page.id, topic_id=rng.choice(topics)) for page in batch]
        )
        created += len(batch)
    return created


@transaction.atomic
def matching_opportunities_bulk_create(count: int, *, seed: int = 1) -> list[int]:
    """Open opportunities as staff fill them in for matching: one or two topics (a
    category or a condition), a skill or two, every format, a region for in-person and
    mixed ones, access support now and then, and one or two sessions to come. Published
    just now (so all are "new this week"). Returns their ids."""
    rng = random.Random(seed)  # noqa: S311 (made-up data, not secrets)
    index = opportunity_index_get_or_create()
    topics = list(Topic.objects.values_list("pk", flat=True))
    skills = list(Skill.objects.values_list("pk", flat=True))
    regions = list(Region.objects.values_list("pk", flat=True))
    access = [name for name, _label in FLAG_GROUPS["access"]]
    today = timezone.localdate()
    ids: list[int] = []
    for start in range(0, count, BATCH):
        batch = []
        for n in range(start, min(start + BATCH, count)):
            form = rng.choice(Format.values)
            batch.append(
                OpportunityPage(
                    title=f"Matching {n}: {rng.choice(['Review', 'Shape', 'Test', 'Join'])} "
                    f"{rng.choice(['a leaflet', 'a study', 'an app', 'a steering group'])}",
                    slug=f"matching-{seed}-{n}",
                    summary="Help researchers make their work clearer and fairer for patients.",
                    what_involves="<p>Read and comment.</p>",
                    time_commitment=rng.choice(OpportunityPage.TimeCommitment.values),
                    dates="Next month",
                    format=form,
                    region_id=rng.choice(regions)
                    if regions and form in (Format.IN_PERSON, Format.MIXED)
                    else None,
                    place="Leeds" if form in (Format.IN_PERSON, Format.MIXED) else "",
                    is_paid=rng.random() < 0.8,
                    payment_offer="£25 an hour",
                    expenses="Travel paid back",
                    access_support="",
                    access_offered=[a for a in access if rng.random() < 0.3],
                    places=rng.randint(1, 10),
                    closing_date=today + datetime.timedelta(days=rng.randint(7, 60)),
                    visibility=OpportunityPage.Visibility.ANYONE,
                )
            )
        pages_bulk_create(index, batch)
        topic_through = OpportunityPage.topics.through
        topic_through.objects.bulk_create(
            [
                topic_through(opportunitypage_id=page.id, topic_id=topic)
                for page in batch
                for topic in rng.sample(topics, rng.randint(1, 2))
            ]
        )
        skill_through = OpportunityPage.skills.through
        skill_through.objects.bulk_create(
            [
                skill_through(opportunitypage_id=page.id, skill_id=skill)
                for page in batch
                for skill in rng.sample(skills, min(len(skills), rng.randint(0, 2)))
            ]
        )
        sessions = []
        for page in batch:
            for _ in range(rng.randint(1, 2)):
                # Daytimes, evenings and weekends alike, whatever the time of the run.
                day = today + datetime.timedelta(days=rng.randint(10, 80))
                starts = timezone.make_aware(
                    datetime.datetime.combine(day, datetime.time(rng.choice([10, 14, 18])))
                )
                sessions.append(
                    OpportunitySession(
                        page_id=page.id,
                        starts_at=starts,
                        ends_at=starts + datetime.timedelta(hours=2),
                    )
                )
        OpportunitySession.objects.bulk_create(sessions)
        ids.extend(page.id for page in batch)
    return ids


def _profile_answers(rng: random.Random, regions: list[int]) -> dict:
    """A profile's answers as members give them: some ways and times, a region and a
    travel band, an access need now and then, a stage or two of interest."""
    answers = {
        name: rng.random() < share
        for group, share in (("formats", 0.5), ("availability", 0.5), ("access", 0.08))
        for name, _label in FLAG_GROUPS[group]
    }
    answers["region_id"] = rng.choice(regions) if regions and rng.random() < 0.9 else None
    answers["travel"] = rng.choice([c for c, _label in MemberProfile.Travel.choices] + [""])
    answers["research_stages"] = rng.sample(ResearchStage.values, rng.randint(0, 2))
    return answers


def _profile_links_create(profiles: list[MemberProfile], rng: random.Random, topics, skills):
    """One to three topics and up to two skills each, in two bulk inserts."""
    topic_through = MemberProfile.topics.through
    skill_through = MemberProfile.skills.through
    topic_through.objects.bulk_create(
        [
            topic_through(memberprofile_id=profile.pk, topic_id=topic)
            for profile in profiles
            for topic in rng.sample(topics, min(len(topics), rng.randint(1, 3)))
        ]
    )
    skill_through.objects.bulk_create(
        [
            skill_through(memberprofile_id=profile.pk, skill_id=skill)
            for profile in profiles
            for skill in rng.sample(skills, min(len(skills), rng.randint(0, 2)))
        ]
    )


@transaction.atomic
def members_bulk_create(
    count: int, *, seed: int = 1, involved_share: float = 0.5, with_answers: bool = False
) -> list[int]:
    """Members with profiles; about half have taken part in something before (recorded
    through the involvement writer, which also sets their last involvement date).
    `with_answers`: profiles filled in as members fill them (topics, skills, ways,
    times, region, travel, access, stages), for matching at scale."""
    rng = random.Random(seed)  # noqa: S311 (made-up data, not secrets)
    regions = list(Region.objects.values_list("pk", flat=True))
    topics = list(Topic.objects.values_list("pk", flat=True))
    skills = list(Skill.objects.values_list("pk", flat=True))
    member_role = Group.objects.get(name=roles.MEMBER)
    password = User(email="x@example.org")
    password.set_unusable_password()
    earlier = Activity.objects.create(kind=Activity.Kind.OPPORTUNITY, title="An earlier activity")
    ids = []
    for start in range(0, count, BATCH):
        users = User.objects.bulk_create(
            [
                User(
                    email=f"scale-{seed}-{n}@example.org",
                    name=f"Member {n}",
                    password=password.password,
                )
                for n in range(start, min(start + BATCH, count))
            ]
        )
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=user.pk, group_id=member_role.pk) for user in users]
        )
        today = timezone.localdate()
        involvements = []
        for user in users:
            if rng.random() < involved_share:
                involvements.append(
                    Involvement(
                        member=user,
                        activity=earlier,
                        started_on=today - datetime.timedelta(days=rng.randint(1, 700)),
                        hours=2,
                    )
                )
        profiles = MemberProfile.objects.bulk_create(
            [
                MemberProfile(user=user, **(_profile_answers(rng, regions) if with_answers else {}))
                for user in users
            ]
        )
        if with_answers:
            _profile_links_create(profiles, rng, topics, skills)
        involvement_record_bulk(involvements=involvements, by=None)
        ids.extend(user.pk for user in users)
    return ids


def applications_bulk_create(opportunity: OpportunityPage, member_ids: list[int]) -> None:
    Application.objects.bulk_create(
        [
            Application(member_id=pk, opportunity=opportunity, statement="I would like to help.")
            for pk in member_ids
        ]
    )
