"""A project's GRIPP2 short-form report (Staniszewska et al., BMJ 2017): drafted in
plain English from the project's record, edited by the team, then exported.

    draft = gripp_draft(project=project)   # {"aim": ..., "methods": ..., ...}
    report = report_save(project=project, by=user, **sections)

The draft reads only figures and what the team recorded for everyone to see (impact
entries, decisions and their outcomes). Private reflections are counted, never quoted;
check-ins are totals, suppressed below the equality threshold.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from home.datetimes import format_date
from involvement.models import ImpactEntry
from members.models import User
from members.models.taxonomy import ResearchStage
from opportunities.models.research_requests import RoleKind, Route
from projects.models import GrippReport, Project
from projects.selectors.impact import impact_by_kind, impact_by_stage
from projects.selectors.reports import report_record

SECTIONS = ["aim", "methods", "results", "discussion", "reflections"]


def _stage(value: str) -> str:
    return str(dict(ResearchStage.choices).get(value, ""))


def _hours(value) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def _aim(project: Project) -> str:
    request = project.request
    parts = [request.summary.strip()] if request.summary.strip() else []
    asked = []
    if request.route:
        asked.append(
            _("The researcher asked the public for: %(route)s.")
            % {"route": str(dict(Route.choices).get(request.route, request.route)).lower()}
        )
    if request.role_kind:
        asked.append(
            _("The role: %(role)s.")
            % {
                "role": str(
                    dict(RoleKind.choices).get(request.role_kind, request.role_kind)
                ).lower()
            }
        )
    if asked:
        parts.append(" ".join(asked))
    parts.append(
        _(
            "The aim of involving the public was for people with lived experience to "
            "shape this research with the research team, as a shared project."
        )
    )
    return "\n\n".join(parts)


def _methods(record: dict) -> str:
    team, involvement = record["team"], record["involvement"]
    lines = [
        _("The team: %(members)s, %(researchers)s and %(staff)s from the involvement team.")
        % {
            "members": ngettext(
                "%(n)d public contributor", "%(n)d public contributors", team["member"]
            )
            % {"n": team["member"]},
            "researchers": ngettext("%(n)d researcher", "%(n)d researchers", team["researcher"])
            % {"n": team["researcher"]},
            "staff": ngettext("%(n)d person", "%(n)d people", team["staff"]) % {"n": team["staff"]},
        },
        _(
            "How people were involved: %(people)s took part in %(meetings)s, "
            "%(rounds)s and %(roles)s: %(hours)s hours of involvement in all."
        )
        % {
            "people": ngettext("%(n)d person", "%(n)d people", involvement["people"])
            % {"n": involvement["people"]},
            "meetings": ngettext(
                "%(n)d group meeting", "%(n)d group meetings", involvement["meetings"]
            )
            % {"n": involvement["meetings"]},
            "rounds": ngettext(
                "%(n)d written comment round",
                "%(n)d written comment rounds",
                involvement["comment_rounds"],
            )
            % {"n": involvement["comment_rounds"]},
            "roles": ngettext(
                "%(n)d role people were selected for",
                "%(n)d roles people were selected for",
                involvement["opportunities"],
            )
            % {"n": involvement["opportunities"]},
            "hours": _hours(involvement["hours"]),
        },
        _("Research stages covered: %(stages)s.")
        % {"stages": ", ".join(_stage(stage) for stage in record["stages"]).lower()},
    ]
    agreement = record["agreement"]
    if agreement is None:
        lines.append(_("The team has no agreement of ground rules in force yet."))
    else:
        lines.append(
            _(
                "The team agreed its own ground rules (version %(number)s, in force from "
                "%(date)s), accepted by %(accepted)s."
            )
            % {
                "number": agreement.number,
                "date": format_date(agreement.in_force_at.date(), weekday=False)
                if agreement.in_force_at
                else _("an unrecorded date"),
                "accepted": ngettext("%(n)d person", "%(n)d people", agreement.accepted)
                % {"n": agreement.accepted},
            }
        )
    decisions = record["decisions"]
    if decisions["count"]:
        lines.append(
            _(
                "The team kept a log of its decisions: %(count)s, %(consensus)s by "
                "consensus, %(vote)s by a vote and %(researcher)s by the researcher's "
                "call with reasons. Dissent was recorded on %(dissent)s."
            )
            % {
                "count": ngettext("%(n)d decision", "%(n)d decisions", decisions["count"])
                % {"n": decisions["count"]},
                "consensus": decisions["consensus"],
                "vote": decisions["vote"],
                "researcher": decisions["researcher"],
                "dissent": ngettext("%(n)d of them", "%(n)d of them", decisions["with_dissent"])
                % {"n": decisions["with_dissent"]},
            }
        )
    else:
        lines.append(_("No decisions have been recorded in the team's decision log yet."))
    return "\n\n".join(lines)


def _results(entries: list[ImpactEntry]) -> str:
    if not entries:
        return _("No changes have been recorded yet because of the public contributors' input.")
    lines = [
        ngettext(
            "%(n)d change was recorded because of the public contributors' input.",
            "%(n)d changes were recorded because of the public contributors' input.",
            len(entries),
        )
        % {"n": len(entries)}
    ]
    for group in impact_by_kind(entries):
        lines.append("")
        lines.append(str(group["label"] or _("Kind of difference not stated")))
        for entry in group["entries"]:
            stage = _stage(entry.research_stage)
            text = " ".join(entry.what_changed.split())
            lines.append(f"- {text} ({stage})" if stage else f"- {text}")
    by_stage = [
        f"{group['label'] or _('stage not stated')}: {len(group['entries'])}"
        for group in impact_by_stage(entries)
    ]
    lines.append("")
    lines.append(_("By research stage: %(stages)s.") % {"stages": "; ".join(by_stage)})
    return "\n".join(lines)


def _discussion(record: dict) -> str:
    lines = [
        _(
            "For the team to write: what difference did public involvement make to the "
            "research, and what does it mean for the research and for the people involved?"
        )
    ]
    decided = [d for d in record["decisions"]["decisions"] if d.outcome.strip()]
    if decided:
        lines.append("")
        lines.append(_("Decisions the team took:"))
        for decision in decided:
            lines.append(f"- {decision.title}: {' '.join(decision.outcome.split())}")
    return "\n".join(lines)


def _reflections(record: dict) -> str:
    paragraphs = [
        _(
            "At each change of research stage, everyone on the team was invited to "
            "reflect privately on how the work went. What they wrote stays private; "
            "only the numbers are reported here."
        )
    ]
    if record["reflections"]:
        counts = "; ".join(f"{_stage(stage)}: {count}" for stage, count in record["reflections"])
        paragraphs.append(
            _("Reflections written at each stage change: %(counts)s.") % {"counts": counts}
        )
    check_ins = record["check_ins"]
    if check_ins is None:
        paragraphs.append(
            _("No check-in figures are shown: too few people answered to keep them anonymous.")
        )
    else:
        threshold = check_ins["threshold"]

        def shown(cell):
            return _("fewer than %(n)d") % {"n": threshold} if cell.hidden else str(cell.value)

        lines = [
            _("Check-ins (%(n)d answers), how many agreed, neither, or disagreed:")
            % {"n": check_ins["answered"]}
        ]
        for statement, cells in check_ins["rows"]:
            agree, neither, disagree = (shown(cell) for cell in cells)
            lines.append(
                _("- %(statement)s: %(agree)s agreed, %(neither)s neither, %(disagree)s disagreed")
                % {
                    "statement": statement,
                    "agree": agree,
                    "neither": neither,
                    "disagree": disagree,
                }
            )
        paragraphs.append("\n".join(lines))
    paragraphs.append(
        _(
            "For the team to write: what went well, what did not, and what you would do "
            "differently next time."
        )
    )
    return "\n\n".join(paragraphs)


def gripp_draft(*, project: Project, record: dict | None = None) -> dict[str, str]:
    """The five GRIPP2 short-form sections, in plain English, from the project's record
    (no writes). `record` is projects.selectors.reports.report_record(project), when
    the caller has it already."""
    record = record or report_record(project)
    return {
        "aim": _aim(project),
        "methods": _methods(record),
        "results": _results(record["impact"]),
        "discussion": _discussion(record),
        "reflections": _reflections(record),
    }


@transaction.atomic
def report_save(*, project: Project, by: User, **sections: str) -> GrippReport:
    """Store the team's edited report (creating it the first time)."""
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        raise TypeError(f"Unknown report sections: {sorted(unknown)}")
    report, _created = GrippReport.objects.select_for_update().get_or_create(project=project)
    for name, text in sections.items():
        setattr(report, name, text.strip())
    report.updated_by = by
    report.save()
    return report
