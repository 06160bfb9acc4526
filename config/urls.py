from django.conf import settings
from django.urls import include, path, reverse_lazy
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from config.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Before the admin's own URLs: Wagtail's login form would skip MFA and rate limits.
    # (Django's admin is not mounted, so secure_admin_login is not needed.)
    path(
        "admin/login/",
        RedirectView.as_view(url=reverse_lazy("account_login"), query_string=True),
        name="admin_login_redirect",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("", include("members.urls")),
    path("", include("opportunities.urls")),
    path("", include("training.urls")),
    path("", include("projects.urls")),
    path("", include("reciprocity.urls")),
    path("", include("home.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving catches everything else, so it comes last. Its own front-end
# sign-in (/_util/login/, Django's bare form) would skip allauth's rate limits, email
# verification and second factor: it is sent to allauth's, like the admin's.
urlpatterns += [
    path(
        "_util/login/",
        RedirectView.as_view(url=reverse_lazy("account_login"), query_string=True),
        name="frontend_login_redirect",
    ),
    path("", include(wagtail_urls)),
]

handler403 = "home.views.permission_denied"
handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
