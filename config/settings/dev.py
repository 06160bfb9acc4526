"""Development: `make run`. Debug pages, emails printed to the console."""

from config.env import env_int

from .base import *  # noqa: F403
from .base import SECRET_KEY as _SECRET_KEY

DEBUG = True
# A fixed key is fine only here: dev sessions are throwaway and never public.
SECRET_KEY = _SECRET_KEY or "dev-only-insecure-key-never-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
ROUNDTABLE_DEMO_DATA_ALLOWED = True
# Off unless asked for: someone changing a template wants to see it at once.
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 0)
