"""Reads for the team agreement: the version in force, the one proposed, and who on
the team now has accepted each."""

from dataclasses import dataclass, field

from members.models import User
from projects.models import AgreementAcceptance, AgreementVersion, Project, TeamMember


@dataclass
class VersionState:
    version: AgreementVersion
    accepted: list[User] = field(default_factory=list)  # on the team now, accepted
    waiting: list[User] = field(default_factory=list)  # on the team now, not yet
    user_accepted: bool = False


@dataclass
class AgreementState:
    in_force: VersionState | None
    proposed: VersionState | None

    @property
    def waiting_for_user(self) -> AgreementVersion | None:
        """The version the person is asked to accept: the proposed one, or else the
        one in force (they joined after it was agreed), if they have not."""
        for state in (self.proposed, self.in_force):
            if state is not None:
                return None if state.user_accepted else state.version
        return None


def agreement_versions_open(project: Project) -> tuple[AgreementVersion | None, ...]:
    """(in force, proposed): the latest of each, or None (one query)."""
    in_force = proposed = None
    versions = AgreementVersion.objects.filter(
        project=project,
        status__in=[AgreementVersion.Status.IN_FORCE, AgreementVersion.Status.PROPOSED],
    ).order_by("-number")
    for version in versions:
        if version.status == AgreementVersion.Status.IN_FORCE and in_force is None:
            in_force = version
        if version.status == AgreementVersion.Status.PROPOSED and proposed is None:
            proposed = version
    return in_force, proposed


def agreement_state(*, project: Project, user: User) -> AgreementState:
    """The versions in force and proposed, each with who on the team now has accepted
    it and who has not (names, team order), and whether `user` has (three queries)."""
    in_force, proposed = agreement_versions_open(project)
    versions = [v for v in (in_force, proposed) if v is not None]
    team = [
        row.person
        for row in TeamMember.objects.filter(project=project, left_at=None)
        .select_related("person")
        .order_by("role", "joined_at", "pk")
    ]
    accepted: dict[int, set[int]] = {v.pk: set() for v in versions}
    for version_id, person_id in AgreementAcceptance.objects.filter(
        version__in=versions
    ).values_list("version_id", "person_id"):
        accepted[version_id].add(person_id)

    def state(version):
        if version is None:
            return None
        ids = accepted[version.pk]
        return VersionState(
            version=version,
            accepted=[p for p in team if p.pk in ids],
            waiting=[p for p in team if p.pk not in ids],
            user_accepted=user.pk in ids,
        )

    return AgreementState(in_force=state(in_force), proposed=state(proposed))


def agreement_waiting_for(*, project: Project, user: User) -> AgreementVersion | None:
    """The version `user` (on the team) has yet to accept, or None (two queries)."""
    in_force, proposed = agreement_versions_open(project)
    for version in (proposed, in_force):
        if version is not None:
            if AgreementAcceptance.objects.filter(version=version, person=user).exists():
                return None
            return version
    return None


def rules_compared(before: list[str], after: list[str]) -> dict:
    """What a proposed change adds and removes, rule by rule (a reworded rule is one
    removed and one added)."""
    return {
        "added": [rule for rule in after if rule not in before],
        "removed": [rule for rule in before if rule not in after],
    }
