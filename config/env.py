"""Every setting that comes from the environment is read here, and only here.

README.md ("Configuration") and .env.example document the same list. Settings
modules call these helpers; nothing else in the project reads os.environ.

    DJANGO_SETTINGS_MODULE  config.settings.dev (manage.py) / .production (wsgi)
    SECRET_KEY              required in production
    ALLOWED_HOSTS           comma-separated; required in production
    CSRF_TRUSTED_ORIGINS    comma-separated origins, e.g. https://involve.example.org
    DATABASE_URL            postgres://user:pass@host:5432/name; required in production;
                            SQLite in the project folder when unset (dev)
    CELERY_BROKER_URL       redis://host:6379/0; when unset tasks run eagerly in-process
    CACHE_URL / REDIS_URL   redis://host:6379/1 for the shared cache (rate limits, sessions)
    DATABASE_CONNECT_TIMEOUT
                            seconds to wait for PostgreSQL to accept a connection (5)
    DATABASE_STATEMENT_TIMEOUT
                            seconds one SQL statement of a web request may run before
                            PostgreSQL cancels it; 0 for no limit (20). Workers, beat
                            and management commands have no limit (config/wsgi.py)
    REDIS_TIMEOUT           seconds to wait for Redis (broker and cache) to connect,
                            and for each reply (2)
    PUBLIC_PAGE_CACHE_SECONDS
                            how long visitors who are not signed in may be served a
                            cached public page (300; 0 turns it off; dev: 0)
    SITE_URL                public base URL, used in emails and the Wagtail admin
                            (production: https://<first ALLOWED_HOSTS entry> when unset)
    SITE_NAME               the organisation's name, until it is set in the Wagtail settings
    DEFAULT_FROM_EMAIL      sender of every email (production: no-reply@<first host> when unset)
    EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS,
    EMAIL_USE_SSL           SMTP in production; the console backend in dev. STARTTLS
                            unless EMAIL_USE_TLS=false; EMAIL_USE_SSL=true for TLS from
                            the start (port 465); never both
    NOTIFICATION_RETENTION_DAYS
                            days a sent email is kept in the outbox before deletion (90)
    FINANCIAL_RETENTION_YEARS
                            years erased members' payments and claims are kept after
                            their tax year ends (6)
    EQUALITY_SUPPRESSION_THRESHOLD
                            equality counts below it are shown as "fewer than N" (5)
    EQUALITY_MINIMUM_POPULATION
                            populations smaller than this get no equality figures (10)
    PRIVATE_MEDIA_ROOT      folder for receipts (never served as media; default
                            private-media/ in the project folder)
    RESEARCHER_EMAIL_DOMAINS
                            comma-separated domains whose verified addresses become
                            researchers without waiting for staff, e.g. uni.ac.uk
    SOURCE_CODE_URL         where visitors can get the source (AGPL-3.0 section 13)
    SECURE_PROXY_SSL_HEADER set to "true" behind a proxy that sets X-Forwarded-Proto
    SECURE_HSTS_SECONDS     HSTS max-age in production (default one year)
    SECURE_HSTS_PRELOAD     "false" to leave "preload" out of the HSTS header
    LOG_LEVEL               INFO by default
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip()


def env_required(name: str, why: str) -> str:
    """A value production cannot run without: refuse to start, never invent one."""
    value = env_str(name)
    if value is None:
        raise ImproperlyConfigured(f"The environment variable {name} must be set: {why}")
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    value = value.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = env_str(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]
