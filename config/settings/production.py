"""Production. Refuses to start without its secrets: no fallbacks, no random keys."""

from config.env import env_bool, env_int, env_list, env_required, env_str
from config.timeouts import database_from_url

from .base import *  # noqa: F403
from .base import (
    CACHE_URL,
    DATABASE_CONNECT_TIMEOUT,
    MIDDLEWARE,
)

SECRET_KEY = env_required("SECRET_KEY", "it signs sessions and password-reset links.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    env_required("ALLOWED_HOSTS", "a comma-separated list of the site's host names.")
# Links in emails and the admin must point at the real site, not at 127.0.0.1.
SITE_URL = env_str("SITE_URL") or f"https://{ALLOWED_HOSTS[0]}"
WAGTAILADMIN_BASE_URL = SITE_URL
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or f"no-reply@{ALLOWED_HOSTS[0]}"
SERVER_EMAIL = DEFAULT_FROM_EMAIL

DATABASES = {
    "default": database_from_url(
        env_required("DATABASE_URL", "production keeps its data in PostgreSQL."),
        connect_timeout=DATABASE_CONNECT_TIMEOUT,
    )
}

if not CACHE_URL:
    # Rate limits must be shared by every worker process; a per-process memory
    # cache would let an attacker multiply the limit. The table is created by
    # home's migration 0003 (createcachetable).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "roundtable_cache",
            # Past MAX_ENTRIES Django deletes a third of the rows, the smallest keys
            # first: allauth's rate limits and used second-factor codes among them.
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        }
    }
    # Public pages are cached only in Redis: in this table every page stored would
    # be a write to the database and a step towards culling the rate limits.
    PUBLIC_PAGE_CACHE_SECONDS = 0

DEBUG = False
ROUNDTABLE_DEMO_DATA_ALLOWED = False

SECURE_SSL_REDIRECT = True
# Load balancers often probe over plain HTTP inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Only a request to hstspreload.org puts a domain on the list; the header alone does not.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# WhiteNoise serves the collected, hashed, compressed static files (`collectstatic`);
# in development Django's runserver serves them straight from the apps.
MIDDLEWARE = [
    MIDDLEWARE[0],
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[1:],
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # WhiteNoise's manifest storage, without rewriting source-map comments: the NHS.UK
    # CSS names a .map file it does not ship, which failed collectstatic (issue 12).
    "staticfiles": {"BACKEND": "config.static_storage.StaticFilesStorage"},
}
