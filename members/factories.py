"""factory_boy factories: used by the tests and by the demo-data command."""

import datetime
import random

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from members import roles
from members.models import EqualityResponse, GroupMembership, User
from members.models.equality import CHARACTERISTICS

DEFAULT_PASSWORD = "correct-horse-battery-staple"  # noqa: S105 (tests and demo only)
_BATCH = 2000


class UserFactory(factory.django.DjangoModelFactory):
    """A person with a verified email address, ready to sign in."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password(DEFAULT_PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.update_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))


class MemberFactory(UserFactory):
    roles = factory.PostGeneration(
        lambda user, create, extracted, **kw: (
            create and user.groups.add(*Group.objects.filter(name__in=extracted or [roles.MEMBER]))
        )
    )


class ResearcherFactory(UserFactory):
    researcher_request = User.ResearcherRequest.APPROVED
    researcher_organisation = "University of Example"
    roles = factory.PostGeneration(
        lambda user, create, extracted, **kw: (
            create
            and user.groups.add(*Group.objects.filter(name__in=extracted or [roles.RESEARCHER]))
        )
    )


class StaffFactory(UserFactory):
    roles = factory.PostGeneration(
        lambda user, create, extracted, **kw: (
            create
            and user.groups.add(
                *Group.objects.filter(name__in=extracted or [roles.INVOLVEMENT_STAFF])
            )
        )
    )


class EqualityResponseFactory(factory.django.DjangoModelFactory):
    """A member's equality monitoring answers, as given (tests set the answers they need;
    the product saves them through members.services.equality)."""

    class Meta:
        model = EqualityResponse

    member = factory.SubFactory(MemberFactory)


@transaction.atomic
def equality_bulk_create(
    member_ids: list[int], *, group, seed: int = 1, started_on: datetime.date | None = None
) -> None:
    """Active memberships of `group` (from `started_on`, default today) and equality
    answers for these members (mixed, with some skipped), each with its answer-version
    tokens as a saved answer has (members/services/equality.py), for the dashboard's scale
    test and benchmark (made in bulk: members.services.equality saves one at a time)."""
    questions = [f for f in EqualityResponse._meta.fields if f.choices]
    rng = random.Random(seed)  # noqa: S311 (made-up data, not secrets)
    today = timezone.localdate()
    started_on = started_on or today
    for start in range(0, len(member_ids), _BATCH):
        chunk = member_ids[start : start + _BATCH]
        GroupMembership.objects.bulk_create(
            [
                GroupMembership(
                    member_id=pk,
                    group=group,
                    status=GroupMembership.Status.ACTIVE,
                    started_on=started_on,
                    term_ends_on=today + datetime.timedelta(days=700),
                )
                for pk in chunk
            ]
        )
        EqualityResponse.objects.bulk_create(
            [
                EqualityResponse(
                    member_id=pk,
                    answer_versions={c: f"{rng.getrandbits(32):08x}" for c in CHARACTERISTICS},
                    **{
                        field.name: (rng.choice(field.choices)[0] if rng.random() < 0.85 else "")
                        for field in questions
                    },
                )
                for pk in chunk
            ]
        )
