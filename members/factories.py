"""factory_boy factories: used by the tests and by the demo-data command."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from members import roles
from members.models import User

DEFAULT_PASSWORD = "correct-horse-battery-staple"  # noqa: S105 (tests and demo only)


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
