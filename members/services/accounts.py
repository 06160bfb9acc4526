"""Business actions on accounts and roles: sign-up, researcher-role requests (a person
asking for the Researcher role; not opportunities' ResearchRequest), staff accounts,
addresses."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from members import roles
from members.models import (
    User,
)
from members.services.email import email_person
from members.services.own_record import own_record_refuse


def role_grant(*, user: User, role: str) -> None:
    user.groups.add(Group.objects.get(name=role))


def account_name_change(*, user: User, name: str, by: User) -> bool:
    """Change the name `user` goes by. Returns False when it was already that.

    Staff changing someone else's name is logged (who, when; not the names). The
    account page's kept copy follows by itself: saving a User calls people_changed
    (members.receivers)."""
    name = name.strip()
    if name == user.name:
        return False
    user.name = name
    user.save(update_fields=["name"])
    if by.pk != user.pk:
        log(instance=user, action="roundtable.name_changed", user=by)
    return True


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
    """Someone else decided this role request (or membership request) first."""


def _lock_pending(user: User) -> User:
    # The row lock makes two decisions (two staff, or staff and the trusted-domain
    # rule) wait for each other; the second then sees the first's answer.
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.researcher_request != User.ResearcherRequest.PENDING:
        raise AlreadyDecided(locked.researcher_request)
    return locked


@transaction.atomic
def role_request_approve(*, user: User, by: User | None, note: str = "") -> None:
    """Grant `user`'s request for the Researcher role. `by` is None when a trusted
    domain approved it.

    Raises AlreadyDecided if the request is no longer waiting.
    """
    own_record_refuse(person=user, by=by)
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
    email_person(user=user, context={}, template="members/email/researcher_approved")


@transaction.atomic
def role_request_decline(*, user: User, by: User, note: str) -> None:
    """Refuse `user`'s request for the Researcher role, with a reason sent to the person.

    Raises AlreadyDecided if the request is no longer waiting.
    """
    own_record_refuse(person=user, by=by)
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
    email_person(user=user, context={}, template="members/email/researcher_declined")


def role_request_check_trusted_domain(*, user: User, verified_email: str) -> bool:
    """Called when an address is verified: approve a waiting researcher on a trusted domain."""
    if user.researcher_request != User.ResearcherRequest.PENDING:
        return False
    if not is_trusted_researcher_domain(verified_email):
        return False
    role_request_approve(
        user=user, by=None, note=f"Verified address on {email_domain(verified_email)}"
    )
    return True


def email_in_use(email: str) -> bool:
    """On any account, as its login or as another address allauth has recorded."""
    return (
        User.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    )


class StaffAccountRefused(Exception):
    """A staff account that cannot be made; the messages say why and how to fix it."""

    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))
        self.messages = messages


@transaction.atomic
def staff_account_create(*, email: str, name: str, password: str, admin: bool = False) -> User:
    """The organisation makes a staff account itself, with no one signed in to do it
    (the first account of a new installation; `manage.py staff_account_create`).

    Involvement staff get the role of that name; with `admin`, the account is an
    organisation admin (a superuser), as the roles say admins are. The address counts
    as verified: the organisation vouches for it, and nobody can sign in before it is.
    Staff are asked to set up two-factor authentication at their first visit to the
    admin. Refused when the address is taken or invalid, or the password is too weak
    by the same rules as sign-up.
    """
    email = User.objects.normalize_email((email or "").strip())
    name = (name or "").strip()
    problems = []
    try:
        validate_email(email)
    except ValidationError:
        problems.append(_("Enter a real email address, like name@example.org."))
    else:
        if email_in_use(email):
            problems.append(_("Someone already has an account with this email address."))
    if not name:
        problems.append(_("Enter the person's full name."))
    user = User(email=email, name=name, is_superuser=admin, is_staff=admin)
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        problems.extend(error.messages)
    if problems:
        raise StaffAccountRefused(problems)
    user.set_password(password)
    user.save()
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    if not admin:
        role_grant(user=user, role=roles.INVOLVEMENT_STAFF)
    log(
        instance=user,
        action="roundtable.staff_account_created",
        user=None,
        data={"admin": admin},
    )
    return user


def email_verified_by_password_reset(*, user: User) -> None:
    """A password set from an emailed link proves the address: mark it verified."""
    EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True)
