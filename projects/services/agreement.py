"""The team agreement: the team's ground rules, accepted by everyone on the team."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from home.page_cache import people_changed
from members.models import User
from members.services.email import email_person
from projects.models import AgreementAcceptance, AgreementVersion, Project, TeamMember
from projects.services.resent import resent_since

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


# -- accepting and proposing changes ----------------------------------------------------

AGREEMENT_MAX_RULES = 30
AGREEMENT_RULE_MAX_LENGTH = 400


class AgreementError(Exception):
    """A change to the team agreement that cannot be made; the message says why."""


def _lock(project: Project) -> None:
    # The project's row is the lock: two last acceptances at once, or an acceptance
    # and a proposal, wait for each other, so a version comes into force once.
    Project.objects.select_for_update().filter(pk=project.pk).first()


def _current_team_ids(project: Project) -> set[int]:
    return set(
        TeamMember.objects.filter(project=project, left_at=None).values_list("person_id", flat=True)
    )


@transaction.atomic
def agreement_check_in_force(*, project: Project) -> AgreementVersion | None:
    """If everyone on the team now has accepted the proposed version, it comes into
    force and the version in force before it is replaced. Call it whenever the team
    changes (someone who leaves no longer counts) as well as on each acceptance.
    Returns the version that came into force, or None."""
    _lock(project)
    version = (
        AgreementVersion.objects.filter(project=project, status=AgreementVersion.Status.PROPOSED)
        .order_by("-number")
        .first()
    )
    if version is None:
        return None
    team = _current_team_ids(project)
    accepted = set(version.acceptances.values_list("person_id", flat=True))
    if not team or not team <= accepted:
        return None
    now = timezone.now()
    AgreementVersion.objects.filter(
        project=project, status=AgreementVersion.Status.IN_FORCE
    ).update(status=AgreementVersion.Status.REPLACED)
    version.status = AgreementVersion.Status.IN_FORCE
    version.in_force_at = now
    version.save(update_fields=["status", "in_force_at"])
    return version


@transaction.atomic
def agreement_accept(*, version: AgreementVersion, person: User) -> AgreementAcceptance:
    """Record that `person`, on the team now, accepts this version: the proposed one
    (when the last person on the team accepts, it comes into force), or the one in force
    (someone who joined after it was agreed). Accepting twice records it once."""
    project = version.project
    _lock(project)
    version.refresh_from_db()
    if person.pk not in _current_team_ids(project):
        raise AgreementError(_("Only people on the team accept its agreement."))
    if version.status not in (
        AgreementVersion.Status.PROPOSED,
        AgreementVersion.Status.IN_FORCE,
    ):
        raise AgreementError(_("This version of the team agreement is no longer open."))
    acceptance, _created = AgreementAcceptance.objects.get_or_create(version=version, person=person)
    if version.status == AgreementVersion.Status.PROPOSED:
        agreement_check_in_force(project=project)
    people_changed(person.pk)
    return acceptance


def agreement_rules_clean(rules: list[str]) -> list[str]:
    """The rules as the service keeps them: trimmed, empty lines dropped; refused when
    there are none, too many, or one is too long."""
    rules = [" ".join(rule.split()) for rule in rules]
    rules = [rule for rule in rules if rule]
    if not rules:
        raise AgreementError(_("Enter at least one rule"))
    if len(rules) > AGREEMENT_MAX_RULES:
        raise AgreementError(
            _("Enter %(max)s rules or fewer") % {"max": AGREEMENT_MAX_RULES},
        )
    if any(len(rule) > AGREEMENT_RULE_MAX_LENGTH for rule in rules):
        raise AgreementError(
            _("Keep each rule to %(max)s characters or fewer") % {"max": AGREEMENT_RULE_MAX_LENGTH}
        )
    return rules


@transaction.atomic
def agreement_propose(
    *, project: Project, person: User, rules: list[str], change_note: str
) -> AgreementVersion:
    """A change to the team agreement, proposed by someone on the team: a new version
    (the next number) that replaces any earlier version still waiting (withdrawn), with
    the proposer's own acceptance recorded. The rest of the team is emailed once, with
    a link to read it (the rules themselves stay on the site). The same change sent
    again at once (a double click) is the same version: returned, not emailed twice."""
    _lock(project)
    if person.pk not in _current_team_ids(project):
        raise AgreementError(_("Only people on the team propose changes to its agreement."))
    rules = agreement_rules_clean(rules)
    change_note = change_note.strip()
    if not change_note:
        raise AgreementError(_("Say what changed and why"))
    last = AgreementVersion.objects.filter(project=project).order_by("-number").first()
    if (
        last is not None
        and last.proposed_by_id == person.pk
        and last.rules == rules
        and last.change_note == change_note
        and last.proposed_at >= resent_since()
    ):
        return last
    AgreementVersion.objects.filter(
        project=project, status=AgreementVersion.Status.PROPOSED
    ).update(status=AgreementVersion.Status.WITHDRAWN)
    version = AgreementVersion.objects.create(
        project=project,
        number=(last.number if last else 0) + 1,
        rules=rules,
        change_note=change_note,
        proposed_by=person,
    )
    AgreementAcceptance.objects.create(version=version, person=person)
    others = (
        TeamMember.objects.filter(project=project, left_at=None)
        .exclude(person=person)
        .select_related("person")
    )
    for row in others:
        if not row.person.is_active:  # a deactivated account is not emailed
            continue
        email_person(
            user=row.person,
            template="projects/email/agreement_proposed",
            context={"project": project, "version": version, "proposer": person},
            key=f"agreement:{version.pk}:{row.person_id}",
        )
    people_changed(*(row.person_id for row in others), person.pk)
    # A team of one has agreed already.
    agreement_check_in_force(project=project)
    version.refresh_from_db()
    return version
