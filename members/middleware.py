from allauth.account.authentication import get_authentication_records
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

ADMIN_PREFIX = "/admin/"


class AdminAccessMiddleware:
    """Who may enter the Wagtail admin, checked before Wagtail sees the request.

    - A signed-in person without admin access (a member, a researcher) gets a clear
      403 page, not Wagtail's bounce back to the sign-in form.
    - Involvement staff and admins must have an authenticator app (TOTP) set up:
      the admin holds personal data about many people, so a password is not enough.
      allauth has no setting for this (STACK-NOTES.md), hence this middleware.
    - And this *session* must have used it: a session signed in with the password
      alone before the app was added is asked for a code, not let through.
    - Everywhere else too, a session that has not passed the second factor has no
      staff powers: the user's privileges are suspended for the request
      (User.privileges_suspend), so every permission check, whatever its URL, answers
      as it would for a member. MFA guards the privileges, not a path prefix.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if request.path.startswith(ADMIN_PREFIX) and user is not None and user.is_authenticated:
            if not user.has_perm("wagtailadmin.access_admin"):
                raise PermissionDenied
            if not get_mfa_adapter().is_mfa_enabled(user, types=["totp"]):
                messages.info(
                    request,
                    _(
                        "Staff must use two-factor authentication. Set up an authenticator "
                        "app to continue to the staff admin."
                    ),
                )
                return redirect("mfa_activate_totp")
            if not _session_used_mfa(request):
                return redirect_to_login(
                    request.get_full_path(), login_url=reverse("mfa_reauthenticate")
                )
        if user is not None and user.is_authenticated and not _session_used_mfa(request):
            user.privileges_suspend()
        return self.get_response(request)


def _session_used_mfa(request) -> bool:
    # allauth records each way this session proved who it is ("password", "mfa", ...).
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)
