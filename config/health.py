"""GET /healthz: is this instance able to serve? For load balancers and uptime checks.

Answers 200 when every configured dependency answers, 503 otherwise. The body
names each check and its state, never error details (those go to the log).
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _check_database() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _check_broker() -> bool:
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return True


def _check_cache() -> bool:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    ok = cache.get(key) == "1"
    cache.delete(key)
    return ok


# What every page's layout asks for (templates/base.html): with production's manifest
# storage a missing manifest makes each of them raise, and with it every HTML page.
PAGE_STATIC_FILES = ["css/nhsuk-frontend-nofonts.min.css", "css/roundtable.css"]


def _check_static() -> bool:
    from django.templatetags.static import static

    return all(static(name) for name in PAGE_STATIC_FILES)


def configured_checks() -> dict:
    checks = {"database": _check_database, "static": _check_static}
    if not settings.CELERY_BROKER_URL.startswith("memory://"):
        checks["broker"] = _check_broker
    if settings.CACHE_URL:
        checks["cache"] = _check_cache
    return checks


@never_cache
@require_GET
def healthz(request):
    results = {}
    for name, check in configured_checks().items():
        try:
            results[name] = "ok" if check() else "error"
        except Exception:
            logger.exception("Health check %s failed", name)
            results[name] = "error"
    healthy = all(state == "ok" for state in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": results},
        status=200 if healthy else 503,
    )
