"""How long Roundtable waits on PostgreSQL and Redis, in one place.

A service that accepts connections and never answers must not hold a request, and with
it a server process, for ever: every wait ends, and the page, the email hand-over or
/healthz carries on without it. The settings build their options with these functions,
and the tests build their clients of a fake, silent service with the same functions, so
they test what runs.

The values come from the environment (config/env.py; README "Configuration"):
DATABASE_CONNECT_TIMEOUT, DATABASE_STATEMENT_TIMEOUT and REDIS_TIMEOUT.
"""

import dj_database_url

# Kept for a minute and checked before reuse, as before issue 12.
CONN_MAX_AGE = 60


def postgres_options(*, connect_timeout: int, statement_timeout: int) -> dict:
    """libpq connection parameters: give up connecting after `connect_timeout` seconds;
    the server cancels any statement running longer than `statement_timeout` seconds
    (0: no limit). libpq counts anything under 2 seconds as 2."""
    options = {"connect_timeout": connect_timeout}
    if statement_timeout:
        # Sent at connection start-up, so it holds for every statement on the connection
        # (a connection pooler in transaction mode must let "options" through).
        options["options"] = f"-c statement_timeout={statement_timeout * 1000}"
    return options


def database_from_url(url: str, *, connect_timeout: int, statement_timeout: int) -> dict:
    """Django's DATABASES entry for `url`, with the timeouts when it is PostgreSQL."""
    database = dj_database_url.parse(url, conn_max_age=CONN_MAX_AGE, conn_health_checks=True)
    if "postgresql" in database["ENGINE"]:
        database["OPTIONS"] = {
            **database.get("OPTIONS", {}),
            **postgres_options(
                connect_timeout=connect_timeout, statement_timeout=statement_timeout
            ),
        }
    return database


def redis_socket_options(*, timeout: int) -> dict:
    """redis-py connection parameters: connecting, and each reply, wait `timeout` seconds."""
    return {"socket_connect_timeout": timeout, "socket_timeout": timeout}


def redis_cache(url: str, *, timeout: int) -> dict:
    """Django's CACHES entry for a Redis cache at `url`.

    A cache that does not answer within `timeout` counts as unavailable, and the site
    carries on without it for a while (config/cache.py): the page waits at most once."""
    return {
        "BACKEND": "config.cache.ResilientRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "roundtable",
        "OPTIONS": redis_socket_options(timeout=timeout),
    }


def broker_transport_options(*, timeout: int) -> dict:
    """Celery's broker_transport_options for the Redis broker (kombu's Redis transport).

    Without socket timeouts a publish to a broker that accepts connections and never
    answers waits for ever. max_retries 0: a publish that cannot connect raises at once
    (kombu.exceptions.OperationalError) instead of trying again until
    broker_connection_timeout, so one try costs at most about `timeout` seconds. Workers
    and beat reconnect by their own rules (broker_connection_retry), not these.
    """
    return {**redis_socket_options(timeout=timeout), "max_retries": 0}
