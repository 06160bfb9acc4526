from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from config.cache import cache_unavailable

ADMIN_PREFIX = "/admin/"


class RoundtableCSPMiddleware(CSPMiddleware):
    """The strict site-wide policy, with the one relaxation Wagtail's admin needs.

    Wagtail 8's choosers write inline <script> tags that no nonce can reach, so
    /admin/ alone allows inline script. Public and member pages never do.
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(ADMIN_PREFIX):
            update = dict(parts.update or {})
            update["script-src"] = [*update.get("script-src", []), UNSAFE_INLINE]
            parts.update = update
        return parts


class NoStoreWhenSignedInMiddleware:
    """Pages seen while signed in hold personal data: no browser or proxy may keep them.

    A shared computer in a library or a care home is a common way members reach us.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class RefuseRateLimitedFormsWhileCacheDownMiddleware:
    """While the shared cache is unavailable (config/cache.py), the forms with rate
    limits (sign-in, sign-up, password reset, the second factor: all under /accounts/)
    cannot count attempts. allauth would then wait a second for its lock and refuse;
    this refuses at once, with a page that says to try again, so a few such posts
    cannot hold every server process while Redis is down."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "POST"
            and request.path_info.startswith("/accounts/")
            and cache_unavailable()
        ):
            response = render(request, "503.html", status=503)
            response["Retry-After"] = "60"
            return response
        return self.get_response(request)
