"""Business actions on accounts and roles. Views, forms, admin and commands call these."""

import calendar
import datetime
import logging

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from home.emails import email_enqueue
from home.models import OrganisationSettings
from members import roles
from members.models import (
    ConsentRecord,
    GroundRulesVersion,
    GroupMembership,
    MemberProfile,
    ReferenceGroupPage,
    User,
)
from members.models.groups import MembershipQuerySet

logger = logging.getLogger(__name__)


def role_grant(*, user: User, role: str) -> None:
    user.groups.add(Group.objects.get(name=role))


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].lower()


def is_trusted_researcher_domain(email: str) -> bool:
    """True when the address's domain, or a parent of it, is listed in the setting."""
    domain = email_domain(email)
    return any(
        domain == trusted or domain.endswith("." + trusted)
        for trusted in settings.RESEARCHER_EMAIL_DOMAINS
    )


@transaction.atomic
def account_signed_up(
    *, user: User, name: str, as_researcher: bool, organisation: str = ""
) -> None:
    """A person has created an account from the sign-up page.

    Everyone who joins as a member of the public becomes a Member at once. A
    researcher waits: their role is granted when their verified address is on a
    trusted domain, or when staff approve them.
    """
    user.name = name
    if as_researcher:
        user.researcher_request = User.ResearcherRequest.PENDING
        user.researcher_organisation = organisation
    user.save(update_fields=["name", "researcher_request", "researcher_organisation"])
    if not as_researcher:
        role_grant(user=user, role=roles.MEMBER)


class AlreadyDecided(Exception):
    """Someone else decided this researcher request first."""


def _lock_pending(user: User) -> User:
    # The row lock makes two decisions (two staff, or staff and the trusted-domain
    # rule) wait for each other; the second then sees the first's answer.
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.researcher_request != User.ResearcherRequest.PENDING:
        raise AlreadyDecided(locked.researcher_request)
    return locked


@transaction.atomic
def researcher_approve(*, user: User, by: User | None, note: str = "") -> None:
    """Give `user` the Researcher role. `by` is None when a trusted domain approved it.

    Raises AlreadyDecided if the request is no longer waiting.
    """
    user = _lock_pending(user)
    user.researcher_request = User.ResearcherRequest.APPROVED
    user.researcher_decided_at = timezone.now()
    user.researcher_decided_by = by
    user.researcher_decision_note = note
    user.save(
        update_fields=[
            "researcher_request",
            "researcher_decided_at",
            "researcher_decided_by",
            "researcher_decision_note",
        ]
    )
    role_grant(user=user, role=roles.RESEARCHER)
    log(
        instance=user,
        action="roundtable.researcher_approved",
        user=by,
        data={"note": note, "automatic": by is None},
    )
    _send_decision_email(user=user, template="members/email/researcher_approved")


@transaction.atomic
def researcher_decline(*, user: User, by: User, note: str) -> None:
    """Refuse a researcher account, with a reason sent to the person.

    Raises AlreadyDecided if the request is no longer waiting.
    """
    user = _lock_pending(user)
    user.researcher_request = User.ResearcherRequest.DECLINED
    user.researcher_decided_at = timezone.now()
    user.researcher_decided_by = by
    user.researcher_decision_note = note
    user.save(
        update_fields=[
            "researcher_request",
            "researcher_decided_at",
            "researcher_decided_by",
            "researcher_decision_note",
        ]
    )
    user.groups.remove(*Group.objects.filter(name=roles.RESEARCHER))
    log(instance=user, action="roundtable.researcher_declined", user=by, data={"note": note})
    _send_decision_email(user=user, template="members/email/researcher_declined")


def researcher_check_trusted_domain(*, user: User, verified_email: str) -> bool:
    """Called when an address is verified: approve a waiting researcher on a trusted domain."""
    if user.researcher_request != User.ResearcherRequest.PENDING:
        return False
    if not is_trusted_researcher_domain(verified_email):
        return False
    researcher_approve(
        user=user, by=None, note=f"Verified address on {email_domain(verified_email)}"
    )
    return True


def _email_person(*, user: User, template: str, context: dict, reply_to: str = "") -> bool:
    """Render `template`_subject.txt and `template`.txt and queue the email.

    Every email from this app invites a reply, which goes to `reply_to` or else to the
    organisation's contact address. False (nothing sent) for people without an email
    address: members registered by staff may be contacted only by phone or post.
    """
    if not user.email:
        logger.info("User %s has no email address: contact by phone or post", user.pk)
        return False
    organisation = OrganisationSettings.for_default_site()
    context = {"user": user, "site_url": settings.SITE_URL, "organisation": organisation, **context}
    reply_to = reply_to or organisation.contact_email
    email_enqueue(
        message=EmailMultiAlternatives(
            subject=render_to_string(f"{template}_subject.txt", context).strip(),
            body=render_to_string(f"{template}.txt", context),
            to=[user.email],
            reply_to=[reply_to] if reply_to else None,
        )
    )
    return True


def _send_decision_email(*, user: User, template: str) -> None:
    _email_person(user=user, template=template, context={})


# --- Reference groups ----------------------------------------------------------


class MembershipError(Exception):
    """A join that cannot happen; the message says why, in plain words."""


RULES_CHANGED = gettext_lazy(
    "The ground rules changed while you were reading them. Please read them again."
)


def _rules_content(group: ReferenceGroupPage) -> list[dict]:
    # Block ids change on every save; only what the rules say matters.
    return [
        {"type": block["type"], "value": block["value"]} for block in group.ground_rules.raw_data
    ]


@transaction.atomic
def ground_rules_record_if_changed(*, group: ReferenceGroupPage) -> GroundRulesVersion:
    """Called when a group page is published: a new version only if the rules changed."""
    ReferenceGroupPage.objects.select_for_update().filter(pk=group.pk).first()
    content = _rules_content(group)
    latest = group.current_ground_rules()
    if latest is not None and latest.content == content:
        return latest
    return GroundRulesVersion.objects.create(
        group=group, number=(latest.number + 1) if latest else 1, content=content
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
        raise MembershipError(_("You are already a member of this group, or have asked to join."))
    current = group.current_ground_rules()
    if current is None or accepted_version is None or current.pk != accepted_version.pk:
        raise MembershipError(RULES_CHANGED)

    today = timezone.localdate()
    is_open = group.join_policy == ReferenceGroupPage.JoinPolicy.OPEN
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
    return _email_person(
        user=membership.member,
        template=template,
        context={"membership": membership, "group": membership.group},
        reply_to=membership.group.contact_email,
    )


@transaction.atomic
def membership_approve(*, membership: GroupMembership, by: User, note: str = "") -> GroupMembership:
    """Staff accept a request to join: the member becomes active for the group's term."""
    membership = _lock_applied(membership)
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


# --- Membership terms --------------------------------------------------------------


def memberships_invite_renewals(*, today: datetime.date | None = None) -> int:
    """Ask members whose term ends soon whether they want to renew. Returns emails sent.

    Members without an email address are marked as invited too (they are not asked
    again each day); finding them for a phone call or letter is a staff task still
    to build (see the closing note of the session that wrote this).

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
        GroupMembership.objects.filter(
            status=GroupMembership.Status.PAUSED, paused_until__lt=today
        ).update(status=GroupMembership.Status.ACTIVE, paused_until=None)
    return ended


def membership_can_renew(membership: GroupMembership) -> bool:
    """Renewal opens MEMBERSHIP_RENEWAL_NOTICE_DAYS before the term ends (groups refresh
    their membership; renewing early and often would defeat that)."""
    if membership.term_ends_on is None:
        return False
    opens = membership.term_ends_on - datetime.timedelta(
        days=settings.MEMBERSHIP_RENEWAL_NOTICE_DAYS
    )
    return timezone.localdate() >= opens


@transaction.atomic
def membership_renew(*, membership: GroupMembership) -> GroupMembership:
    """The member stays for another term, counted from the end of the current one."""
    membership = (
        GroupMembership.objects.select_for_update().select_related("group").get(pk=membership.pk)
    )
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
    log(instance=membership, action="roundtable.membership_renewed", user=membership.member)
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
    """The member leaves the group. No reason is asked for."""
    membership = GroupMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.status not in MembershipQuerySet.LIVE:
        raise MembershipError(_("This membership has already ended."))
    membership.status = GroupMembership.Status.ENDED
    membership.ended_at = timezone.now()
    membership.end_reason = GroupMembership.EndReason.LEFT
    membership.save(update_fields=["status", "ended_at", "end_reason"])
    log(instance=membership, action="roundtable.membership_left", user=membership.member)
    return membership


# --- Profiles --------------------------------------------------------------------


def privacy_notice_version() -> str:
    """The privacy notice as it stands: its page and when it was last published."""
    page = OrganisationSettings.for_default_site().privacy_page
    if page is None:
        return "Privacy notice (no page set)"
    published = page.last_published_at
    return f"{page.title}, published {published:%Y-%m-%d %H:%M}" if published else page.title


def privacy_notice_accept(
    *, user: User, method: str = ConsentRecord.Method.ONLINE, recorded_by: User | None = None
) -> ConsentRecord:
    """Record that `user` read the current privacy notice (once per version)."""
    record, _created = ConsentRecord.objects.get_or_create(
        user=user,
        kind=ConsentRecord.Kind.PRIVACY_NOTICE,
        version=privacy_notice_version(),
        defaults={"method": method, "recorded_by": recorded_by},
    )
    return record


def has_accepted_privacy_notice(*, user: User) -> bool:
    return ConsentRecord.objects.filter(
        user=user, kind=ConsentRecord.Kind.PRIVACY_NOTICE, version=privacy_notice_version()
    ).exists()


def profile_complete_onboarding(*, profile: MemberProfile) -> bool:
    """Mark the first run through the questions as done. Returns True the first time."""
    return bool(
        MemberProfile.objects.filter(pk=profile.pk, onboarding_completed_at__isnull=True).update(
            onboarding_completed_at=timezone.now()
        )
    )


# --- Assisted registration ------------------------------------------------------------


@transaction.atomic
def member_register_assisted(
    *,
    by: User,
    name: str,
    channel: str,
    email: str = "",
    phone: str = "",
    postal_address: str = "",
    contact_methods: list[str] | None = None,
    privacy_notice_explained: bool,
    group: ReferenceGroupPage | None = None,
) -> User:
    """Staff add a member who joined by phone, on paper or at an event.

    The record says it was made on the person's behalf and by whom. People with an
    email address get an invitation to set a password; people without one are
    contacted by phone or post. With `group`, they join it too (its ground rules
    having been read to them), recorded as assisted.
    """
    if not privacy_notice_explained:
        raise MembershipError(_("The privacy notice must be explained before registering someone."))
    if email and email_in_use(email):
        raise MembershipError(_("Someone already has an account with this email address."))
    user = User(
        email=User.objects.normalize_email(email) if email else None,
        name=name,
        registered_channel=channel,
        registered_by=by,
    )
    user.set_unusable_password()
    user.save()
    role_grant(user=user, role=roles.MEMBER)
    profile = MemberProfile.objects.create(user=user, phone=phone, postal_address=postal_address)
    for method in contact_methods or []:
        setattr(profile, method, True)
    profile.save()
    privacy_notice_accept(user=user, method=ConsentRecord.Method.ASSISTED, recorded_by=by)
    log(
        instance=user,
        action="roundtable.member_registered_assisted",
        user=by,
        data={"channel": channel, "group": group.pk if group else None},
    )
    if group is not None:
        membership_join(
            member=user,
            group=group,
            accepted_version=group.current_ground_rules(),
            method=GroupMembership.Method.ASSISTED,
            recorded_by=by,
        )
    if user.email:
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
        _send_invitation_email(user=user)
    return user


def email_in_use(email: str) -> bool:
    """On any account, as its login or as another address allauth has recorded."""
    return (
        User.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    )


def _send_invitation_email(*, user: User) -> None:
    """A link to set a password: allauth's own password-reset key, so it expires the same way."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    _email_person(
        user=user, template="members/email/invitation", context={"link": settings.SITE_URL + path}
    )


def email_verified_by_password_reset(*, user: User) -> None:
    """A password set from an emailed link proves the address: mark it verified."""
    EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True)


# --- Changed ground rules ------------------------------------------------------------


def memberships_with_new_ground_rules(*, member: User):
    """The member's current memberships whose group has published rules they have not
    accepted yet (one query)."""
    latest = (
        GroundRulesVersion.objects.filter(group=OuterRef("group"))
        .order_by("-number")
        .values("pk")[:1]
    )
    return (
        GroupMembership.objects.filter(
            member=member,
            status__in=[GroupMembership.Status.ACTIVE, GroupMembership.Status.PAUSED],
        )
        .annotate(latest_rules=Subquery(latest))
        .exclude(ground_rules_version=F("latest_rules"))
        .exclude(latest_rules__isnull=True)
        .select_related("group")
    )


@transaction.atomic
def membership_accept_ground_rules(
    *, membership: GroupMembership, accepted_version: GroundRulesVersion | None
) -> GroupMembership:
    """The member agrees to the group's new ground rules."""
    membership = (
        GroupMembership.objects.select_for_update().select_related("group").get(pk=membership.pk)
    )
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
    )
    return membership
