"""GET /healthz: is this instance able to serve? For load balancers and uptime checks.

Answers 200 when every configured dependency answers, 503 otherwise. The body
names each check and its state, never error details (those go to the log).

Whatever hangs, the answer comes within DEADLINE seconds: the checks run at once, each
in a thread of its own, and one that has not answered by then counts as "error". Each
thread has its own database and cache connections (Django's are per thread) and closes
them when its check ends. A check still stuck from an earlier probe keeps its thread
until the service's own timeout (config/timeouts.py) frees it; at most MAX_RUNNING such
threads are started, after which checks count as "error" without starting another.
"""

import logging
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections
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
        conn.ensure_connection(max_retries=0, timeout=DEADLINE)
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


# Seconds. The goal is an answer within 3 (issue 12); the first request a server process
# answers also loads the URL configuration, about a second more.
DEADLINE = 1.5
MAX_RUNNING = 16
_running = threading.BoundedSemaphore(MAX_RUNNING)


def _run(name: str, check, results: dict) -> None:
    try:
        results[name] = "ok" if check() else "error"
    except Exception:
        logger.exception("Health check %s failed", name)
        results[name] = "error"
    finally:
        try:
            connections.close_all()  # this thread's own; nobody else would close them
        finally:
            _running.release()


def run_checks(checks: dict, *, deadline: float = DEADLINE) -> dict:
    """Run `checks` (name → callable returning a bool) at once; "ok" or "error" each,
    within `deadline` seconds."""
    results: dict = {}
    threads = []
    for name, check in checks.items():
        if not _running.acquire(blocking=False):
            logger.error("Health check %s not run: too many earlier checks still hang", name)
            results[name] = "error"
            continue
        thread = threading.Thread(
            target=_run, args=(name, check, results), name=f"healthz-{name}", daemon=True
        )
        try:
            thread.start()
        except RuntimeError:  # the process cannot start another thread
            _running.release()
            raise
        threads.append(thread)
    ends = time.monotonic() + deadline
    for thread in threads:
        thread.join(max(ends - time.monotonic(), 0))
    answered = dict(results)  # a late thread may still write to `results`
    for name in checks:
        if name not in answered:
            logger.error("Health check %s did not answer within %s seconds", name, deadline)
    return {name: answered.get(name, "error") for name in checks}


@never_cache
@require_GET
def healthz(request):
    results = run_checks(configured_checks())
    healthy = all(state == "ok" for state in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": results},
        status=200 if healthy else 503,
    )
