"""A Redis cache that a hung or dead Redis cannot take the site down with.

Django's RedisCache raises when Redis refuses or times out (REDIS_TIMEOUT, config/
timeouts.py), or replies that it cannot serve now (out of memory, read-only replica
after a failover, failing snapshots: `unavailable` below). Wagtail reads the cache on
every page (the site's root paths), so a cache that hangs would give every page the
error page, two seconds late. Nothing we keep in the cache is the only copy of
anything: sessions live in the database, the page cache and Wagtail's lookups can be
made again. So when Redis fails, this backend answers as an empty cache that keeps
nothing, and stops asking Redis for a few seconds (RETRY_AFTER), so that only the first
request after a failure waits for the timeout.

Answers while Redis is unavailable: reads miss; writes are dropped; `add` says "not
added", so allauth's rate-limit lock is not taken and sign-in, sign-up and password
reset refuse rather than run without their rate limits (at once, with a "try again in a
minute" page: config.middleware.RefuseRateLimitedFormsWhileCacheDownMiddleware, not
after allauth's one-second wait for its lock); `incr` raises ValueError, as for a
missing key. /healthz reports the cache as an error (its
write-then-read finds nothing), so the outage is seen.
"""

import logging
import threading
import time

import redis
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# Seconds to leave Redis alone after it failed, in each server process.
RETRY_AFTER = 10.0

# Refused, timed out, dropped, or still loading its data (BusyLoadingError).
_UNAVAILABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
# Error replies that say this Redis cannot serve now, whatever the command: out of memory
# under maxmemory noeviction (OOM), snapshots failing (MISCONF), a replica after a
# failover (READONLY), still loading (LOADING), a replica that lost its master
# (MASTERDOWN), a script that will not end (BUSY), a cluster in trouble. Any other error
# reply (WRONGTYPE, a value that is not a number, a bad argument) answers our command,
# not the server's state: a bug, raised as usual rather than hidden as an outage.
_UNAVAILABLE_REPLIES = frozenset(
    {"OOM", "MISCONF", "READONLY", "LOADING", "MASTERDOWN", "BUSY", "CLUSTERDOWN", "TRYAGAIN"}
)
_UNAVAILABLE_REPLY_CLASSES = (
    redis.exceptions.OutOfMemoryError,
    redis.exceptions.ReadOnlyError,
    redis.exceptions.ClusterDownError,  # and MasterDownError
    redis.exceptions.TryAgainError,
)


def unavailable(exc: Exception) -> bool:
    """Does `exc`, raised by redis-py, mean Redis cannot serve us for now?"""
    if isinstance(exc, _UNAVAILABLE + _UNAVAILABLE_REPLY_CLASSES):
        return True
    if isinstance(exc, redis.exceptions.ResponseError):
        # redis-py keeps the reply's first word in status_code (and takes it off the
        # message) for the codes it knows; MISCONF and BUSY stay in the message.
        code = getattr(exc, "status_code", None) or str(exc).split(" ", 1)[0]
        return code in _UNAVAILABLE_REPLIES
    return False


_down_until: dict[str, float] = {}  # Redis location → monotonic time to try again
_lock = threading.Lock()


class ResilientRedisCache(RedisCache):
    """RedisCache that answers as an empty cache while Redis is unavailable."""

    def paused(self) -> bool:
        """True while this process leaves Redis alone after a failure."""
        return time.monotonic() < _down_until.get(self._server_key, 0.0)

    def _call(self, method: str, fallback, *args, **kwargs):
        if self.paused():
            return fallback()
        try:
            return getattr(super(), method)(*args, **kwargs)
        except redis.exceptions.RedisError as exc:
            if not unavailable(exc):
                raise
            with _lock:
                _down_until[self._server_key] = time.monotonic() + RETRY_AFTER
            logger.warning(
                "Cache unavailable (%s); carrying on without it for %ss",
                type(exc).__name__,
                RETRY_AFTER,
            )
            return fallback()

    @property
    def _server_key(self) -> str:
        return ",".join(self._servers)

    def add(self, key, value, timeout=None, version=None):
        return self._call("add", lambda: False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", lambda: default, key, default, version)

    def set(self, key, value, timeout=None, version=None):
        return self._call("set", lambda: None, key, value, timeout, version)

    def touch(self, key, timeout=None, version=None):
        return self._call("touch", lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", lambda: False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", dict, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", lambda: False, key, version)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")

        return self._call("incr", missing, key, delta, version)

    def set_many(self, data, timeout=None, version=None):
        return self._call("set_many", lambda: list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", lambda: None, keys, version)

    def clear(self):
        return self._call("clear", lambda: False)


def cache_unavailable() -> bool:
    """Is the shared cache (CACHES["default"]) known to be unavailable in this process?"""
    from django.core.cache import caches

    backend = caches["default"]
    return isinstance(backend, ResilientRedisCache) and backend.paused()
