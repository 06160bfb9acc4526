"""Reads for the decision log."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from members.models import User
from projects.models import Decision, DecisionComment, Dissent, Endorsement, Project, TeamMember


def _count(model, **filters):
    counted = (
        model.objects.filter(decision=OuterRef("pk"), **filters)
        .order_by()
        .values("decision")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def decision_log(project: Project):
    """The project's decisions, newest first, each with its number of endorsements and
    comments and whether anyone dissented (annotated: one query a page, whatever the
    numbers)."""
    return (
        Decision.objects.filter(project=project)
        .annotate(
            endorsement_count=_count(Endorsement),
            comment_count=_count(DecisionComment, hidden_at=None),
            dissented=Exists(Dissent.objects.filter(decision=OuterRef("pk"))),
        )
        .order_by("-proposed_at", "-pk")
    )


def decision_of(*, project: Project, decision_id: int) -> Decision:
    """One decision of the project, in full: who proposed and recorded it, endorsements,
    comments and dissent with their people, who took part (a fixed number of queries).
    Raises Decision.DoesNotExist for another project's."""
    return (
        Decision.objects.select_related("proposed_by", "recorded_by")
        .prefetch_related(
            Prefetch("endorsements", queryset=Endorsement.objects.select_related("person")),
            Prefetch(
                "comments", queryset=DecisionComment.objects.select_related("author", "hidden_by")
            ),
            Prefetch("dissents", queryset=Dissent.objects.select_related("person")),
            Prefetch("participants", queryset=User.objects.order_by("name", "pk")),
        )
        .get(project=project, pk=decision_id)
    )


def team_choices(project: Project):
    """The current team's people, for "who took part" (team order)."""
    return User.objects.filter(
        pk__in=TeamMember.objects.filter(project=project, left_at=None).values("person_id")
    ).order_by("name", "pk")
