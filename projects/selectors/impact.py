"""Reads for a project's impact record: the activities that belong to its request, the
"you said, we did" entries on them, and which are overdue one.

A project's activities are those made from its request: the opportunity pages made
from it, the group meetings where it had a slot on the agenda, and the comment rounds
run for it. A meeting's activity may be shared with other requests' slots: an answer
another researcher gave on their own slot (AgendaItem.impact_entry) is theirs, not
this project's.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from involvement.models import Activity, ImpactEntry, Involvement
from members.models.taxonomy import ResearchStage
from opportunities.models import AgendaItem, CommentRound, OpportunityPage
from projects.models import ImpactReminder, Project


def request_activities(request_id) -> QuerySet[Activity]:
    """The activities made from a research request (one query when evaluated)."""
    return Activity.objects.filter(
        Q(pk__in=OpportunityPage.objects.filter(request_id=request_id).values("activity_id"))
        | Q(pk__in=AgendaItem.objects.filter(request_id=request_id).values("meeting__activity_id"))
        | Q(pk__in=CommentRound.objects.filter(request_id=request_id).values("activity_id"))
    )


def project_activities(project: Project) -> QuerySet[Activity]:
    return request_activities(project.request_id).order_by("starts_on", "title", "pk")


def project_impact_entries(project: Project) -> list[ImpactEntry]:
    """Every impact entry on the project's activities, oldest first, with the activity
    and who added it (one query)."""
    others_answers = AgendaItem.objects.filter(impact_entry__isnull=False).exclude(
        request_id=project.request_id
    )
    return list(
        ImpactEntry.objects.filter(activity__in=request_activities(project.request_id))
        .exclude(pk__in=others_answers.values("impact_entry_id"))
        .select_related("activity", "added_by")
        .order_by("added_at", "pk")
    )


def impact_by_stage(entries: list[ImpactEntry]) -> list[dict]:
    """Entries grouped by research stage, in the stages' order, "not stated" last:
    [{"stage": "design", "label": ..., "entries": [...]}, ...] (no queries)."""
    groups = defaultdict(list)
    for entry in entries:
        groups[entry.research_stage].append(entry)
    order = [value for value, _label in ResearchStage.choices] + [""]
    labels = dict(ResearchStage.choices)
    return [
        {"stage": stage, "label": labels.get(stage, ""), "entries": groups[stage]}
        for stage in order
        if groups.get(stage)
    ]


def impact_by_kind(entries: list[ImpactEntry]) -> list[dict]:
    """Entries grouped by kind of difference, in the kinds' order, "not stated" last."""
    groups = defaultdict(list)
    for entry in entries:
        groups[entry.kind].append(entry)
    order = [value for value, _label in ImpactEntry.Kind.choices] + [""]
    labels = dict(ImpactEntry.Kind.choices)
    return [
        {"kind": kind, "label": labels.get(kind, ""), "entries": groups[kind]}
        for kind in order
        if groups.get(kind)
    ]


def overdue_cutoff(today: datetime.date | None = None) -> datetime.date:
    """Members who last took part before this day should have heard by now."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(weeks=settings.IMPACT_FEEDBACK_OVERDUE_WEEKS)


def overdue_activities(*, today: datetime.date | None = None) -> QuerySet[Activity]:
    """Activities someone attended, the last of them more than
    IMPACT_FEEDBACK_OVERDUE_WEEKS before `today`, with no impact entry (one query,
    annotated with `last_involved`)."""
    return (
        Activity.objects.annotate(
            last_involved=Max(
                Coalesce(F("involvements__ended_on"), F("involvements__started_on")),
                filter=Q(involvements__attended=True),
            )
        )
        .filter(last_involved__lt=overdue_cutoff(today))
        .filter(
            Exists(Involvement.objects.filter(activity=OuterRef("pk"), attended=True)),
            ~Exists(ImpactEntry.objects.filter(activity=OuterRef("pk"))),
        )
    )


def activities_due_reminder(*, today: datetime.date | None = None) -> QuerySet[Activity]:
    """Overdue activities whose researcher and staff have not been reminded yet."""
    return overdue_activities(today=today).filter(
        ~Exists(ImpactReminder.objects.filter(activity=OuterRef("pk")))
    )


def project_overdue_activities(
    project: Project, *, today: datetime.date | None = None
) -> list[Activity]:
    """The project's activities whose members are still waiting to hear what changed
    (one query)."""
    return list(
        overdue_activities(today=today)
        .filter(pk__in=request_activities(project.request_id).values("pk"))
        .order_by("last_involved", "pk")
    )
