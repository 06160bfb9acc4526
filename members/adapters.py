from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context

from home.emails import email_enqueue
from home.models import OrganisationSettings


class AccountAdapter(DefaultAccountAdapter):
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
