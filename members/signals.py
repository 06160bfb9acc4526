"""allauth tells us when an address is verified; the service decides what follows."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from members.services import researcher_check_trusted_domain


@receiver(email_confirmed, dispatch_uid="members.researcher_trusted_domain")
def on_email_confirmed(sender, request, email_address, **kwargs):
    researcher_check_trusted_domain(user=email_address.user, verified_email=email_address.email)
