"""Staff invite members to apply for an opportunity: once per person, with one email
that respects the person's email choices, and a line in each person's record."""

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import get_active_log_context, registry

from members import roles
from members.models import GroupMembership, MemberProfile, User
from members.selectors.profiles import opportunity_emails_paused
from members.services.email import email_person
from members.services.own_record import own_record_refuse
from opportunities.models import Application, Invitation, NotForMe, OpportunityPage

INVITED = "roundtable.invited_to_apply"
TEMPLATE = "opportunities/email/invitation"


class InvitationError(Exception):
    """Invitations that cannot be sent; the message says why."""


@dataclass
class InvitationsSent:
    """What happened: who was invited now, who of them was emailed, and who was left
    out (invited before, applied already, said it is not for them, or not able to see
    the opportunity)."""

    invited: list[Invitation] = field(default_factory=list)
    emailed: int = 0
    not_emailed: int = 0
    skipped: int = 0


def email_choices_allow(user: User, profile: MemberProfile | None, today: datetime.date) -> bool:
    """Whether an invitation may be emailed: the person has an address and has not
    paused emails about opportunities (a pause that has ended no longer counts)."""
    return bool(user.email) and not opportunity_emails_paused(profile, today)


def invitation_key(*, opportunity_id: int, member_id: int) -> str:
    return f"invite:{opportunity_id}:{member_id}"


def invitable_members(*, opportunity: OpportunityPage, member_ids):
    """Of these people, the active members who may see `opportunity`, have not applied
    for it (a current application) and have not said it is not for them: the people an
    invitation may go to."""
    members = User.objects.filter(
        pk__in=list(member_ids), is_active=True, groups__name=roles.MEMBER
    ).exclude(
        pk__in=Application.objects.current().filter(opportunity=opportunity).values("member_id")
    )
    members = members.exclude(
        pk__in=NotForMe.objects.filter(opportunity=opportunity).values("member_id")
    )
    if opportunity.visibility == OpportunityPage.Visibility.GROUPS:
        members = members.filter(
            pk__in=GroupMembership.objects.filter(
                status=GroupMembership.Status.ACTIVE,
                group_id__in=[group.pk for group in opportunity.groups.all()],
            ).values("member_id")
        )
    return members


def _log_invited(invitations: list[Invitation], *, by: User) -> None:
    """A line in each invited person's record (their account's history), written in one
    statement as Wagtail's `log()` would write each: which opportunity, by whom, when.
    Not the reasons: they can name health topics."""
    if not invitations:
        return
    model = registry.get_log_model_for_instance(invitations[0].member)
    content_type = ContentType.objects.get_for_model(User, for_concrete_model=False)
    uuid = get_active_log_context().uuid
    model.objects.bulk_create(
        [
            model(
                content_type=content_type,
                object_id=str(invitation.member_id),
                label=model.objects.get_instance_title(invitation.member),
                action=INVITED,
                timestamp=invitation.invited_at,
                user=by,
                uuid=uuid,
                data={"opportunity": invitation.opportunity_id},
            )
            for invitation in invitations
        ]
    )


@transaction.atomic
def invitations_send(
    *, opportunity: OpportunityPage, member_ids, by: User, today: datetime.date | None = None
) -> InvitationsSent:
    """Invite these members to apply for `opportunity`, each once: a person invited
    before, who has applied, who said it is not for them, or who may not see the
    opportunity is left out (counted
    in `skipped`). Each new invitation is emailed once (its outbox key) unless the
    person's email choices say no (no address, or emails about opportunities paused):
    then `emailed_at` stays empty and `not_emailed` counts them, for staff to contact
    another way. Refused for an opportunity not taking applications, and for staff
    inviting themselves. A fixed number of queries apart from the emails."""
    today = today or timezone.localdate()
    member_ids = {int(pk) for pk in member_ids}
    for pk in member_ids:
        own_record_refuse(person=pk, by=by, error=InvitationError)
    if not OpportunityPage.objects.open(today).filter(pk=opportunity.pk).exists():
        raise InvitationError(
            _("This opportunity is not taking applications, so nobody can be invited to it.")
        )
    members = list(
        invitable_members(opportunity=opportunity, member_ids=member_ids)
        .exclude(invitations__opportunity=opportunity)
        .select_related("profile")
        .distinct()
    )
    now = timezone.now()
    # The constraint keeps one invitation per person and opportunity when two members
    # of staff invite at once: the second's rows are not written, and only the rows
    # written now (this moment, by this person) are emailed.
    Invitation.objects.bulk_create(
        [
            Invitation(opportunity=opportunity, member=member, invited_by=by, invited_at=now)
            for member in members
        ],
        ignore_conflicts=True,
    )
    by_id = {member.pk: member for member in members}
    invited = list(
        Invitation.objects.filter(
            opportunity=opportunity, member_id__in=list(by_id), invited_at=now, invited_by=by
        )
    )
    result = InvitationsSent(invited=invited, skipped=len(member_ids) - len(invited))
    emailed = []
    for invitation in invited:
        member = by_id[invitation.member_id]
        invitation.member = member
        invitation.opportunity = opportunity
        profile = getattr(member, "profile", None)
        if not email_choices_allow(member, profile, today):
            result.not_emailed += 1
            continue
        if email_person(
            user=member,
            template=TEMPLATE,
            context={"opportunity": opportunity},
            key=invitation_key(opportunity_id=opportunity.pk, member_id=member.pk),
        ):
            emailed.append(invitation.pk)
            invitation.emailed_at = now
    result.emailed = len(emailed)
    if emailed:
        Invitation.objects.filter(pk__in=emailed).update(emailed_at=now)
    _log_invited(invited, by=by)
    return result
