"""A Redis or PostgreSQL that hangs does not hang the site (issue 12, part 2).

The fake service accepts TCP connections and never answers, as a hung server or a
half-dead network path does. Every client here is built from the real settings
(config/timeouts.py), so the tests check the configuration that runs. Time bounds are
generous upper bounds: without the timeouts each of these waits for ever (or, for the
refused broker, retries).
"""

import functools
import os
import signal
import socket
import threading
import time

import pytest
import redis
from allauth.core.internal import ratelimit
from celery import Celery, current_app
from django.core.cache import caches
from django.core.mail import EmailMultiAlternatives
from django.db import OperationalError, connection, connections
from django.db.utils import ConnectionHandler

from config import health
from config.timeouts import database_from_url, limit_statements, postgres_options, redis_cache
from home import outbox
from home.models import OutboxEmail
from tests.helpers import run_python

GENEROUS = 10.0  # seconds; the configured waits are 2 (Redis), 1.5 (/healthz), 5 (connect)
HANG_LIMIT = 60  # seconds; a test still waiting then has found a missing timeout


@pytest.fixture(autouse=True)
def never_hang():
    """Without the timeouts these tests would wait for ever: make them fail instead."""

    def still_waiting(signum, frame):
        pytest.fail(f"Still waiting after {HANG_LIMIT} seconds: a timeout is missing")

    previous = signal.signal(signal.SIGALRM, still_waiting)
    signal.setitimer(signal.ITIMER_REAL, HANG_LIMIT)
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


class SilentService:
    """Listens on 127.0.0.1, accepts every connection and never says a word."""

    def __init__(self):
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.settimeout(0.1)
        self.port = self._socket.getsockname()[1]
        self.accepted = 0
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self):
        while not self._stop.is_set():
            try:
                conn, _ = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted += 1
            self._held.append(conn)

    def close(self):
        self._stop.set()
        self._thread.join(5)
        for conn in [self._socket, *self._held]:
            conn.close()


@pytest.fixture
def silent():
    service = SilentService()
    yield service
    service.close()


def closed_port() -> int:
    """A port nothing listens on: connections to it are refused."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        return listener.getsockname()[1]


@pytest.fixture
def broker_at(settings):
    """Point Celery at `url` for the test: a fresh app configured from the real Django
    settings (CELERY_*), made current so the project's tasks resolve to it."""
    previous = current_app._get_current_object()
    apps = []

    def point(url: str) -> Celery:
        settings.CELERY_TASK_ALWAYS_EAGER = False  # as production with a broker
        app = Celery("roundtable-hung-broker", set_as_current=False)
        app.config_from_object("django.conf:settings", namespace="CELERY")
        # Celery reads CELERY_BROKER_URL from the environment before its settings: the
        # write URL, which publishing uses, wins over both.
        app.conf.update(broker_url=url, broker_write_url=url, task_always_eager=False)
        assert app.conf.broker_write_url == url
        app.set_current()
        apps.append(app)
        return app

    yield point
    previous.set_current()
    for app in apps:
        app.close()


@pytest.fixture
def redis_connects(monkeypatch):
    """How many times redis-py opened a socket (kombu's and Django's clients both)."""
    calls = []
    real = redis.connection.Connection._connect

    def counted(self):
        calls.append(self.port)
        return real(self)

    monkeypatch.setattr(redis.connection.Connection, "_connect", counted)
    return calls


def pending_notification(django_capture_on_commit_callbacks) -> OutboxEmail:
    with django_capture_on_commit_callbacks(execute=False):
        return outbox.email_enqueue(
            message=EmailMultiAlternatives("Welcome", "Hello", to=["ana@example.org"])
        )


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


# --- The settings -------------------------------------------------------------------


def test_the_settings_put_the_timeouts_on_every_service():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "from config.celery import app; "
        "print(s.DATABASES['default']['OPTIONS']); print(s.CACHES['default']['OPTIONS']); "
        "print(app.conf.broker_transport_options); print(app.conf.task_publish_retry)"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": "postgres://roundtable@127.0.0.1:5432/roundtable",
        "CACHE_URL": "redis://127.0.0.1:6379/1",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        "REDIS_TIMEOUT": "3",
        "DATABASE_CONNECT_TIMEOUT": "4",
    }
    result = run_python("-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        # No statement timeout here: config/wsgi.py adds it for the web server only.
        "{'connect_timeout': 4, 'keepalives': 1, 'keepalives_idle': 10, "
        "'keepalives_interval': 5, 'keepalives_count': 3, 'tcp_user_timeout': 25000}",
        "{'socket_connect_timeout': 3, 'socket_timeout': 3}",
        "{'socket_connect_timeout': 3, 'socket_timeout': 3, 'max_retries': 0}",
        "False",
    ]


def test_beat_keeps_its_publish_retries(settings):
    from config.celery import app

    assert app.conf.task_publish_retry is False
    assert all(entry["options"]["retry"] for entry in settings.CELERY_BEAT_SCHEDULE.values())
    assert app.conf.beat_schedule == settings.CELERY_BEAT_SCHEDULE


# --- The broker ------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_email_hand_over_to_a_hung_broker_gives_up_and_leaves_it_for_the_sweep(
    silent, broker_at, django_capture_on_commit_callbacks, caplog
):
    broker_at(f"redis://127.0.0.1:{silent.port}/0")
    notification = pending_notification(django_capture_on_commit_callbacks)
    handed_over, took = timed(lambda: outbox.outbox_hand_over(pk=notification.pk))
    assert handed_over is False
    assert took < GENEROUS
    assert silent.accepted == 1  # one try: no connection or publish retries
    assert OutboxEmail.objects.get().status == OutboxEmail.Status.PENDING
    assert "waits for the sweep" in caplog.text


@pytest.mark.django_db
def test_an_email_hand_over_to_a_refused_broker_returns_at_once_without_retrying(
    broker_at, redis_connects, django_capture_on_commit_callbacks
):
    broker_at(f"redis://127.0.0.1:{closed_port()}/0")
    notification = pending_notification(django_capture_on_commit_callbacks)
    handed_over, took = timed(lambda: outbox.outbox_hand_over(pk=notification.pk))
    assert handed_over is False
    assert len(redis_connects) == 1  # Celery's default retried 3 times, 0.6 s a request
    assert took < GENEROUS
    assert OutboxEmail.objects.get().status == OutboxEmail.Status.PENDING


@pytest.mark.django_db
def test_after_a_hung_broker_the_next_hand_overs_do_not_wait_for_it_again(
    silent, broker_at, django_capture_on_commit_callbacks, settings
):
    # One action that emails many people (impact_add): the page waits once, not per email.
    broker_at(f"redis://127.0.0.1:{silent.port}/0")
    notifications = [pending_notification(django_capture_on_commit_callbacks) for _ in range(6)]
    handed_over, took = timed(lambda: [outbox.outbox_hand_over(pk=n.pk) for n in notifications])
    assert handed_over == [False] * 6
    assert silent.accepted == 1  # asked once
    assert took < 3 * settings.REDIS_TIMEOUT  # one try, not six (12 s)
    assert set(OutboxEmail.objects.values_list("status", flat=True)) == {
        OutboxEmail.Status.PENDING  # the sweep sends them
    }


@pytest.mark.django_db
def test_the_broker_is_tried_again_after_the_pause(
    broker_at, redis_connects, django_capture_on_commit_callbacks, monkeypatch
):
    from home import background

    monkeypatch.setattr(background, "RETRY_AFTER", 0.2)
    broker_at(f"redis://127.0.0.1:{closed_port()}/0")
    notification = pending_notification(django_capture_on_commit_callbacks)
    assert outbox.outbox_hand_over(pk=notification.pk) is False
    assert outbox.outbox_hand_over(pk=notification.pk) is False
    assert len(redis_connects) == 1  # paused
    time.sleep(0.3)
    assert outbox.outbox_hand_over(pk=notification.pk) is False
    assert len(redis_connects) == 2  # the pause is over: tried again


@pytest.mark.django_db
def test_a_programming_error_in_a_hand_over_is_not_taken_for_a_broker_outage(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    from home import tasks

    settings.CELERY_TASK_ALWAYS_EAGER = False
    notification = pending_notification(django_capture_on_commit_callbacks)

    def mistake(*args, **kwargs):
        raise TypeError("send_notification() takes 1 positional argument")

    monkeypatch.setattr(tasks.send_notification, "delay", mistake)
    with pytest.raises(TypeError):
        outbox.outbox_hand_over(pk=notification.pk)


@pytest.mark.django_db
def test_publishing_an_opportunity_with_a_hung_broker_leaves_the_announcement_for_later(
    silent, broker_at, django_capture_on_commit_callbacks, caplog
):
    from opportunities.receivers import _announce_later

    broker_at(f"redis://127.0.0.1:{silent.port}/0")
    _, took = timed(lambda: _announce_later(123))
    assert took < GENEROUS
    assert "Opportunity 123 will be announced later" in caplog.text


@pytest.mark.django_db
def test_the_equality_dashboard_with_a_hung_broker_says_to_come_back_later(
    silent, broker_at, admin_login, staff
):
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(Permission.objects.get(codename="view_equality_dashboard"))
    client = admin_login(staff)
    broker_at(f"redis://127.0.0.1:{silent.port}/0")
    response, took = timed(lambda: client.get("/admin/equality/"))
    assert response.status_code == 200
    assert "being prepared" in response.content.decode()
    assert took < GENEROUS
    assert silent.accepted == 1


# --- /healthz -----------------------------------------------------------------------


def test_a_check_that_never_answers_counts_as_an_error_by_the_deadline():
    never = threading.Event()
    try:
        results, took = timed(
            lambda: health.run_checks({"stuck": never.wait, "fine": lambda: True}, deadline=0.5)
        )
    finally:
        never.set()
    assert results == {"stuck": "error", "fine": "ok"}
    assert took < GENEROUS / 2  # never.wait() alone would not return at all


@pytest.fixture
def fake_database(monkeypatch):
    """New database connections (any thread's) go to `url`, with the real options."""

    def point(url: str):
        from django.conf import settings

        fake = database_from_url(
            url,
            connect_timeout=settings.DATABASE_CONNECT_TIMEOUT,
        )
        monkeypatch.setitem(
            connections.settings, "default", {**connections.settings["default"], **fake}
        )

    return point


@pytest.mark.parametrize("hung", ["broker", "cache", "database"])
@pytest.mark.django_db
def test_healthz_answers_503_in_time_whichever_service_hangs(
    hung, silent, client, settings, monkeypatch, fake_database
):
    from config.celery import app

    url = f"redis://127.0.0.1:{silent.port}/0"
    if hung == "broker":
        settings.CELERY_BROKER_URL = url
        monkeypatch.setattr(
            app, "connection_for_write", functools.partial(app.connection_for_write, url=url)
        )
    elif hung == "cache":
        settings.CACHE_URL = url
        settings.CACHES = {"default": redis_cache(url, timeout=settings.REDIS_TIMEOUT)}
    else:
        fake_database(f"postgres://roundtable@127.0.0.1:{silent.port}/roundtable")
    response, took = timed(lambda: client.get("/healthz"))
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks[hung] == "error"
    assert checks["static"] == "ok"  # the others still report for themselves
    assert took < GENEROUS
    assert silent.accepted >= 1  # it really was asked


# --- The cache and the database ----------------------------------------------------


def test_a_hung_cache_answers_as_an_empty_cache_and_is_left_alone_for_a_while(silent, settings):
    url = f"redis://127.0.0.1:{silent.port}/1"
    settings.CACHES = {**settings.CACHES, "hung": redis_cache(url, timeout=settings.REDIS_TIMEOUT)}
    hung = caches["hung"]
    started = time.monotonic()
    assert hung.get("anything", "missing") == "missing"
    assert time.monotonic() - started < GENEROUS
    assert silent.accepted >= 1  # it really was asked
    asked = silent.accepted
    started = time.monotonic()
    hung.set("anything", "kept")
    assert hung.get("anything") is None
    assert hung.add("lock", True) is False  # a rate-limit lock is not taken
    with pytest.raises(ValueError):
        hung.incr("counter")
    assert time.monotonic() - started < 1.0  # not asked again: no second timeout
    assert silent.accepted == asked


def test_a_refused_cache_is_also_an_empty_cache(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"redis://127.0.0.1:{port}/1"
    settings.CACHES = {**settings.CACHES, "down": redis_cache(url, timeout=settings.REDIS_TIMEOUT)}
    assert caches["down"].get_many(["a", "b"]) == {}
    assert caches["down"].has_key("a") is False


@pytest.mark.django_db
def test_pages_are_served_while_the_cache_hangs(silent, client, settings):
    url = f"redis://127.0.0.1:{silent.port}/0"
    settings.CACHE_URL = url
    settings.CACHES = {"default": redis_cache(url, timeout=settings.REDIS_TIMEOUT)}
    for _ in range(3):
        response, took = timed(lambda: client.get("/"))
        assert response.status_code == 200
        assert took < GENEROUS
    assert silent.accepted >= 1


def test_connecting_to_a_hung_database_gives_up(silent, settings, django_db_blocker):
    handler = ConnectionHandler(
        {
            "default": database_from_url(
                f"postgres://roundtable@127.0.0.1:{silent.port}/roundtable",
                connect_timeout=settings.DATABASE_CONNECT_TIMEOUT,
            )
        }
    )
    started = time.monotonic()
    with django_db_blocker.unblock(), pytest.raises(OperationalError):
        handler["default"].ensure_connection()
    assert time.monotonic() - started < GENEROUS
    assert silent.accepted == 1


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_cancels_a_statement_that_runs_past_the_statement_timeout(settings):
    # The server enforces it: a test-lowered limit of one second, the real options.
    handler = ConnectionHandler(
        {
            "default": {
                **connection.settings_dict,
                "OPTIONS": postgres_options(connect_timeout=settings.DATABASE_CONNECT_TIMEOUT),
            }
        }
    )
    limited = handler["default"]
    started = time.monotonic()
    try:
        limit_statements(limited, 1)
        with pytest.raises(OperationalError, match="statement timeout"):
            limited.cursor().execute("SELECT pg_sleep(30)")
    finally:
        limited.close()
    assert time.monotonic() - started < GENEROUS


@pytest.mark.postgres
def test_only_the_web_server_has_a_statement_timeout():
    # gunicorn imports config.wsgi; workers, beat and manage.py (migrate) never do.
    show = (
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('SHOW statement_timeout'); print(c.fetchone()[0])"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": os.environ["DATABASE_URL"],
    }
    web = run_python("-c", f"import config.wsgi; {show}", env=env)
    assert web.returncode == 0, web.stderr
    assert web.stdout.strip() == "20s"
    # A gunicorn.conf.py or entry point that sets Django up, and even queries, first.
    first = run_python(
        "-c", f"import django; django.setup(); {show}; import config.wsgi; {show}", env=env
    )
    assert first.returncode == 0, first.stderr
    assert first.stdout.split() == ["0", "20s"]
    # And a connection a request thread opens later.
    threaded = (
        "import threading, django; django.setup(); import config.wsgi; "
        f"thread = threading.Thread(target=lambda: exec({show!r})); "
        "thread.start(); thread.join()"
    )
    later = run_python("-c", threaded, env=env)
    assert later.returncode == 0, later.stderr
    assert later.stdout.strip() == "20s"
    command = run_python("manage.py", "shell", "--no-imports", "-c", show, env=env)
    assert command.returncode == 0, command.stderr
    assert command.stdout.strip() == "0"


@pytest.mark.django_db
def test_while_the_cache_is_down_sign_in_refuses_at_once_and_reading_goes_on(
    client, settings, monkeypatch
):
    """allauth cannot count attempts without the cache; it would wait a second for its
    lock per post, and a few posts a second would hold every server process."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"redis://127.0.0.1:{port}/0"
    settings.CACHE_URL = url
    settings.CACHES = {"default": redis_cache(url, timeout=settings.REDIS_TIMEOUT)}
    assert caches["default"].get("anything") is None  # found to be down
    locks = []
    monkeypatch.setattr(ratelimit, "cache_lock", lambda key: locks.append(key))
    response = client.post("/accounts/login/", {"login": "a@example.org", "password": "x"})
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "Try again in a minute" in response.content.decode()
    assert locks == []  # refused before allauth's one-second wait for its lock
    assert client.get("/accounts/login/").status_code == 200


@pytest.fixture
def redis_replies(monkeypatch, settings):
    """A cache whose Redis answers every command with the error reply `reply`, parsed
    as redis-py parses the server's replies; `commands` counts what it was asked."""
    from redis._parsers.base import BaseParser

    from config import cache as resilient

    monkeypatch.setattr(resilient, "_down_until", {})
    commands = []

    class Replying:
        def __init__(self, reply: str):
            self.reply = reply

        def __getattr__(self, command: str):
            def answer(*args, **kwargs):
                commands.append(command)
                raise BaseParser.parse_error(self.reply)

            return answer

    def point(reply: str):
        url = f"redis://127.0.0.1:{closed_port()}/1"
        settings.CACHES = {
            **settings.CACHES,
            "replying": redis_cache(url, timeout=settings.REDIS_TIMEOUT),
        }
        replying = caches["replying"]
        monkeypatch.setattr(replying._cache, "get_client", lambda *a, **k: Replying(reply))
        return replying

    point.commands = commands
    return point


@pytest.mark.parametrize(
    "reply",
    [
        "OOM command not allowed when used memory > 'maxmemory'.",
        "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist",
        "READONLY You can't write against a read only replica.",
        "LOADING Redis is loading the dataset in memory",
        "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.",
    ],
)
def test_a_cache_that_replies_it_cannot_serve_is_an_empty_cache_for_a_while(reply, redis_replies):
    replying = redis_replies(reply)
    replying.set("anything", "kept")  # no error page
    assert replying.get("anything", "missing") == "missing"
    assert replying.add("lock", True) is False
    assert redis_replies.commands == ["set"]  # left alone after the first failure


def test_a_cache_error_reply_about_the_command_is_a_bug_and_raised(redis_replies):
    replying = redis_replies("WRONGTYPE Operation against a key holding the wrong kind of value")
    with pytest.raises(redis.exceptions.ResponseError):
        replying.get("anything")
    with pytest.raises(redis.exceptions.ResponseError):
        replying.get("anything")
    assert redis_replies.commands == ["get", "get"]  # not taken for an outage
