"""Reads for reflection: whose reflections a person may read, the invitations waiting
for them, and the team's check-in and confidence totals (suppressed by
projects.check_in_figures).

Who reads a private reflection: its author, and the project's co-production leads
(now) when the author chose to share it with them. Nobody else: not other members,
not the researcher, not staff (unless they are a lead and it was shared)."""

from django.conf import settings
from django.db.models import Count, Q
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from members.models import User
from members.models.taxonomy import ResearchStage
from projects.check_in_figures import (
    Figures,
    changes,
    suppressed_figures,
)
from projects.models import (
    CheckIn,
    ConfidenceCheckIn,
    Project,
    Reflection,
    ReflectionInvitation,
    StageChange,
    TeamMember,
    TeamRole,
)

# "At the end" is asked once the project has reached these stages (or closed): before
# and after should be far enough apart to mean something.
LATE_STAGES = (
    ResearchStage.DISSEMINATION,
    ResearchStage.IMPLEMENTATION,
    ResearchStage.EVALUATION,
)


def threshold() -> int:
    """The equality figures' threshold (issue 7): the same rule for every aggregate."""
    return settings.EQUALITY_SUPPRESSION_THRESHOLD


def latest_stage_change(project: Project) -> StageChange | None:
    return StageChange.objects.filter(project=project).order_by("-at", "-pk").first()


def invitation_of(*, user: User, project: Project, invitation_id: int) -> ReflectionInvitation:
    """The person's own invitation, with what they answered; 404 for anyone else's
    (staff and leads too: a reflection is private to its author)."""
    invitation = (
        ReflectionInvitation.objects.filter(
            pk=invitation_id, person=user, stage_change__project=project
        )
        .select_related("stage_change", "reflection", "check_in")
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


def own_reflections(*, user: User, project: Project) -> list[ReflectionInvitation]:
    """The person's invitations in this project, newest first, with their reflection
    and check-in where answered (one query)."""
    return list(
        ReflectionInvitation.objects.filter(person=user, stage_change__project=project)
        .select_related("stage_change", "reflection", "check_in")
        .order_by("-stage_change__at", "-stage_change__pk")
    )


def shared_with_leads(*, project: Project, lead: User) -> list[Reflection]:
    """The reflections others chose to share with the project's leads (for a lead
    only: the caller checks access.is_lead), newest first (one query)."""
    return list(
        Reflection.objects.filter(invitation__stage_change__project=project, share_with_lead=True)
        .exclude(invitation__person=lead)
        .select_related("invitation__person", "invitation__stage_change")
        .order_by("-invitation__stage_change__at", "-submitted_at", "-pk")
    )


def leads_of(project: Project) -> list[int]:
    """The ids of the project's co-production leads now."""
    return list(
        TeamMember.objects.filter(project=project, is_lead=True, left_at=None).values_list(
            "person_id", flat=True
        )
    )


def a_lead_is_staff(project: Project, *, besides: User) -> bool:
    """Whether one of the project's leads now (other than `besides`) is on the team as
    staff: they would read what is shared with the leads, so the form must not say
    that staff cannot."""
    return (
        TeamMember.objects.filter(project=project, is_lead=True, left_at=None, role=TeamRole.STAFF)
        .exclude(person=besides)
        .exists()
    )


def waiting_invitation(*, user: User, project: Project) -> ReflectionInvitation | None:
    """The person's unanswered invitation for the project's latest stage change."""
    latest = latest_stage_change(project)
    if latest is None:
        return None
    return (
        ReflectionInvitation.objects.filter(stage_change=latest, person=user, check_in=None)
        .select_related("stage_change")
        .first()
    )


def team_size(project: Project) -> int:
    return TeamMember.objects.filter(project=project, left_at=None).count()


def _bucket_counts(prefix: str, names) -> dict:
    """Count annotations: for each statement, how many agreed (4–5), neither (3),
    disagreed (1–2), through `prefix` (the check-in's path from the queried model)."""
    annotations = {}
    for name in names:
        field = f"{prefix}__{name}"
        annotations[f"{name}_agreed"] = Count(prefix, filter=Q(**{f"{field}__gte": 4}))
        annotations[f"{name}_neither"] = Count(prefix, filter=Q(**{field: 3}))
        annotations[f"{name}_disagreed"] = Count(prefix, filter=Q(**{f"{field}__lte": 2}))
    return annotations


def check_in_totals(project: Project) -> list[dict]:
    """Each stage change, newest first, with the team's check-in figures (two queries
    whatever the number of stage changes and answers)."""
    size = team_size(project)
    limit = threshold()
    stage_changes = (
        StageChange.objects.filter(project=project)
        .annotate(
            answered=Count("invitations__check_in"),
            **_bucket_counts("invitations__check_in", CheckIn.STATEMENTS),
        )
        .order_by("-at", "-pk")
    )
    found = []
    for change in stage_changes:
        counts = {
            name: [
                getattr(change, f"{name}_agreed"),
                getattr(change, f"{name}_neither"),
                getattr(change, f"{name}_disagreed"),
            ]
            for name in CheckIn.STATEMENTS
        }
        figures = suppressed_figures(
            counts=counts, answered=change.answered, population=size, threshold=limit
        )
        found.append({"change": change, "figures": _labelled(figures, CheckIn.STATEMENTS)})
    return found


def _labelled(figures: Figures, statements: dict) -> dict:
    return {
        "shown": figures.shown,
        "answered": figures.answered,
        "threshold": figures.threshold,
        "rows": [
            {"label": statements[row.key], "counts": row.counts, "total": row.total}
            for row in figures.rows
        ],
    }


def confidence_of(*, user: User, project: Project) -> dict:
    """The person's own confidence check-ins: {"before": …, "after": …} (or None)."""
    rows = {row.when: row for row in ConfidenceCheckIn.objects.filter(project=project, person=user)}
    return {
        "before": rows.get(ConfidenceCheckIn.When.BEFORE),
        "after": rows.get(ConfidenceCheckIn.When.AFTER),
    }


def confidence_totals(project: Project) -> dict:
    """For the members who answered both: how many felt more, as, or less confident at
    the end than at the start, per statement, suppressed like the check-ins. The
    population is the members on the team now (one query for them, one for the
    answers)."""
    members = TeamMember.objects.filter(project=project, left_at=None, role=TeamRole.MEMBER).count()
    answers: dict[int, dict] = {}
    for row in ConfidenceCheckIn.objects.filter(project=project).values(
        "person_id", "when", *ConfidenceCheckIn.STATEMENTS
    ):
        answers.setdefault(row["person_id"], {})[row["when"]] = row
    pairs = [
        (both["before"], both["after"])
        for both in answers.values()
        if "before" in both and "after" in both
    ]
    counts = {
        name: changes([(before[name], after[name]) for before, after in pairs])
        for name in ConfidenceCheckIn.STATEMENTS
    }
    figures = suppressed_figures(
        counts=counts, answered=len(pairs), population=members, threshold=threshold()
    )
    return _labelled(figures, ConfidenceCheckIn.STATEMENTS)


def after_is_open(project: Project, own: dict) -> bool:
    """ "At the end" is asked once "at the start" is answered and the project has
    reached the sharing of its results (or later) or closed."""
    return own["before"] is not None and (
        project.closed_at is not None or project.stage in LATE_STAGES
    )


def personal_data(user: User) -> dict:
    """Everything reflection holds about the person, for their data download: each
    reflection (shared or not), check-in and confidence check-in."""
    invitations = ReflectionInvitation.objects.filter(person=user).select_related(
        "stage_change__project", "reflection", "check_in"
    )
    found = []
    for invitation in invitations.order_by("invited_at", "pk"):
        change = invitation.stage_change
        entry = {
            _("Project"): change.project.title,
            _("Stage"): change.get_to_stage_display(),
            _("Asked"): invitation.invited_at,
        }
        reflection = getattr(invitation, "reflection", None)
        if reflection is not None:
            entry[_("Your reflection")] = {
                _("What went well"): reflection.went_well,
                _("Was your voice heard"): reflection.voice_heard,
                _("What would you change"): reflection.would_change,
                _("Shared with the co-production leads"): reflection.share_with_lead,
                _("Written"): reflection.submitted_at,
            }
        check_in = getattr(invitation, "check_in", None)
        if check_in is not None:
            entry[_("Your check-in (1: not at all, 5: completely)")] = {
                label: getattr(check_in, name) for name, label in CheckIn.STATEMENTS.items()
            }
        found.append(_strings(entry))
    confidence = [
        _strings(
            {
                _("Project"): row.project.title,
                _("When"): row.get_when_display(),
                **{
                    label: getattr(row, name)
                    for name, label in ConfidenceCheckIn.STATEMENTS.items()
                },
                _("Skills you have used or gained"): row.skills,
                _("Answered"): row.submitted_at,
            }
        )
        for row in ConfidenceCheckIn.objects.filter(person=user)
        .select_related("project")
        .order_by("submitted_at", "pk")
    ]
    return {
        _("Reflections and check-ins"): found,
        _("Confidence check-ins (1: not at all confident, 5: very confident)"): confidence,
    }


def _strings(data):
    """Lazy translations made plain strings, for the JSON of the download."""
    if isinstance(data, dict):
        return {str(key): _strings(value) for key, value in data.items()}
    if isinstance(data, Promise):
        return str(data)
    return data
