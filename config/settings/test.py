"""The test suite (`make test`). DATABASE_URL and CELERY_BROKER_URL still apply,
so CI runs the same tests against PostgreSQL and Redis."""

import os
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

from config.env import env_str
from config.timeouts import redis_cache

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
# Tasks run in-process in tests; tests/test_celery_redis.py runs a real worker
# against CELERY_BROKER_URL instead.
CELERY_TASK_ALWAYS_EAGER = True
RESEARCHER_EMAIL_DOMAINS = ["research.example.ac.uk"]
ROUNDTABLE_DEMO_DATA_ALLOWED = True
WAGTAILADMIN_BASE_URL = "http://testserver"
# Off, so no test sees a page another one cached; tests/home/test_page_cache.py turns
# it on.
PUBLIC_PAGE_CACHE_SECONDS = 0

# --- Parallel test runs (pytest-xdist; `make test` runs two workers) -----------------
# Each worker gets its own PostgreSQL test database from pytest-django (test_<name>_gw0,
# _gw1…) but would share the Redis databases: tests/conftest.py empties the whole cache
# database around every test, and the Celery worker tests consume from the broker. So
# worker n moves the Redis database numbers of CACHE_URL and CELERY_BROKER_URL up by n
# times the span they cover: broker 0 and cache 1 give gw0 0 and 1, gw1 2 and 3; broker
# 8 and cache 9 give gw0 8 and 9, gw1 10 and 11. A number past Redis's last database
# (15) refuses to start rather than share one.
REDIS_LAST_DATABASE = 15


def _redis_database(url: str) -> int:
    path = urlsplit(url).path.strip("/")
    return int(path) if path else 0


def redis_urls_for_worker(urls: dict[str, str], worker: str | None) -> dict[str, str]:
    """The Redis URLs (by setting name) that xdist worker `worker` ("gw1") should use.

    URLs that are not Redis (memory://, unset) are left out of the answer; outside xdist
    (`worker` None) every URL is kept as it is."""
    redis = {name: url for name, url in urls.items() if url and url.startswith("redis://")}
    if not worker or not redis:
        return redis
    index = int(worker.removeprefix("gw"))
    databases = {name: _redis_database(url) for name, url in redis.items()}
    span = max(databases.values()) - min(databases.values()) + 1
    moved = {}
    for name, url in redis.items():
        database = databases[name] + index * span
        if database > REDIS_LAST_DATABASE:
            raise ImproperlyConfigured(
                f"pytest-xdist worker {worker} would need Redis database {database} for "
                f"{name}, past the last one ({REDIS_LAST_DATABASE}): use lower database "
                "numbers or fewer workers (-n)."
            )
        moved[name] = urlunsplit(urlsplit(url)._replace(path=f"/{database}"))
    return moved


_XDIST_WORKER = env_str("PYTEST_XDIST_WORKER")
if _XDIST_WORKER:
    _worker_urls = redis_urls_for_worker(
        {"CACHE_URL": CACHE_URL, "CELERY_BROKER_URL": CELERY_BROKER_URL},  # noqa: F405
        _XDIST_WORKER,
    )
    if "CACHE_URL" in _worker_urls:
        CACHE_URL = _worker_urls["CACHE_URL"]
        CACHES = {"default": redis_cache(CACHE_URL, timeout=REDIS_TIMEOUT)}  # noqa: F405
    if "CELERY_BROKER_URL" in _worker_urls:
        CELERY_BROKER_URL = _worker_urls["CELERY_BROKER_URL"]
        # Celery reads CELERY_BROKER_URL from the environment before Django's settings.
        os.environ["CELERY_BROKER_URL"] = CELERY_BROKER_URL
