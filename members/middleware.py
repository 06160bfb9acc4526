from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _

ADMIN_PREFIX = "/admin/"


class AdminAccessMiddleware:
    """Who may enter the Wagtail admin, checked before Wagtail sees the request.

    - A signed-in person without admin access (a member, a researcher) gets a clear
      403 page, not Wagtail's bounce back to the sign-in form.
    - Involvement staff and admins must have an authenticator app (TOTP) set up:
      the admin holds personal data about many people, so a password is not enough.
      allauth has no setting for this (STACK-NOTES.md), hence this middleware.
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
        return self.get_response(request)
