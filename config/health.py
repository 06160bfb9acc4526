"""GET /healthz: is this instance able to serve? For load balancers and uptime checks.

Answers 200 when every configured dependency answers, 503 otherwise. The body
names each check and its state, never error details (those go to the log).

Whatever hangs, the answer comes within DEADLINE seconds: each check runs in a thread of
its own, and one that has not answered by then counts as "error". Each check keeps one
long-lived thread per process, started at its first probe, and that thread keeps its
database connection (Django's CONN_MAX_AGE and health checks decide when to make a new
one), its cache client and its broker connection from one probe to the next: a probe
every few seconds opens nothing new. While a check is still stuck from an earlier probe
(until the service's own timeout frees it, config/timeouts.py), later probes count it
as "error" at once without starting another: at most one thread per check.
"""

import logging
import os
import queue
import threading
import uuid
from concurrent.futures import Future, wait

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connection, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _check_database() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


_local = threading.local()  # each check thread's own broker connection


def _check_broker() -> bool:
    from config.celery import app

    conn = getattr(_local, "broker", None)
    if conn is None:
        conn = _local.broker = app.connection_for_write()
    try:
        conn.ensure_connection(max_retries=0, timeout=DEADLINE)
        client = getattr(conn.default_channel, "client", None)
        if client is not None:
            client.ping()  # Redis: ask it, as a kept connection may have gone stale
    except Exception:
        _close_broker()
        raise
    return True


def _close_broker() -> None:
    conn = getattr(_local, "broker", None)
    _local.broker = None
    if conn is not None:
        try:
            conn.release()
        except Exception:
            logger.warning("Health check broker connection did not close", exc_info=True)


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


def _run(name: str, check) -> str:
    # As around a request: drop a connection that is too old or broken, before and after.
    close_old_connections()
    try:
        return "ok" if check() else "error"
    except Exception:
        logger.exception("Health check %s failed", name)
        return "error"
    finally:
        close_old_connections()


def _close_thread_connections() -> None:
    _close_broker()
    connections.close_all()


class _CheckThread:
    """One check's long-lived thread in this process: runs one probe at a time."""

    def __init__(self, name: str):
        self.name = name
        self.pid = os.getpid()
        self.last: Future | None = None
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        # A daemon: a check stuck on a hung service must not hold up the process's exit.
        self.thread = threading.Thread(target=self._serve, name=f"healthz-{name}", daemon=True)
        self.thread.start()  # RuntimeError if the process cannot start another thread

    def _serve(self) -> None:
        while (job := self._jobs.get()) is not None:
            job()
        _close_thread_connections()

    def usable(self) -> bool:
        # A process forked from this one (gunicorn --preload) has the object, not the thread.
        return self.pid == os.getpid() and self.thread.is_alive()

    def submit(self, check) -> Future | None:
        """The probe's future, or None while the previous probe has not finished."""
        if self.last is not None and not self.last.done():
            return None
        future: Future = Future()
        self.last = future

        def job():
            result = "error"
            try:
                result = _run(self.name, check)
            finally:
                future.set_result(result)  # whatever happens, the probe is over

        self._jobs.put(job)
        return future

    def stop(self) -> None:
        self._jobs.put(None)


_threads: dict[str, _CheckThread] = {}
_threads_lock = threading.Lock()


def _submit(name: str, check) -> Future | None:
    with _threads_lock:
        worker = _threads.get(name)
        if worker is None or not worker.usable():
            worker = _threads[name] = _CheckThread(name)
        return worker.submit(check)


def stop_check_threads(timeout: float = 2.0) -> None:
    """End this process's check threads, closing their connections (for tests). A thread
    still stuck in a check ends when the check does."""
    with _threads_lock:
        stopping = list(_threads.values())
        _threads.clear()
    for worker in stopping:
        worker.stop()
    for worker in stopping:
        if worker.usable():
            worker.thread.join(timeout)


def run_checks(checks: dict, *, deadline: float = DEADLINE) -> dict:
    """Run `checks` (name → callable returning a bool) at once; "ok" or "error" each,
    within `deadline` seconds."""
    results: dict = {}
    futures: dict = {}
    for name, check in checks.items():
        try:
            future = _submit(name, check)
        except RuntimeError:  # the process cannot start another thread
            logger.exception("Health check %s not run: no thread for it", name)
            results[name] = "error"
            continue
        if future is None:
            logger.error("Health check %s not run: its previous run has not ended", name)
            results[name] = "error"
        else:
            futures[name] = future
    wait(list(futures.values()), timeout=deadline)
    for name, future in futures.items():
        if future.done():
            results[name] = future.result()
        else:
            logger.error("Health check %s did not answer within %s seconds", name, deadline)
            results[name] = "error"
    return {name: results[name] for name in checks}


@never_cache
@require_GET
def healthz(request):
    results = run_checks(configured_checks())
    healthy = all(state == "ok" for state in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": results},
        status=200 if healthy else 503,
    )
