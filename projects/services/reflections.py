"""Reflection: changing a project's research stage (which invites the team, once each,
to reflect and check in), a person's private reflection and check-in, and a member's
confidence check-ins before and after.

Nothing here puts what someone wrote or answered into an email, a log entry or the
session: the log records that the stage changed, the emails only invite."""

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from home.page_cache import people_changed
from members.models import User
from members.services.email import email_person
from projects.models import (
    CheckIn,
    ConfidenceCheckIn,
    Project,
    Reflection,
    ReflectionInvitation,
    StageChange,
    TeamMember,
)
from projects.services.projects import ProjectError

STAGE_CHANGED = "roundtable.project_stage_changed"

REFLECTION_FIELDS = ("went_well", "voice_heard", "would_change", "share_with_lead")


@transaction.atomic
def project_stage_change(*, project: Project, stage: str, by: User, now: str = "") -> StageChange:
    """Move the project to `stage` (and, if `now` is given, say what is happening now),
    record the change, and invite everyone on the team now to reflect on it: one
    invitation each, emailed once (the outbox key is the invitation's).

    The project's row is locked first: two changes sent at once wait for each other,
    and the second, finding the stage already changed, is refused rather than inviting
    everyone twice."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if stage == locked.stage:
        raise ProjectError(_("The project is already at this stage: choose a different stage."))
    change = StageChange.objects.create(
        project=locked, from_stage=locked.stage, to_stage=stage, by=by
    )
    locked.stage = stage
    fields = ["stage", "updated_at"]
    if now.strip():
        locked.now = now.strip()
        fields.append("now")
    locked.save(update_fields=fields)
    project.stage, project.now = locked.stage, locked.now
    people = list(
        TeamMember.objects.filter(project=locked, left_at=None).values_list("person_id", flat=True)
    )
    ReflectionInvitation.objects.bulk_create(
        [ReflectionInvitation(stage_change=change, person_id=person) for person in people]
    )
    invitations = ReflectionInvitation.objects.filter(stage_change=change).select_related("person")
    for invitation in invitations:
        if not invitation.person.is_active:  # invited, not emailed (the account is off)
            continue
        email_person(
            user=invitation.person,
            template="projects/email/reflections_invited",
            context={"project": locked, "change": change, "invitation": invitation},
            key=f"reflect:{invitation.pk}",
        )
    log(
        instance=locked,
        action=STAGE_CHANGED,
        user=by,
        data={"from": change.from_stage, "to": change.to_stage},
    )
    people_changed(*people)
    return change


def invitation_is_open(invitation: ReflectionInvitation) -> bool:
    """A reflection and check-in may be changed while their stage change is the
    project's latest; an invitation not yet answered may be answered at any time."""
    if not hasattr(invitation, "check_in"):
        return True
    latest = (
        StageChange.objects.filter(project_id=invitation.stage_change.project_id)
        .order_by("-at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return latest == invitation.stage_change_id


@transaction.atomic
def reflection_save(
    *, invitation: ReflectionInvitation, reflection: dict, check_in: dict
) -> tuple[Reflection, CheckIn]:
    """Save the person's private reflection (`went_well`, `voice_heard`,
    `would_change`, `share_with_lead`) and their check-in (one answer from 1 to 5 for
    each of CheckIn.STATEMENTS), new or changed."""
    invitation = ReflectionInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation_is_open(invitation):
        raise ProjectError(
            _("The stage has changed since: this reflection can no longer be changed.")
        )
    saved_reflection, _created = Reflection.objects.update_or_create(
        invitation=invitation,
        defaults={name: reflection[name] for name in REFLECTION_FIELDS},
    )
    saved_check_in, _created = CheckIn.objects.update_or_create(
        invitation=invitation,
        defaults={name: int(check_in[name]) for name in CheckIn.STATEMENTS},
    )
    return saved_reflection, saved_check_in


@transaction.atomic
def confidence_record(
    *, project: Project, person: User, when: str, answers: dict, skills: str = ""
) -> ConfidenceCheckIn:
    """A member's confidence check-in at the start or at the end (one each; recorded
    once, so "before" stays what it was before)."""
    # The project's row is the lock: the same answers sent twice at once wait.
    Project.objects.select_for_update().filter(pk=project.pk).first()
    if ConfidenceCheckIn.objects.filter(project=project, person=person, when=when).exists():
        raise ProjectError(_("You have already answered this check-in."))
    return ConfidenceCheckIn.objects.create(
        project=project,
        person=person,
        when=when,
        skills=skills.strip(),
        **{name: int(answers[name]) for name in ConfidenceCheckIn.STATEMENTS},
    )
