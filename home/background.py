"""Handing work to a Celery worker from a request, whatever state the broker is in.

A broker that refuses, or that accepts connections and never answers, costs the page
one try of about REDIS_TIMEOUT seconds (config/timeouts.py: socket timeouts, no
connection retries, no publish retries), then the page carries on. Each caller has a
safety net that does the work later: the outbox sweep, announce_pending, the nightly
equality publishing.
"""

import logging

from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

# What a publish raises when the broker refuses, times out or drops the connection:
# Celery (send_task) turns the transport's connection and channel errors, among them
# redis-py's ConnectionError and TimeoutError and socket errors, into this one. Anything
# else (arguments that cannot be serialised, a task that does not exist) is a bug, and
# is raised.
BROKER_UNREACHABLE = (OperationalError,)


def task_enqueue(task, *args) -> bool:
    """Queue `task(*args)` for a worker. False, with a warning in the log, if the broker
    cannot be reached: the caller says what happens instead.

    Without a broker (CELERY_TASK_ALWAYS_EAGER) the task runs here and now, and its own
    errors are raised as usual.
    """
    try:
        task.delay(*args)
    except BROKER_UNREACHABLE as exc:
        logger.warning("Broker unreachable: %s not queued (%s)", task.name, exc)
        return False
    return True
