"""The test suite (`make test`). DATABASE_URL and CELERY_BROKER_URL still apply,
so CI runs the same tests against PostgreSQL and Redis."""

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
