"""Handing work to a Celery worker from a request, whatever state the broker is in.

A broker that refuses, or that accepts connections and never answers, costs one try of
about REDIS_TIMEOUT seconds (config/timeouts.py: socket timeouts, no connection retries,
no publish retries). After that the process does not try again for RETRY_AFTER seconds:
every hand-over meanwhile returns False at once, so an action that emails fifteen people
waits once, not fifteen times. Each caller has a safety net that does the work later:
the outbox sweep, announce_pending, the nightly equality publishing.
"""

import logging
import threading
import time

from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

# Seconds to leave the broker alone after it failed, in each process.
RETRY_AFTER = 10.0
_down_until = 0.0  # monotonic time to try the broker again
_lock = threading.Lock()

# What a publish raises when the broker refuses, times out or drops the connection:
# Celery (send_task) turns the transport's connection and channel errors, among them
# redis-py's ConnectionError and TimeoutError and socket errors, into this one. Anything
# else (arguments that cannot be serialised, a task that does not exist) is a bug, and
# is raised.
BROKER_UNREACHABLE = (OperationalError,)


def task_enqueue(task, *args) -> bool:
    """Queue `task(*args)` for a worker. False, with a warning in the log, if the broker
    cannot be reached, or could not be a moment ago: the caller says what happens
    instead.

    Without a broker (CELERY_TASK_ALWAYS_EAGER) the task runs here and now, and its own
    errors are raised as usual.
    """
    global _down_until
    if time.monotonic() < _down_until:
        logger.warning("Broker unreachable a moment ago: %s not queued", task.name)
        return False
    try:
        task.delay(*args)
    except BROKER_UNREACHABLE as exc:
        with _lock:
            _down_until = time.monotonic() + RETRY_AFTER
        logger.warning(
            "Broker unreachable: %s not queued (%s); not trying again for %ss",
            task.name,
            exc,
            RETRY_AFTER,
        )
        return False
    return True
