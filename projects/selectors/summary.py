"""The organisation's yearly summary of involvement (admin area "summary"): people,
hours, activities, payments, projects and their stages, impact, and what the team
records of working together, for annual reports and the UK Standards for Public
Involvement self-assessment.

The year is the UK financial year, 1 April to 31 March, the year organisations report
on; `2025` names 1 April 2025 to 31 March 2026. Every figure is a count or a sum,
computed set-based: the number of queries does not grow with the data. Diversity is
not here: it comes through the members app's one door for equality data
(projects.services.summary), suppressed and audited like every equality figure."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from involvement.models import Activity, ImpactEntry, Involvement
from members.models.taxonomy import ResearchStage
from projects.models import (
    AgreementAcceptance,
    Decision,
    Dissent,
    Post,
    Project,
    ReflectionInvitation,
    TeamMember,
    TeamRole,
)
from reciprocity.models import Payment, SkillGained

FIRST_YEAR = 2000


@dataclass(frozen=True)
class SummaryYear:
    """A financial year: 1 April `start_year` to 31 March the year after."""

    start_year: int

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.start_year, 4, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.start_year + 1, 3, 31)

    @property
    def key(self) -> str:
        return f"{self.start_year}-{str(self.start_year + 1)[-2:]}"

    @property
    def label(self) -> str:
        return _("1 April %(start)s to 31 March %(end)s") % {
            "start": self.start_year,
            "end": self.start_year + 1,
        }

    @property
    def has_ended(self) -> bool:
        return self.end < timezone.localdate()

    def moments(self) -> tuple[datetime.datetime, datetime.datetime]:
        """The first moment of the year and the first moment after it (local time)."""
        start = datetime.datetime.combine(self.start, datetime.time.min)
        after = datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min)
        return timezone.make_aware(start), timezone.make_aware(after)


def year_containing(day: datetime.date) -> SummaryYear:
    return SummaryYear(day.year if day.month >= 4 else day.year - 1)


def year_from_param(value: str | None) -> SummaryYear | None:
    """The year `?year=` names (its first calendar year, e.g. "2025"), the current
    one when not given, or None when it is not a year we can report on."""
    current = year_containing(timezone.localdate())
    if not value:
        return current
    if not (value.isascii() and value.isdigit() and len(value) == 4):
        return None
    year = int(value)
    if not FIRST_YEAR <= year <= current.start_year:
        return None
    return SummaryYear(year)


def years_to_choose(count: int = 6) -> list[SummaryYear]:
    """The current year and those before it, newest first."""
    current = year_containing(timezone.localdate()).start_year
    return [SummaryYear(y) for y in range(current, max(current - count, FIRST_YEAR - 1), -1)]


def involved_ids(year: SummaryYear) -> list[int]:
    """The people who took part in something in the year (attended), for the
    diversity figures: ids only, never shown (one query)."""
    return list(
        Involvement.objects.filter(attended=True, started_on__range=(year.start, year.end))
        .order_by()
        .values_list("member_id", flat=True)
        .distinct()
    )


def _by(rows, key: str, choices) -> list[dict]:
    """Counts by a choice field, in the choices' order, every choice shown (0 too),
    then anything not recorded."""
    found = {row[key]: row["n"] for row in rows}
    shown = [
        {"value": value, "label": label, "count": found.pop(value, 0)} for value, label in choices
    ]
    missing = sum(found.values())
    if missing:
        shown.append({"value": "", "label": _("Not recorded"), "count": missing})
    return shown


def year_figures(year: SummaryYear) -> dict:
    """Every figure of the summary for `year` (eleven queries, whatever the data)."""
    start, after = year.moments()
    involvements = Involvement.objects.filter(
        attended=True, started_on__range=(year.start, year.end)
    ).order_by()
    people = involvements.aggregate(
        people=Count("member", distinct=True),
        hours=Sum("hours"),
        involvements=Count("pk"),
        activities=Count("activity", distinct=True),
    )
    # People whose first ever involvement was in this year: new voices.
    first_time = (
        Involvement.objects.filter(attended=True)
        .order_by()
        .values("member")
        .annotate(first=Min("started_on"))
        .filter(first__range=(year.start, year.end))
        .count()
    )
    activities = _by(
        involvements.values("activity__kind").annotate(n=Count("activity", distinct=True)),
        "activity__kind",
        Activity.Kind.choices,
    )
    payments = Payment.objects.order_by().aggregate(
        paid_total=Sum(
            "amount", filter=Q(status=Payment.Status.PAID, paid_on__range=(year.start, year.end))
        ),
        paid_count=Count(
            "pk", filter=Q(status=Payment.Status.PAID, paid_on__range=(year.start, year.end))
        ),
        declined_count=Count(
            "pk",
            filter=Q(status=Payment.Status.DECLINED, activity_date__range=(year.start, year.end)),
        ),
    )
    # A project counts in the year if it was open at some time in it.
    active = Q(opened_at__lt=after) & (Q(closed_at__isnull=True) | Q(closed_at__gte=start))
    projects = Project.objects.order_by().aggregate(
        active=Count("pk", filter=active),
        opened=Count("pk", filter=Q(opened_at__gte=start, opened_at__lt=after)),
        closed=Count("pk", filter=Q(closed_at__gte=start, closed_at__lt=after)),
    )
    stages = _by(
        Project.objects.filter(active).order_by().values("stage").annotate(n=Count("pk")),
        "stage",
        ResearchStage.choices,
    )
    impact = ImpactEntry.objects.filter(added_at__gte=start, added_at__lt=after).order_by()
    impact_total = impact.count()
    impact_kinds = _by(
        impact.values("kind").annotate(n=Count("pk")), "kind", ImpactEntry.Kind.choices
    )
    impact_stages = _by(
        impact.values("research_stage").annotate(n=Count("pk")),
        "research_stage",
        ResearchStage.choices,
    )
    in_year = {"gte": start, "lt": after}
    team = TeamMember.objects.filter(
        role=TeamRole.MEMBER, project__in=Project.objects.filter(active)
    ).aggregate(members=Count("person", distinct=True), leads=Count("pk", filter=Q(is_lead=True)))
    record = {
        "decisions": Decision.objects.filter(**_range("decided_at", in_year)).count(),
        "dissent": Dissent.objects.filter(**_range("at", in_year)).count(),
        "acceptances": AgreementAcceptance.objects.filter(**_range("accepted_at", in_year)).count(),
        "updates": Post.objects.filter(
            kind=Post.Kind.UPDATE, hidden_at__isnull=True, **_range("created_at", in_year)
        ).count(),
        # One per invitation answered: the reflection page saves a check-in and,
        # when written, a reflection together, which must not count twice.
        "reflections": ReflectionInvitation.objects.filter(
            Q(**_range("reflection__submitted_at", in_year))
            | Q(**_range("check_in__submitted_at", in_year))
        )
        .distinct()
        .count(),
        "skills": SkillGained.objects.filter(gained_on__range=(year.start, year.end)).count(),
    }
    return {
        "people": people["people"],
        "first_time": first_time,
        "hours": people["hours"] or Decimal("0"),
        "involvements": people["involvements"],
        "activities_total": people["activities"],
        "activities": activities,
        "paid_total": payments["paid_total"] or Decimal("0.00"),
        "paid_count": payments["paid_count"],
        "declined_count": payments["declined_count"],
        "projects_active": projects["active"],
        "projects_opened": projects["opened"],
        "projects_closed": projects["closed"],
        "stages": stages,
        "impact_total": impact_total,
        "impact_kinds": impact_kinds,
        "impact_stages": impact_stages,
        "team_members": team["members"],
        "team_leads": team["leads"],
        **record,
    }


def _range(field: str, bounds: dict) -> dict:
    return {f"{field}__{op}": value for op, value in bounds.items()}


def standards(figures: dict) -> list[dict]:
    """The UK Standards for Public Involvement (2019), each with the figures that
    evidence it: counts only, for the self-assessment."""

    def row(label, value):
        return {"label": label, "value": value}

    training = next(
        (a["count"] for a in figures["activities"] if a["value"] == Activity.Kind.TRAINING_SESSION),
        0,
    )
    return [
        {
            "name": _("Inclusive opportunities"),
            "about": _(
                "Offer public involvement opportunities that are accessible and that "
                "reach people and groups according to research needs."
            ),
            "figures": [
                row(_("People who took part"), figures["people"]),
                row(_("Of them, taking part for the first time"), figures["first_time"]),
                row(_("Activities they took part in"), figures["activities_total"]),
            ],
        },
        {
            "name": _("Working together"),
            "about": _(
                "Work together in a way that values all contributions, and that builds "
                "and sustains mutually respectful and productive relationships."
            ),
            "figures": [
                row(_("Projects open in the year"), figures["projects_active"]),
                row(_("Public members on their teams"), figures["team_members"]),
                row(_("Co-production leads"), figures["team_leads"]),
                row(_("Team agreement acceptances"), figures["acceptances"]),
            ],
        },
        {
            "name": _("Support and learning"),
            "about": _(
                "Offer and promote support and learning that builds confidence and "
                "skills for public involvement in research."
            ),
            "figures": [
                row(_("Training sessions attended"), training),
                row(_("Skills gained, recorded"), figures["skills"]),
                row(_("Payments made"), figures["paid_count"]),
            ],
        },
        {
            "name": _("Governance"),
            "about": _(
                "Involve the public in research management, regulation, leadership and "
                "decision making."
            ),
            "figures": [
                row(_("Decisions recorded by project teams"), figures["decisions"]),
                row(_("Dissent recorded by the person who dissented"), figures["dissent"]),
            ],
        },
        {
            "name": _("Communications"),
            "about": _(
                "Use plain language for well-timed and relevant communications, as part "
                "of involvement plans and activities."
            ),
            "figures": [
                row(_("Progress updates from researchers"), figures["updates"]),
                row(_("'You said, we did' entries fed back"), figures["impact_total"]),
            ],
        },
        {
            "name": _("Impact"),
            "about": _(
                "Seek improvement by identifying and sharing the difference that public "
                "involvement makes to research."
            ),
            "figures": [
                row(_("Impact entries recorded"), figures["impact_total"]),
                row(_("Reflections and check-ins from team members"), figures["reflections"]),
            ],
        },
    ]


def summary_diversity(year: SummaryYear, *, by) -> dict:
    """The year's diversity tables from the published figures, for staff who may see
    equality figures (the caller checks members.view_equality_dashboard). Publishes
    them when due (in the background where there is a worker). The look is logged by
    members, as every look at equality figures is."""
    from home.background import task_enqueue
    from members.models.equality import CHARACTERISTICS
    from members.selectors.equality import equality_publications_read, published_tables
    from projects.services.summary import population_key, publication_key
    from projects.tasks import summary_diversity_publish_task

    if not year.has_ended:
        return {"tables": [], "published": False}
    key = publication_key(year)
    found = equality_publications_read(
        keys=[key],
        by=by,
        what=f"Yearly summary: {year.key}",
        publish_missing=lambda _key: task_enqueue(summary_diversity_publish_task, year.start_year),
    )
    publication = found.get(key)
    if publication is None:
        return {"tables": [], "published": False}
    return {
        "tables": published_tables([(publication, population_key(year), None)], CHARACTERISTICS),
        "published": True,
    }
