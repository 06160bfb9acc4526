from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.utils.cache import add_never_cache_headers

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
