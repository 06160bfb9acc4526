"""The team agreement: the team's ground rules, accepted by everyone on the team."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from members.models import User
from projects.models import AgreementVersion, Project

# Where the request has no group, or the group wrote no ground rules: a starting point
# the team changes to suit itself (from the guidance's key features: respect, roles,
# shared decisions, confidentiality, reciprocity).
DEFAULT_RULES = [
    _lazy("We treat each other as equals and value each person's knowledge and experience."),
    _lazy("We listen, and we make room for everyone to speak, in the way that suits them."),
    _lazy("We share decisions: the decision log says what was decided, how and why."),
    _lazy("We keep what people share about their own lives private to the team."),
    _lazy("We tell each other what happened next, and what difference people's input made."),
    _lazy("Members are paid and their expenses covered, as the organisation's policy says."),
]


def _group_rules(project: Project) -> list[str]:
    group = project.group
    version = group.current_ground_rules() if group is not None else None
    if version is None:
        return []
    return [
        str(block.get("value", "")).strip()
        for block in version.content
        if block.get("type") == "rule" and str(block.get("value", "")).strip()
    ]


def agreement_first_draft(*, project: Project, by: User | None) -> AgreementVersion:
    """Version 1 of the team agreement, drafted from the group's ground rules (or a
    starting set), proposed to the whole team. Made once, when the project opens."""
    rules = _group_rules(project)
    note = _("The first draft, from the group's ground rules.")
    if not rules:
        rules = [str(rule) for rule in DEFAULT_RULES]
        note = _("The first draft, from the organisation's starting rules.")
    version, _created = AgreementVersion.objects.get_or_create(
        project=project,
        number=1,
        defaults={"rules": rules, "change_note": note, "proposed_by": by},
    )
    return version
