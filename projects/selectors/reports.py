"""Reads for a project's GRIPP2 report: figures only, each a fixed number of queries.

Nothing here reads private reflection text: reflections are counted per stage change,
and check-ins are totals, suppressed below the equality threshold.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Sum

from involvement.models import Activity, Involvement
from members.suppression import suppress
from projects.models import (
    AgreementVersion,
    CheckIn,
    Decision,
    Dissent,
    Project,
    StageChange,
    TeamMember,
    TeamRole,
)
from projects.selectors.impact import project_impact_entries, request_activities


@dataclass
class Credits:
    named: list[str] = field(default_factory=list)
    others: int = 0  # public contributors on the team who were not named


def report_credits(project: Project) -> Credits:
    """The people credited in the report: everyone on the team now who agreed to be
    named (by the name they chose, or theirs), and the number of public contributors
    who did not (one query)."""
    credits = Credits()
    for row in TeamMember.objects.filter(project=project, left_at=None).select_related("person"):
        if row.named_in_reports:
            credits.named.append(row.credit_as.strip() or row.person.name)
        elif row.role == TeamRole.MEMBER:
            credits.others += 1
    credits.named = [name for name in credits.named if name]
    return credits


def team_counts(project: Project) -> dict[str, int]:
    """How many on the team now, by role (one query)."""
    counts = dict(
        TeamMember.objects.filter(project=project, left_at=None)
        .values_list("role")
        .annotate(n=Count("pk"))
        .values_list("role", "n")
    )
    return {role: counts.get(role, 0) for role in TeamRole.values}


def involvement_figures(project: Project) -> dict:
    """Who took part and how: members who took part, hours, and the number of meetings,
    comment rounds and opportunities people took part in (two queries)."""
    attended = Involvement.objects.filter(
        activity__in=request_activities(project.request_id), attended=True
    )
    totals = attended.aggregate(
        people=Count("member", distinct=True), hours=Sum("hours", default=Decimal(0))
    )
    by_kind = dict(
        Activity.objects.filter(
            Exists(Involvement.objects.filter(activity=OuterRef("pk"), attended=True)),
            pk__in=request_activities(project.request_id).values("pk"),
        )
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    return {
        "people": totals["people"],
        "hours": totals["hours"],
        "meetings": by_kind.get(Activity.Kind.GROUP_MEETING, 0),
        "comment_rounds": by_kind.get(Activity.Kind.COMMENT_ROUND, 0),
        "opportunities": by_kind.get(Activity.Kind.OPPORTUNITY, 0),
    }


def stages_covered(project: Project) -> list[str]:
    """The research stages the project has been at, in order, each once (one query)."""
    changes = list(
        StageChange.objects.filter(project=project)
        .order_by("at", "pk")
        .values_list("from_stage", "to_stage")
    )
    stages = []
    if changes and changes[0][0]:
        stages.append(changes[0][0])
    stages.extend(to_stage for _from, to_stage in changes)
    if not stages:
        stages.append(project.stage)
    seen = []
    for stage in stages:
        if stage and stage not in seen:
            seen.append(stage)
    return seen


def agreement_in_force(project: Project) -> AgreementVersion | None:
    """The team agreement in force, with the number of people who accepted it."""
    return (
        AgreementVersion.objects.filter(project=project, status=AgreementVersion.Status.IN_FORCE)
        .annotate(accepted=Count("acceptances"))
        .order_by("-number")
        .first()
    )


def decision_summary(project: Project) -> dict:
    """How many decisions were taken, how they were agreed, how many with dissent
    recorded, and each decision's outcome (one query)."""
    decided = list(
        Decision.objects.filter(project=project, status=Decision.Status.DECIDED)
        .annotate(has_dissent=Exists(Dissent.objects.filter(decision=OuterRef("pk"))))
        .order_by("decided_at", "pk")
        .only("title", "outcome", "how_agreed", "decided_at")
    )
    how = Counter(decision.how_agreed for decision in decided)
    return {
        "count": len(decided),
        "consensus": how.get(Decision.HowAgreed.CONSENSUS, 0),
        "vote": how.get(Decision.HowAgreed.VOTE, 0),
        "researcher": how.get(Decision.HowAgreed.RESEARCHER, 0),
        "with_dissent": sum(1 for decision in decided if decision.has_dissent),
        "decisions": decided,
    }


def reflections_per_stage(project: Project) -> list[tuple[str, int]]:
    """(the stage moved to, how many reflections were submitted) for each stage change:
    counts only, never what anyone wrote (one query)."""
    return list(
        StageChange.objects.filter(project=project)
        .annotate(reflections=Count("invitations__reflection"))
        .order_by("at", "pk")
        .values_list("to_stage", "reflections")
    )


# How check-in answers are grouped for the report: agree (4–5), neither (3), disagree (1–2).
_BANDS = [(4, 5), (3, 3), (1, 2)]


def check_in_totals(project: Project) -> dict | None:
    """Check-in totals for the team, each statement's answers counted as agree /
    neither / disagree, with small numbers suppressed (members.suppression) at the
    equality threshold. None when the team now, or the number of people (not answers:
    each person answers at every stage change) who answered, is smaller than the
    threshold: a small team shows no figures (projects.check_in_figures). Two queries."""
    threshold = settings.EQUALITY_SUPPRESSION_THRESHOLD
    if TeamMember.objects.filter(project=project, left_at=None).count() < threshold:
        return None
    rows = list(
        CheckIn.objects.filter(invitation__stage_change__project=project).values_list(
            "invitation__person_id", *CheckIn.STATEMENTS.keys()
        )
    )
    if len({row[0] for row in rows}) < threshold:
        return None
    answers = [row[1:] for row in rows]
    counts = [
        [sum(1 for row in answers if low <= row[index] <= high) for low, high in _BANDS]
        for index in range(len(CheckIn.STATEMENTS))
    ]
    table = suppress(counts, threshold=threshold)
    return {
        "threshold": threshold,
        "answered": len(answers),
        "rows": list(zip(CheckIn.STATEMENTS.values(), table.cells, strict=True)),
    }


def report_record(project: Project) -> dict:
    """Everything the GRIPP2 draft is made from (a fixed number of queries)."""
    return {
        "credits": report_credits(project),
        "team": team_counts(project),
        "involvement": involvement_figures(project),
        "stages": stages_covered(project),
        "agreement": agreement_in_force(project),
        "decisions": decision_summary(project),
        "impact": project_impact_entries(project),
        "reflections": reflections_per_stage(project),
        "check_ins": check_in_totals(project),
    }
