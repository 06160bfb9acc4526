"""Demo reference groups and memberships for development (`manage.py load_demo_data`)."""

import datetime

from django.utils import timezone
from wagtail.rich_text import RichText

from members.models import GroupMembership, ReferenceGroupPage

COMMON_RULES = [
    ("intro", RichText("<p>We agreed these rules together. We look at them again every year.</p>")),
    ("rule", "Everyone's experience counts. We listen without interrupting."),
    ("rule", "What people share about their health or lives stays in the group."),
    ("rule", "We use plain words and explain any jargon."),
    ("rule", "It is fine to say you do not know, or to take a break."),
    ("rule", "We disagree with ideas, not with people."),
]

GROUPS = [
    {
        "slug": "living-with-diabetes",
        "title": "Living with diabetes",
        "purpose": "We help researchers plan studies about type 1 and type 2 diabetes, from "
        "the questions they ask to how they share what they find.",
        "who_for": "Adults living with diabetes, and people who care for someone who does.",
        "how_it_meets": "Online, every two months, on a weekday evening for 90 minutes.",
        "join_policy": ReferenceGroupPage.JoinPolicy.OPEN,
    },
    {
        "slug": "mental-health-lived-experience-panel",
        "title": "Mental health lived experience panel",
        "purpose": "We advise on mental health research, including how studies can be safe and "
        "welcoming for people in distress.",
        "who_for": "Adults with lived experience of mental illness or of using mental health "
        "services.",
        "how_it_meets": "In person in Manchester, or online, every three months on a weekday "
        "afternoon. Travel costs are paid.",
        "join_policy": ReferenceGroupPage.JoinPolicy.APPROVAL,
    },
    {
        "slug": "carers-voice",
        "title": "Carers' voice",
        "purpose": "We make sure research about health and social care hears from unpaid carers.",
        "who_for": "Anyone who looks after a family member, partner or friend who needs help "
        "because of illness, disability, frailty or addiction.",
        "how_it_meets": "By phone, online or on paper, so you can take part around caring. "
        "Every two months.",
        "join_policy": ReferenceGroupPage.JoinPolicy.OPEN,
    },
    {
        "slug": "stroke-recovery-group",
        "title": "Stroke recovery group",
        "purpose": "We shape research on rehabilitation and life after stroke.",
        "who_for": "Stroke survivors and their families.",
        "how_it_meets": "In person, monthly, with accessible venues and support for people "
        "with aphasia.",
        "join_policy": ReferenceGroupPage.JoinPolicy.CLOSED,
    },
]


def demo_groups_create(*, member=None) -> list[ReferenceGroupPage]:
    """Create the demo groups under the home page, and make `member` a member of one."""
    from members.services.groups import group_index_get_or_create

    index = group_index_get_or_create()

    groups = []
    for spec in GROUPS:
        group = ReferenceGroupPage.objects.child_of(index).filter(slug=spec["slug"]).first()
        if group is None:
            group = ReferenceGroupPage(
                **spec,
                ground_rules=COMMON_RULES,
                contact_name="Priya Shah",
                contact_email="involvement@example.org",
            )
            index.add_child(instance=group)
            group.save_revision().publish()  # publishing records ground rules version 1
        groups.append(group)

    if member is not None and not GroupMembership.objects.filter(member=member).exists():
        from members.services.memberships import membership_join

        carers = groups[2]
        membership_join(member=member, group=carers, accepted_version=carers.current_ground_rules())
    return groups


DEMO_MEMBERS = [
    # name, email, group slug, region, topics, ways of taking part
    (
        "Grace Mensah",
        "grace@example.org",
        "living-with-diabetes",
        "London",
        ["Diabetes"],
        ["format_online", "available_evenings"],
    ),
    (
        "Tomás Ó Briain",
        "tomas@example.org",
        "living-with-diabetes",
        "North West",
        ["Diabetes", "Heart disease"],
        ["format_in_person", "available_weekday_daytime"],
    ),
    (
        "Aisha Rahman",
        "aisha@example.org",
        "carers-voice",
        "West Midlands",
        ["Carer"],
        ["format_phone", "available_weekends"],
    ),
    (
        "Władysław Nowak",
        "wladek@example.org",
        "carers-voice",
        "Yorkshire and the Humber",
        ["Carer", "Stroke"],
        ["format_paper"],
    ),
    (
        "Mei Lin",
        "mei@example.org",
        "mental-health-lived-experience-panel",
        "South East",
        ["Depression", "Anxiety"],
        ["format_online", "available_evenings"],
    ),
    (
        "Dafydd Jones",
        "dafydd@example.org",
        "mental-health-lived-experience-panel",
        "Wales",
        ["Mental health"],
        ["format_in_person"],
    ),
    (
        "Precious Okoye",
        "precious@example.org",
        "stroke-recovery-group",
        "London",
        ["Stroke"],
        ["format_in_person", "available_weekday_daytime"],
    ),
]


def demo_members_create() -> None:
    """Members with profiles across the groups; Dafydd's request waits for staff approval."""
    from members.factories import MemberFactory
    from members.models import MemberProfile, Region, Topic
    from members.services.memberships import membership_join

    groups = {group.slug: group for group in ReferenceGroupPage.objects.all()}
    for name, email, slug, region, topics, flags in DEMO_MEMBERS:
        if GroupMembership.objects.filter(member__email=email).exists():
            continue
        person = MemberFactory(email=email, name=name)
        profile = MemberProfile.objects.create(
            user=person,
            region=Region.objects.filter(name=region).first(),
            payment_preference=MemberProfile.Payment.PAID,
            **dict.fromkeys(flags, True),
        )
        profile.topics.set(Topic.objects.filter(name__in=topics))
        group = groups[slug]
        if group.join_policy == ReferenceGroupPage.JoinPolicy.CLOSED:
            # Joined before the group closed to new members.
            today = timezone.localdate()
            GroupMembership.objects.create(
                member=person,
                group=group,
                status=GroupMembership.Status.ACTIVE,
                ground_rules_version=group.current_ground_rules(),
                started_on=today - datetime.timedelta(days=400),
                term_ends_on=today + datetime.timedelta(days=330),
            )
            continue
        membership_join(member=person, group=group, accepted_version=group.current_ground_rules())
        if email == "mei@example.org":
            from members.services.memberships import membership_approve

            membership = GroupMembership.objects.get(member=person, group=group)
            staff = person.__class__.objects.filter(is_superuser=True).first()
            membership_approve(membership=membership, by=staff, note="")
