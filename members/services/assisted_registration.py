"""Staff register a member on their behalf (phone, paper, events)."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from members import roles
from members.models import (
    ConsentRecord,
    GroupMembership,
    MemberProfile,
    ReferenceGroupPage,
    User,
)
from members.services.accounts import email_in_use, role_grant
from members.services.email import email_person
from members.services.memberships import MembershipError, membership_join
from members.services.profiles import privacy_notice_accept


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
    email_person(
        user=user, template="members/email/invitation", context={"link": settings.SITE_URL + path}
    )
