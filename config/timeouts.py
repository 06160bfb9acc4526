"""How long Roundtable waits on PostgreSQL and Redis, in one place.

A service that accepts connections and never answers must not hold a request, and with
it a server process, for ever: every wait ends, and the page, the email hand-over or
/healthz carries on without it. The settings build their options with these functions,
and the tests build their clients of a fake, silent service with the same functions, so
they test what runs.

The values come from the environment (config/env.py; README "Configuration"):
DATABASE_CONNECT_TIMEOUT, DATABASE_STATEMENT_TIMEOUT (web server only: config/wsgi.py)
and REDIS_TIMEOUT.
"""

import dj_database_url

# Kept for a minute and checked before reuse, as before issue 12.
CONN_MAX_AGE = 60


# A connection whose server vanished (its machine lost, a network path cut) in the middle
# of a query would otherwise wait for ever: no reply ever comes, and nothing is sent that
# could fail. libpq's TCP keepalives ask the server's machine after KEEPALIVES_IDLE quiet
# seconds, every KEEPALIVES_INTERVAL, and give up after KEEPALIVES_COUNT unanswered; sent
# data left unacknowledged for TCP_USER_TIMEOUT_MS ends the connection too. A live server
# running a long statement answers the keepalives, so they never cut a slow query short.
KEEPALIVES_IDLE = 10
KEEPALIVES_INTERVAL = 5
KEEPALIVES_COUNT = 3
TCP_USER_TIMEOUT_MS = (KEEPALIVES_IDLE + KEEPALIVES_INTERVAL * KEEPALIVES_COUNT) * 1000


def postgres_options(*, connect_timeout: int) -> dict:
    """libpq connection parameters: give up connecting after `connect_timeout` seconds
    (libpq counts anything under 2 seconds as 2), and notice a server that vanished."""
    return {
        "connect_timeout": connect_timeout,
        "keepalives": 1,
        "keepalives_idle": KEEPALIVES_IDLE,
        "keepalives_interval": KEEPALIVES_INTERVAL,
        "keepalives_count": KEEPALIVES_COUNT,
        "tcp_user_timeout": TCP_USER_TIMEOUT_MS,
    }


def database_from_url(url: str, *, connect_timeout: int) -> dict:
    """Django's DATABASES entry for `url`, with the timeouts when it is PostgreSQL."""
    database = dj_database_url.parse(url, conn_max_age=CONN_MAX_AGE, conn_health_checks=True)
    if "postgresql" in database["ENGINE"]:
        database["OPTIONS"] = {
            **database.get("OPTIONS", {}),
            **postgres_options(connect_timeout=connect_timeout),
        }
    return database


def limit_statements(connection, seconds: int) -> None:
    """Have PostgreSQL cancel any statement on `connection` (a Django connection) that
    runs longer than `seconds` (0: no limit), for as long as the connection lasts. Not
    for a connection pooler in transaction mode, which would carry the setting over to
    other clients."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = {int(seconds) * 1000}")


def limit_web_statements(sender, connection, **kwargs) -> None:
    """connection_created receiver for processes that serve web requests (config/wsgi.py):
    DATABASE_STATEMENT_TIMEOUT on each new connection."""
    from django.conf import settings

    if settings.DATABASE_STATEMENT_TIMEOUT:
        limit_statements(connection, settings.DATABASE_STATEMENT_TIMEOUT)


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
