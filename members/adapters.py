import time
from types import SimpleNamespace

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context as allauth_context
from allauth.usersessions.adapter import DefaultUserSessionsAdapter
from django.urls import reverse

from home.models import OrganisationSettings
from home.outbox import email_enqueue


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        """After signing in, a member whose group changed its ground rules reads them first.

        (A "next" page the person was going to still wins: allauth checks it first.)
        """
        from members.selectors.memberships import memberships_with_new_ground_rules

        pending = memberships_with_new_ground_rules(member=request.user).first()
        if pending is not None:
            return reverse("members:group_rules", args=[pending.group_id])
        return super().get_login_redirect_url(request)

    def send_confirmation_mail(self, request, emailconfirmation, signup: bool) -> None:
        """The verification email goes to an address nobody has proved yet, typed by
        whoever signed up: it must not carry text they chose (the name they gave, which
        could be a link or a message to a stranger). So its template gets no user at all:
        only our own words and the link (templates/account/email/)."""
        email_address = emailconfirmation.email_address
        if account_settings.EMAIL_VERIFICATION_BY_CODE_ENABLED:
            ctx = {"code": emailconfirmation.key}
        else:
            ctx = {
                "activate_url": self.get_email_confirmation_url(request, emailconfirmation),
                "key": emailconfirmation.key,
            }
        template = "account/email/email_confirmation" + ("_signup" if signup else "")
        self.send_mail(template, email_address.email, ctx)

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

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """A fresh sign-in counts as confirming access. allauth asks for the password
        again ("Confirm access") before sensitive actions, such as setting up an
        authenticator app, unless the person re-authenticated in the last
        ACCOUNT_REAUTHENTICATION_TIMEOUT seconds, and a sign-in is not a
        re-authentication to it: staff were asked straight after signing in. Here the
        sign-in itself (password, and the code where they have an app) counts for the
        same time; after that, sensitive actions ask again as before."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = self.request
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return True
        signed_in = [
            record["at"]
            for record in get_authentication_records(request, user)
            if record.get("method") in ("password", "mfa") and "at" in record
        ]
        timeout = account_settings.REAUTHENTICATION_TIMEOUT
        return not signed_in or time.time() - max(signed_in) >= timeout


class UserSessionsAdapter(DefaultUserSessionsAdapter):
    def end_sessions(self, sessions) -> None:
        """The sessions page ("Sign out everywhere else") ends each session as our own
        services do: with its unsent drafts, which only that session could reach."""
        from members.services.sessions import session_end

        for user_session in sessions:
            session_end(user_session=user_session)
