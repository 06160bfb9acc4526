"""allauth's signals, passed on to services or to allauth's own session records."""

from allauth.account.internal.flows.login import record_authentication
from allauth.account.signals import email_confirmed, password_reset
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.dispatch import receiver
from wagtail.signals import page_published

from members.models import ReferenceGroupPage
from members.services import (
    email_verified_by_password_reset,
    ground_rules_record_if_changed,
    researcher_check_trusted_domain,
)


@receiver(email_confirmed, dispatch_uid="members.researcher_trusted_domain")
def on_email_confirmed(sender, request, email_address, **kwargs):
    researcher_check_trusted_domain(user=email_address.user, verified_email=email_address.email)


@receiver(authenticator_added, dispatch_uid="members.authenticator_added_counts_as_used")
def on_authenticator_added(sender, request, user, authenticator, **kwargs):
    # Setting up the app means typing a code from it: this session has just used its
    # second factor, so the admin should not ask for another code straight away.
    # (members.middleware asks sessions that never used it; allauth does not record
    # activation itself. allauth 65.22's internal API: the minor version is pinned.)
    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        record_authentication(request, user, "mfa", type=authenticator.type, id=authenticator.pk)


@receiver(page_published, dispatch_uid="members.ground_rules_versions")
def on_page_published(sender, instance, **kwargs):
    if isinstance(instance, ReferenceGroupPage):
        ground_rules_record_if_changed(group=instance)


@receiver(password_reset, dispatch_uid="members.password_reset_verifies_email")
def on_password_reset(sender, request, user, **kwargs):
    # People registered by staff set their first password from an emailed link.
    email_verified_by_password_reset(user=user)
