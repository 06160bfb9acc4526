from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.urls import reverse

from home.emails import email_enqueue
from home.models import OrganisationSettings


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        """After signing in, a member whose group changed its ground rules reads them first.

        (A "next" page the person was going to still wins: allauth checks it first.)
        """
        from members.services import memberships_with_new_ground_rules

        pending = memberships_with_new_ground_rules(member=request.user).first()
        if pending is not None:
            return reverse("members:group_rules", args=[pending.group_id])
        return super().get_login_redirect_url(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's emails (verification, password reset) go through Celery like all others.

        allauth's templates say "Hello from {site name}": that is the organisation's
        name from the Wagtail settings, not the server's host name.
        """
        request = allauth_context.request
        organisation = OrganisationSettings.for_request(request)
        site = SimpleNamespace(name=organisation.name, domain=request.get_host())
        ctx = {"request": request, "email": email, "current_site": site}
        ctx.update(context)
        email_enqueue(message=self.render_mail(template_prefix, email, ctx))
