"""Factories for tests, the demo data and the benchmark."""

import factory

from involvement.models import Activity


class ActivityFactory(factory.django.DjangoModelFactory):
    """An activity of the one kind in use today (an opportunity's), paid."""

    class Meta:
        model = Activity

    kind = Activity.Kind.OPPORTUNITY
    title = factory.Sequence(lambda n: f"Activity {n + 1}")
    is_paid = True
