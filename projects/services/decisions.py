"""The decision log: proposing an item for the team to decide, endorsing and commenting
on it, recording the outcome (how it was agreed, who took part), and dissent in the
dissenter's own words."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from members.models import User
from members.services.email import email_person
from members.services.own_record import own_record_refuse
from projects.models import Decision, DecisionComment, Dissent, Endorsement, Project, TeamMember
from projects.services.resent import project_lock, resent_since

DECISION_COMMENT_HIDDEN = "roundtable.decision_comment_hidden"


class DecisionError(Exception):
    """A change to the decision log that cannot be made; the message says why."""


def _on_team(project_id: int, person: User) -> bool:
    return TeamMember.objects.filter(project_id=project_id, person=person, left_at=None).exists()


def _team_told(*, decision: Decision, template: str, key: str, skip: User | None) -> None:
    # Deactivated accounts are on the team still (staff may reactivate them) but are
    # not emailed.
    rows = TeamMember.objects.filter(
        project_id=decision.project_id, left_at=None, person__is_active=True
    ).select_related("person")
    for row in rows:
        if skip is not None and row.person_id == skip.pk:
            continue
        email_person(
            user=row.person,
            template=template,
            context={"project": decision.project, "decision": decision},
            key=f"{key}:{decision.pk}:{row.person_id}",
        )


def options_clean(options: list[str]) -> list[str]:
    return [" ".join(option.split()) for option in options if option.strip()]


@transaction.atomic
def decision_propose(
    *,
    project: Project,
    person: User,
    title: str,
    background: str = "",
    options: list[str] | None = None,
    tell_team: bool = True,
) -> Decision:
    """Something for the team to decide, at the project's current stage. The rest of the
    team is emailed once (the title and a link; the background stays on the site).
    `tell_team=False` when the decision was taken at a meeting and is recorded next
    (the team hears once, when it is recorded). Who may propose is the view's check
    (anyone who sees the project). The same title proposed again at once by the same
    person is the same proposal (projects.services.resent): returned, not emailed twice."""
    title = title.strip()
    if not title:
        raise DecisionError(_("Say what needs deciding"))
    project_lock(project.pk)
    resent = Decision.objects.filter(
        project=project, proposed_by=person, title=title, proposed_at__gte=resent_since()
    ).first()
    if resent is not None:
        return resent
    decision = Decision.objects.create(
        project=project,
        title=title,
        background=background.strip(),
        options=options_clean(options or []),
        stage=project.stage,
        proposed_by=person,
    )
    if tell_team:
        _team_told(
            decision=decision,
            template="projects/email/decisions_proposed",
            key="decision",
            skip=person,
        )
    return decision


@transaction.atomic
def decision_endorse_toggle(*, decision: Decision, person: User) -> bool:
    """ "I support this being decided", or take it back. Team members, on proposals
    only. True when the person now supports it."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.status != Decision.Status.PROPOSED:
        raise DecisionError(_("This has been decided already."))
    if not _on_team(decision.project_id, person):
        raise DecisionError(_("Only people on the team support proposals."))
    deleted, _rows = Endorsement.objects.filter(decision=decision, person=person).delete()
    if deleted:
        return False
    Endorsement.objects.create(decision=decision, person=person)
    return True


def decision_comment_add(*, decision: Decision, person: User, body: str) -> DecisionComment:
    """A comment on a decision, by someone who sees the project (the view checks)."""
    body = body.strip()
    if not body:
        raise DecisionError(_("Enter your comment"))
    return DecisionComment.objects.create(decision=decision, author=person, body=body)


@transaction.atomic
def decision_comment_hide(*, comment: DecisionComment, by: User) -> DecisionComment:
    """Staff hide a comment: the page says a comment was hidden; the text stays in the
    record (and in its author's data download). Logged. Not one's own comment."""
    own_record_refuse(person=comment.author_id, by=by, error=DecisionError)
    if comment.hidden_at is None:
        comment.hidden_at, comment.hidden_by = timezone.now(), by
        comment.save(update_fields=["hidden_at", "hidden_by"])
        log(
            instance=comment.decision.project,
            action=DECISION_COMMENT_HIDDEN,
            user=by,
            data={"decision": comment.decision_id, "comment": comment.pk},
        )
    return comment


@transaction.atomic
def decision_record(
    *,
    decision: Decision,
    by: User,
    status: str,
    outcome: str = "",
    options: list[str] | None = None,
    how_agreed: str = "",
    reasons: str = "",
    votes: tuple[int, int, int] | None = None,
    participants: list[User] | None = None,
) -> Decision:
    """The outcome of a proposal: decided (what, how it was agreed, who took part) or not
    taken forward (with reasons). Recorded once, by someone who may steer (the view
    checks); the team is emailed once."""
    decision = Decision.objects.select_for_update().select_related("project").get(pk=decision.pk)
    if decision.status != Decision.Status.PROPOSED:
        raise DecisionError(_("The outcome of this has been recorded already."))
    reasons = reasons.strip()
    if status == Decision.Status.DECIDED:
        outcome = outcome.strip()
        if not outcome:
            raise DecisionError(_("Say what was decided"))
        if how_agreed not in Decision.HowAgreed.values:
            raise DecisionError(_("Choose how it was agreed"))
        if how_agreed == Decision.HowAgreed.RESEARCHER and not reasons:
            raise DecisionError(_("Give the researcher's reasons"))
        if how_agreed == Decision.HowAgreed.VOTE and not votes:
            raise DecisionError(_("Give the numbers for and against"))
        if not participants:
            raise DecisionError(_("Choose who took part"))
        team = set(
            TeamMember.objects.filter(project_id=decision.project_id).values_list(
                "person_id", flat=True
            )
        )
        if any(person.pk not in team for person in participants):
            raise DecisionError(_("Only people on the team can be named as taking part."))
        decision.outcome, decision.how_agreed = outcome, how_agreed
        decision.reasons = reasons if how_agreed == Decision.HowAgreed.RESEARCHER else ""
        if how_agreed == Decision.HowAgreed.VOTE:
            decision.votes_for, decision.votes_against, decision.votes_abstained = votes
    elif status == Decision.Status.NOT_TAKEN_FORWARD:
        if not reasons:
            raise DecisionError(_("Say why it was not taken forward"))
        decision.reasons = reasons
        participants = []
    else:
        raise DecisionError(_("Choose what happened"))
    if options is not None:
        decision.options = options_clean(options)
    decision.status, decision.decided_at, decision.recorded_by = status, timezone.now(), by
    decision.save()
    decision.participants.set(participants)
    _team_told(
        decision=decision,
        template="projects/email/decisions_recorded",
        key="decision-recorded",
        skip=by,
    )
    return decision


@transaction.atomic
def dissent_record(*, decision: Decision, person: User, reason: str) -> Dissent:
    """ "Record that you disagree", in the person's own words: on a decided decision,
    by someone on the team now (whether or not they took part: someone absent may
    disagree too). Only ever the dissenter's own; recording again changes the words."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.status != Decision.Status.DECIDED:
        raise DecisionError(_("Disagreement is recorded once something has been decided."))
    if not _on_team(decision.project_id, person):
        raise DecisionError(_("Only people on the team record that they disagree."))
    reason = reason.strip()
    if not reason:
        raise DecisionError(_("Say why you disagree"))
    dissent, created = Dissent.objects.get_or_create(
        decision=decision, person=person, defaults={"reason": reason}
    )
    if not created:
        dissent.reason = reason
        dissent.save(update_fields=["reason"])
    return dissent
