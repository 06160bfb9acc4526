"""Business actions on reference-group memberships: joining, decisions on membership
requests, terms, pauses, leaving, agreeing to changed ground rules."""

import calendar
import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from home.page_cache import public_pages_changed
from members.models import (
    ConsentRecord,
    GroundRulesVersion,
    GroupMembership,
    ReferenceGroupPage,
    User,
)
from members.models.memberships import MembershipQuerySet
from members.selectors.memberships import membership_can_renew
from members.services.accounts import AlreadyDecided
from members.services.email import email_person
from members.services.own_record import own_record_refuse


class MembershipError(Exception):
    """A join that cannot happen; the message says why, in plain words."""


ALREADY_A_MEMBER = gettext_lazy("You are already a member of this group, or have asked to join.")
RULES_CHANGED = gettext_lazy(
    "The ground rules changed while you were reading them. Please read them again."
)


@transaction.atomic
def membership_join(
    *,
    member: User,
    group: ReferenceGroupPage,
    accepted_version: GroundRulesVersion | None,
    method: str = GroupMembership.Method.ONLINE,
    recorded_by: User | None = None,
) -> GroupMembership:
    """Join `member` to `group`, having accepted its current ground rules.

    Open groups make the member active at once, for the group's term; groups that
    need approval record an application for staff. Raises MembershipError for a
    closed group, an existing membership, or rules that changed while they read them.
    """
    # Lock the group row: two tabs joining at once queue here, and the second
    # sees the first's membership.
    group = ReferenceGroupPage.objects.select_for_update().get(pk=group.pk)
    if not group.is_joinable:
        raise MembershipError(_("This group is not taking new members at the moment."))
    if GroupMembership.objects.live().filter(member=member, group=group).exists():
        raise MembershipError(ALREADY_A_MEMBER)
    current = group.current_ground_rules()
    if current is None or accepted_version is None or current.pk != accepted_version.pk:
        raise MembershipError(RULES_CHANGED)

    today = timezone.localdate()
    is_open = group.join_policy == ReferenceGroupPage.JoinPolicy.OPEN
    try:
        # SQLite has no row locks, so two joins at once can both get here; the
        # unique constraint stops the second, which gets the same message.
        with transaction.atomic():
            membership = GroupMembership.objects.create(
                member=member,
                group=group,
                status=GroupMembership.Status.ACTIVE if is_open else GroupMembership.Status.APPLIED,
                started_on=today if is_open else None,
                term_ends_on=_add_months(today, group.term_months) if is_open else None,
                ground_rules_version=current,
                joined_via=method,
                recorded_by=recorded_by,
            )
    except IntegrityError:
        raise MembershipError(ALREADY_A_MEMBER) from None
    ConsentRecord.objects.create(
        user=member,
        kind=ConsentRecord.Kind.GROUND_RULES,
        version=f"{group.title}: ground rules version {current.number}",
        ground_rules_version=current,
        method=(
            ConsentRecord.Method.ASSISTED
            if method == GroupMembership.Method.ASSISTED
            else ConsentRecord.Method.ONLINE
        ),
        recorded_by=recorded_by,
    )
    _send_membership_email(membership=membership)
    return membership


def _add_months(day, months: int):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def _send_membership_email(*, membership: GroupMembership, template: str = "") -> bool:
    """Email the member about their membership; False when they have no email address."""
    template = (
        template
        or {
            GroupMembership.Status.ACTIVE: "members/email/membership_active",
            GroupMembership.Status.APPLIED: "members/email/membership_applied",
            GroupMembership.Status.DECLINED: "members/email/membership_declined",
        }[membership.status]
    )
    return email_person(
        user=membership.member,
        template=template,
        context={"membership": membership, "group": membership.group},
        reply_to=membership.group.contact_email,
        # One email per membership, template and term: a job or click run twice sends once.
        key=f"membership:{membership.pk}:{template}:{membership.term_ends_on or ''}",
    )


@transaction.atomic
def membership_approve(*, membership: GroupMembership, by: User, note: str = "") -> GroupMembership:
    """Staff accept a request to join: the member becomes active for the group's term."""
    membership = _lock_applied(membership)
    own_record_refuse(person=membership.member_id, by=by, error=MembershipError)
    today = timezone.localdate()
    membership.status = GroupMembership.Status.ACTIVE
    membership.started_on = today
    membership.term_ends_on = _add_months(today, membership.group.term_months)
    membership.decided_by = by
    membership.decision_note = note
    membership.save(
        update_fields=[
            "status",
            "started_on",
            "term_ends_on",
            "decided_by",
            "decision_note",
        ]
    )
    log(instance=membership, action="roundtable.membership_approved", user=by, data={"note": note})
    _send_membership_email(membership=membership)
    return membership


@transaction.atomic
def membership_decline(*, membership: GroupMembership, by: User, note: str) -> GroupMembership:
    """Staff turn down a request to join, with a message to the person."""
    membership = _lock_applied(membership)
    own_record_refuse(person=membership.member_id, by=by, error=MembershipError)
    membership.status = GroupMembership.Status.DECLINED
    membership.ended_at = timezone.now()
    membership.end_reason = GroupMembership.EndReason.DECLINED
    membership.decided_by = by
    membership.decision_note = note
    membership.save(
        update_fields=["status", "ended_at", "end_reason", "decided_by", "decision_note"]
    )
    log(instance=membership, action="roundtable.membership_declined", user=by, data={"note": note})
    _send_membership_email(membership=membership)
    return membership


def _lock_applied(membership: GroupMembership) -> GroupMembership:
    locked = (
        GroupMembership.objects.select_for_update()
        .select_related("group", "member")
        .get(pk=membership.pk)
    )
    if locked.status != GroupMembership.Status.APPLIED:
        raise AlreadyDecided(locked.status)
    return locked


# --- Membership terms -----------------------------------------------------------------


def memberships_invite_renewals(*, today: datetime.date | None = None) -> int:
    """Ask members whose term ends soon whether they want to renew. Returns emails sent.

    Members without an email address are marked as invited too (they are not asked
    again each day) and appear on the staff's "Phone and post" list instead.

    Run daily by Celery beat. Each membership is claimed with a conditional UPDATE
    (renewal_invited_at IS NULL), so running twice, or two workers at once, still
    sends each invitation once.
    """
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=settings.MEMBERSHIP_RENEWAL_NOTICE_DAYS)
    due = GroupMembership.objects.filter(
        status__in=[GroupMembership.Status.ACTIVE, GroupMembership.Status.PAUSED],
        term_ends_on__lte=horizon,
        term_ends_on__gte=today,
        renewal_invited_at__isnull=True,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            claimed = GroupMembership.objects.filter(pk=pk, renewal_invited_at__isnull=True).update(
                renewal_invited_at=timezone.now()
            )
            if claimed:
                membership = GroupMembership.objects.select_related("group", "member").get(pk=pk)
                if _send_membership_email(
                    membership=membership, template="members/email/membership_renewal"
                ):
                    sent += 1
    return sent


def memberships_end_lapsed(*, today: datetime.date | None = None) -> int:
    """End active memberships whose term is over, and resume paused ones that are due.

    Set-based: two UPDATE statements whatever the number of members. Returns the
    number of memberships ended.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        ended = GroupMembership.objects.filter(
            status__in=[GroupMembership.Status.ACTIVE, GroupMembership.Status.PAUSED],
            term_ends_on__lt=today,
        ).update(
            status=GroupMembership.Status.ENDED,
            ended_at=timezone.now(),
            end_reason=GroupMembership.EndReason.LAPSED,
        )
        resumed = GroupMembership.objects.filter(
            status=GroupMembership.Status.PAUSED, paused_until__lt=today
        ).update(status=GroupMembership.Status.ACTIVE, paused_until=None)
        if ended or resumed:
            # update() sends no post_save: every member's cached account page is stale.
            public_pages_changed()
    return ended


@transaction.atomic
def membership_renew(*, membership: GroupMembership, by: User | None = None) -> GroupMembership:
    """The member stays for another term, counted from the end of the current one.

    `by`: the staff member who renewed it for them (asked by phone or post)."""
    membership = (
        GroupMembership.objects.select_for_update().select_related("group").get(pk=membership.pk)
    )
    own_record_refuse(person=membership.member_id, by=by, error=MembershipError)
    if membership.status not in (GroupMembership.Status.ACTIVE, GroupMembership.Status.PAUSED):
        raise MembershipError(_("Only a current membership can be renewed."))
    if not membership_can_renew(membership):
        raise MembershipError(
            _("You can renew from six weeks before your membership ends. We will remind you.")
        )
    start = max(membership.term_ends_on or timezone.localdate(), timezone.localdate())
    membership.term_ends_on = _add_months(start, membership.group.term_months)
    membership.renewal_invited_at = None
    membership.save(update_fields=["term_ends_on", "renewal_invited_at"])
    log(
        instance=membership,
        action="roundtable.membership_renewed",
        user=by or membership.member,
        data={"on_their_behalf": by is not None},
    )
    return membership


@transaction.atomic
def membership_pause(*, membership: GroupMembership, until: datetime.date) -> GroupMembership:
    """Take a break from the group until a date; nothing is sent in the meantime."""
    if until <= timezone.localdate():
        raise MembershipError(_("The date to pause until must be in the future."))
    membership = GroupMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.status not in (GroupMembership.Status.ACTIVE, GroupMembership.Status.PAUSED):
        raise MembershipError(_("Only a current membership can be paused."))
    membership.status = GroupMembership.Status.PAUSED
    membership.paused_until = until
    membership.save(update_fields=["status", "paused_until"])
    log(
        instance=membership,
        action="roundtable.membership_paused",
        user=membership.member,
        data={"until": until.isoformat()},
    )
    return membership


@transaction.atomic
def membership_leave(*, membership: GroupMembership) -> GroupMembership:
    """The member leaves the group, or cancels a request to join that is still
    waiting for a decision. No reason is asked for."""
    membership = GroupMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.status not in MembershipQuerySet.LIVE:
        raise MembershipError(_("This membership has already ended."))
    pending = membership.status == GroupMembership.Status.APPLIED
    membership.status = GroupMembership.Status.ENDED
    membership.ended_at = timezone.now()
    membership.end_reason = (
        GroupMembership.EndReason.CANCELLED if pending else GroupMembership.EndReason.LEFT
    )
    membership.save(update_fields=["status", "ended_at", "end_reason"])
    log(instance=membership, action="roundtable.membership_left", user=membership.member)
    return membership


# --- Changed ground rules -------------------------------------------------------------


@transaction.atomic
def membership_accept_ground_rules(
    *,
    membership: GroupMembership,
    accepted_version: GroundRulesVersion | None,
    recorded_by: User | None = None,
) -> GroupMembership:
    """The member agrees to the group's new ground rules (`recorded_by`: staff who read
    them to the member, by phone or post, and recorded the answer)."""
    membership = (
        GroupMembership.objects.select_for_update().select_related("group").get(pk=membership.pk)
    )
    own_record_refuse(person=membership.member_id, by=recorded_by, error=MembershipError)
    current = membership.group.current_ground_rules()
    if current is None or accepted_version is None or current.pk != accepted_version.pk:
        raise MembershipError(RULES_CHANGED)
    membership.ground_rules_version = current
    membership.save(update_fields=["ground_rules_version"])
    ConsentRecord.objects.create(
        user=membership.member,
        kind=ConsentRecord.Kind.GROUND_RULES,
        version=f"{membership.group.title}: ground rules version {current.number}",
        ground_rules_version=current,
        method=ConsentRecord.Method.ASSISTED if recorded_by else ConsentRecord.Method.ONLINE,
        recorded_by=recorded_by,
    )
    if recorded_by is not None:
        log(
            instance=membership,
            action="roundtable.ground_rules_recorded",
            user=recorded_by,
            data={"version": current.number},
        )
    return membership
